import * as pulumi from "@pulumi/pulumi";
import * as heroku from "@pulumiverse/heroku";
import type { ImportIds } from "./config/imports";
import { domainResourceSuffix, isDataAddon } from "./heroku-rules";
import { importOptions } from "./import-ids";

/** Per-stack extras, each optional: add-ons, custom domains, log drains and app features. */
export interface ExtrasArgs {
  /** Keyed by a short name (`database`); the plan is `service:plan`; `name` keeps an existing add-on's. */
  addons: Record<string, { plan: pulumi.Input<string>; name?: string }>;
  /** Custom domains; any domain turns on Automated Certificate Management on the app. */
  domains: readonly string[];
  /** Log drain URLs, keyed by a short name; always treated as secrets (they often carry a token). */
  drains: Record<string, pulumi.Input<string>>;
  /** App features (`heroku features`), e.g. preboot, runtime-dyno-metadata. */
  features: Record<string, boolean>;
  protect: boolean;
  /** Ids of existing resources to adopt instead of creating (`npm run adopt`). */
  import?: ImportIds;
}

/** Creates the extras as children of `parent`; returns those the first release should wait for. */
export function attachExtras(
  name: string,
  app: heroku.app.App,
  args: ExtrasArgs,
  parent: pulumi.Resource,
): { beforeRelease: pulumi.Resource[] } {
  const imports = args.import ?? {};
  const addons = Object.entries(args.addons).map(([key, { plan, name: addonName }]) => {
    // A data add-on (a database) that hurts to lose stays in the account even if the stack lets go of it.
    const keepData = args.protect && typeof plan === "string" && isDataAddon(plan);
    return new heroku.addon.Addon(
      `${name}-addon-${key}`,
      { appId: app.id, plan, name: addonName },
      {
        parent,
        protect: keepData,
        retainOnDelete: keepData,
        ...importOptions(imports.addons?.[key]),
      },
    );
  });

  for (const hostname of args.domains) {
    // A replaced domain gets a new DNS target: protected where an outage would follow.
    new heroku.domain.Domain(
      `${name}-domain-${domainResourceSuffix(hostname)}`,
      { appId: app.id, hostname },
      { parent, protect: args.protect, ...importOptions(imports.domains?.[hostname]) },
    );
  }

  for (const [key, url] of Object.entries(args.drains)) {
    new heroku.drain.Drain(
      `${name}-drain-${key}`,
      { appId: app.id, sensitiveUrl: pulumi.secret(url) },
      { parent, ...importOptions(imports.drains?.[key]) },
    );
  }

  const features = Object.entries(args.features).map(
    ([feature, enabled]) =>
      new heroku.app.Feature(
        `${name}-feature-${feature}`,
        { appId: app.id, name: feature, enabled },
        { parent, ...importOptions(imports.features?.[feature]) },
      ),
  );

  return { beforeRelease: [...addons, ...features] };
}
