import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as heroku from "@pulumiverse/heroku";
import type { FormationEntry } from "./config/parse";
import { acmOnceInPlace, appPlacement, attachExtras } from "./extras";
import type { ExtrasArgs } from "./extras";
import { importOptions } from "./import-ids";
import { lifecycleOptions } from "./lifecycle";
import { TYPE } from "./types";
import {
  APP_NAME_SUFFIX_LENGTH,
  SESSION_SECRET_LENGTH,
  formationSummary,
  type Stage,
} from "./heroku-rules";
import { waitForReleasePhase } from "./release-wait";
import { UpstreamStacks } from "./upstream";

/** Where the released code came from, as the stack outputs tell it. */
export type ReleaseOrigin =
  | { mode: "build"; bundleChecksum: string; buildId: string }
  | { mode: "promote"; fromStack: string; slugId: string }
  | { mode: "slug"; slugId: string };

/** Where the release's slug comes from: a fresh build of app/, another stack's slug, or a pinned one. */
export type ReleaseSource =
  | {
      kind: "build";
      bundle: {
        path: string;
        checksum: string;
        withheld?: readonly string[];
        untracked?: readonly string[];
      };
    }
  | { kind: "promote"; fromStack: string }
  | { kind: "slug"; slugId: string; description?: string };

export interface HerokuEnvironmentArgs extends ExtrasArgs {
  /** A fixed app name; when unset, `<namePrefix>-<random suffix>`, kept in state across `up`s. */
  appName?: pulumi.Input<string>;
  namePrefix: string;
  region: pulumi.Input<string>;
  team?: pulumi.Input<string>;
  /** The Heroku stack (OS image), e.g. heroku-24. */
  herokuStack: pulumi.Input<string>;
  stage: Stage;
  /** Protects the app (and what hurts to lose) from deletion and replacement. */
  protect: boolean;
  configVars: Record<string, pulumi.Input<string>>;
  /** Secret config vars; SESSION_SECRET is generated and added. */
  sensitiveVars: Record<string, pulumi.Input<string>>;
  formation: readonly FormationEntry[];
  source: ReleaseSource;
  /** The stack owning the Heroku pipeline, for stages other than staging. */
  pipelineStack: string;
}

/**
 * One Heroku environment: the app, its config vars, the release of its code (build or
 * promotion), its pipeline coupling, its dyno formation and its extras — the `heroku create`,
 * `config:set`, `git push`, `pipelines:promote` and `ps:scale` of one stack.
 */
export class HerokuEnvironment extends pulumi.ComponentResource {
  readonly app: heroku.app.App;
  readonly appName: pulumi.Output<string>;
  readonly appId: pulumi.Output<string>;
  readonly webUrl: pulumi.Output<string>;
  readonly slugId: pulumi.Output<string>;
  readonly releaseId: pulumi.Output<string>;
  readonly pipelineId: pulumi.Output<string>;
  /** Where the app lives (region, team): ACM waits for a deploy that finds it there already. */
  readonly appPlacement: pulumi.Output<string>;
  /** Where the released code came from, for the stack outputs. */
  readonly origin: pulumi.Output<ReleaseOrigin>;
  readonly formationSummary: string;
  readonly configVarNames: string[];
  readonly sensitiveVarNames: string[];

