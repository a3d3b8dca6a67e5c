import * as pulumi from "@pulumi/pulumi";
import * as heroku from "@pulumiverse/heroku";
import type { ImportIds } from "./config/imports";
import { domainResourceSuffix, isDataAddon } from "./heroku-rules";
import { importOptions } from "./import-ids";
import { lifecycleOptions } from "./lifecycle";
import { TYPE } from "./types";
import type { UpstreamStacks } from "./upstream";

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
        ...lifecycleOptions(TYPE.addon, app),
        ...importOptions(imports.addons?.[key]),
      },
    );
  });

  for (const hostname of args.domains) {
    // A replaced domain gets a new DNS target: protected where an outage would follow. A
    // hostname is unique across Heroku, so a replacement removes the old one first.
    new heroku.domain.Domain(
      `${name}-domain-${domainResourceSuffix(hostname)}`,
      { appId: app.id, hostname },
      {
        parent,
        protect: args.protect,
        ...lifecycleOptions(TYPE.domain, app),
        ...importOptions(imports.domains?.[hostname]),
      },
    );
  }

  for (const [key, url] of Object.entries(args.drains)) {
    new heroku.drain.Drain(
      `${name}-drain-${key}`,
      { appId: app.id, sensitiveUrl: pulumi.secret(url) },
      { parent, ...lifecycleOptions(TYPE.drain, app), ...importOptions(imports.drains?.[key]) },
    );
  }

  const features = Object.entries(args.features).map(
    ([feature, enabled]) =>
      new heroku.app.Feature(
        `${name}-feature-${feature}`,
        { appId: app.id, name: feature, enabled },
        {
          parent,
          ...lifecycleOptions(TYPE.feature, app),
          ...importOptions(imports.features?.[feature]),
        },
      ),
  );

  return { beforeRelease: [...addons, ...features] };
}

/** `us`, or `eu, team acme`: where a new app is created (its ForceNew placement). */
export function appPlacement(
  region: pulumi.Input<string>,
  team: pulumi.Input<string> | undefined,
): pulumi.Output<string> {
  return pulumi
    .all([region, team])
    .apply(([where, owner]) => (owner === undefined ? where : `${where}, team ${owner}`));
}

/**
 * ACM (certificates for the custom domains) is turned on once the app exists where it is
 * configured: the provider enables it right after creating the app, and Heroku refuses ACM on an
 * app that has no paid dynos yet (LIFECYCLE.md §1, performAppPostCreateTasks). So a deploy that
 * creates the app (or moves it to another region or team: a new app) leaves ACM off and says so;
 * the next one, finding the app in place in this stack's last outputs, turns it on. A stack last
 * deployed before `appPlacement` was an output has an app already: ACM stays as it was, on. So
 * does an app being imported (adopted): it exists, and turning ACM off would drop its certificates.
 */
export function acmOnceInPlace(
  domains: readonly string[],
  placement: pulumi.Output<string>,
  upstream: UpstreamStacks,
  importedAppId?: string,
): pulumi.Output<boolean> | boolean {
  if (domains.length === 0) return false;
  if (importedAppId !== undefined) return true;
  const previous = [upstream.previous("appPlacement"), upstream.previous("appId")] as const;
  return pulumi.all([...previous, placement]).apply(([was, appId, now]) => {
    const ready = was === undefined ? appId !== undefined : was === now;
    if (!ready) {
      pulumi.log.warn(
        `Pulumi.${pulumi.getStack()}.yaml: heroku-app:domains: ACM (TLS for the custom domains) is turned on by the next \`pulumi up\`: ` +
          "Heroku refuses it on an app that has no dynos yet, and this deploy creates the app",
      );
    }
    return ready;
  });
}