  constructor(name: string, args: HerokuEnvironmentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("heroku-app:index:HerokuEnvironment", name, {}, opts);
    const upstream = new UpstreamStacks(name, this);

    const appName =
      args.appName ??
      new random.RandomString(
        `${name}-name-suffix`,
        { length: APP_NAME_SUFFIX_LENGTH, special: false, upper: false },
        { parent: this },
      ).result.apply((suffix) => `${args.namePrefix}-${suffix}`);

    this.appPlacement = appPlacement(args.region, args.team);
    this.app = new heroku.app.App(
      `${name}-app`,
      {
        name: appName,
        region: args.region,
        stack: args.herokuStack,
        organization: args.team === undefined ? undefined : { name: args.team },
        buildpacks: ["heroku/nodejs"],
        // Config vars go on the ConfigAssociation only: setting them on both never stops diffing.
        acm: acmOnceInPlace(args.domains, this.appPlacement, upstream, args.import?.app),
      },
      { parent: this, protect: args.protect, ...importOptions(args.import?.app) },
    );

    const sessionSecret = new random.RandomPassword(
      `${name}-session-secret`,
      { length: SESSION_SECRET_LENGTH, special: false },
      { parent: this },
    );
    const sensitiveVars = { ...args.sensitiveVars, SESSION_SECRET: sessionSecret.result };
    // The provider can't import config vars: the first `up` after an adoption writes these.
    const config = new heroku.app.ConfigAssociation(
      `${name}-config`,
      { appId: this.app.id, vars: args.configVars, sensitiveVars: pulumi.secret(sensitiveVars) },
      // Replaced with the app (an update would write nothing to a new app); gone with it.
      { parent: this, ...lifecycleOptions(TYPE.config, this.app) },
    );

    const extras = attachExtras(name, this.app, args, this);
    // The first release should boot with its config, add-ons and features already in place.
    const releaseDependsOn = [config, ...extras.beforeRelease];
    const release = this.release(
      name,
      args.source,
      upstream,
      releaseDependsOn,
      args.import?.release,
    );

    // Heroku rejects scaling a process type no release has declared yet, hence the dependency;
    // a build's release may still be in its release phase when the build returns: retried then.
    const hooks = args.source.kind === "build" ? { onError: [waitForReleasePhase()] } : undefined;
    // A new app's first release runs one web dyno at Heroku's default size (Basic), and Heroku
    // refuses an app that mixes Eco or Basic with other tiers: scaling another type to Standard
    // beside it fails. So web is scaled first, the other types after it.
    let web: heroku.formation.Formation | undefined;
    for (const { type, quantity, size } of args.formation) {
      const formation = new heroku.formation.Formation(
        `${name}-formation-${type}`,
        { appId: this.app.id, type, quantity, size },
        {
          parent: this,
          dependsOn: [release.resource, ...(web === undefined ? [] : [web])],
          hooks,
          ...lifecycleOptions(TYPE.formation, this.app),
          ...importOptions(args.import?.formation?.[type]),
        },
      );
      if (type === "web") web = formation;
    }

    this.pipelineId =
      args.stage === "staging"
        ? new heroku.pipeline.Pipeline(
            `${name}-pipeline`,
            { name: pulumi.getProject() },
            // Kept on delete: destroying or replacing staging leaves the other stacks coupled to it.
            {
              parent: this,
              ...lifecycleOptions(TYPE.pipeline),
              ...importOptions(args.import?.pipeline),
            },
          ).id
        : upstream.output(args.pipelineStack, "pipelineId");
    new heroku.pipeline.Coupling(
      `${name}-coupling`,
      { appId: this.app.id, pipeline: this.pipelineId, stage: args.stage },
      // An app belongs to one pipeline: a new stage or pipeline takes it out first.
      {
        parent: this,
        ...lifecycleOptions(TYPE.coupling, this.app),
        ...importOptions(args.import?.coupling),
      },
    );

    this.appName = this.app.name;
    this.appId = this.app.id.apply(String);
    this.webUrl = this.app.webUrl;
    this.slugId = release.slugId;
    this.releaseId = release.releaseId;
    this.origin = release.origin;
    this.formationSummary = formationSummary(args.formation);
    this.configVarNames = Object.keys(args.configVars).sort();
    this.sensitiveVarNames = Object.keys(sensitiveVars).sort();
    this.registerOutputs({
      appName: this.appName,
      appId: this.appId,
      webUrl: this.webUrl,
      slugId: this.slugId,
      releaseId: this.releaseId,
      pipelineId: this.pipelineId,
      appPlacement: this.appPlacement,
    });
  }

  /** A build of app/ releases itself; a promotion or a pinned slug is released with app.Release. */
  private release(
    name: string,
    source: ReleaseSource,
    upstream: UpstreamStacks,
    dependsOn: pulumi.Resource[],
    importId: string | undefined,
  ) {
    const opts = { parent: this, dependsOn };
    if (source.kind === "build") {
      warnLeftOut(source.bundle.withheld ?? [], source.bundle.untracked ?? [], this);
      // `version` is the bundle's content hash: unrelated commits don't rebuild, any app change does.
      const build = new heroku.build.Build(
        `${name}-build`,
        {
          appId: this.app.id,
          source: { path: source.bundle.path, version: source.bundle.checksum },
        },
        opts,
      );
      return {
        resource: build as pulumi.Resource,
        slugId: build.slugId,
        releaseId: build.releaseId,
        origin: build.id.apply((buildId): ReleaseOrigin => ({
          mode: "build",
          bundleChecksum: source.bundle.checksum,
          buildId,
        })),
      };
    }
    const slugId =
      source.kind === "promote"
        ? upstream.output(source.fromStack, "slugId")
        : pulumi.output(source.slugId);
    const description =
      source.kind === "promote"
        ? `Promote ${source.fromStack}'s slug`
        : (source.description ?? `Release pinned slug ${source.slugId}`);
    // Replaced, never updated: the provider refuses a new description on an existing release.
    const release = new heroku.app.Release(
      `${name}-release`,
      { appId: this.app.id, slugId, description },
      { ...opts, ...lifecycleOptions(TYPE.release), ...importOptions(importId) },
    );
    return {
      resource: release as pulumi.Resource,
      slugId: release.slugId,
      releaseId: release.id.apply(String),
      origin: release.slugId.apply((released): ReleaseOrigin =>
        source.kind === "promote"
          ? { mode: "promote", fromStack: source.fromStack, slugId: released }
          : { mode: "slug", slugId: released },
      ),
    };
  }
}

/** Files of app/ the build leaves out that a user might expect in it: said, never silent. */
function warnLeftOut(
  withheld: readonly string[],
  untracked: readonly string[],
  resource: pulumi.Resource,
): void {
  const shown = (files: readonly string[]) => files.map((file) => `app/${file}`).join(", ");
  if (withheld.length > 0) {
    pulumi.log.warn(
      `left out of the bundle of app/ whatever .gitignore says, since such files carry credentials or logs: ${shown(withheld)}; give the app what it needs as config vars`,
      resource,
    );
  }
  if (untracked.length > 0) {
    pulumi.log.warn(
      `left out of the bundle of app/, as \`git push heroku\` would leave them: files git doesn't track: ${shown(untracked)}; \`git add\` them to deploy them`,
      resource,
    );
  }
}
