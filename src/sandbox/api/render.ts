import { stableId } from "./store";
import type { Store } from "./store";
import type {
  AddonRecord,
  AppRecord,
  BuildRecord,
  CouplingRecord,
  DomainRecord,
  DrainRecord,
  FeatureRecord,
  FormationRecord,
  PipelineRecord,
  ReleaseRecord,
  SlugRecord,
} from "./records";
import { FEATURES, REGIONS, STACKS, addonServiceId, planId } from "./catalogue";
import type { LogSession } from "./logplex";
import type { DynoView } from "./runtime";

/**
 * The JSON the Platform API answers with, rendered from the sandbox's records with every property
 * the hyper-schema lists (the server checks each answer against it). URLs that Heroku would serve
 * from other hosts (blob storage, build output, the app's router) point at the sandbox's own
 * loopback addresses: `base` is the API's.
 */
export class Renderer {
  constructor(
    private readonly store: Store,
    private readonly base: () => string,
  ) {}

  private get account() {
    return this.store.state.account;
  }

  private user() {
    return { id: this.account.id, email: this.account.email };
  }

  app(app: AppRecord) {
    const stack = { id: STACKS[app.stack] ?? stableId(`stack:${app.stack}`), name: app.stack };
    const team = app.team === null ? null : { id: stableId(`team:${app.team}`), name: app.team };
    return {
      acm: app.acm,
      archived_at: null,
      buildpack_provided_description: app.buildpacks.length > 0 ? "Node.js" : null,
      build_stack: stack,
      created_at: app.createdAt,
      git_url: `https://git.heroku.com/${app.name}.git`,
      id: app.id,
      internal_routing: null,
      maintenance: app.maintenance,
      name: app.name,
      owner: this.user(),
      organization: team,
      team,
      region: { id: REGIONS[app.region], name: app.region },
      released_at: app.releasedAt,
      repo_size: null,
      slug_size: this.currentSlug(app)?.size ?? null,
      space: null,
      stack,
      updated_at: app.updatedAt,
      web_url: this.webUrl(app),
    };
  }

  teamApp(app: AppRecord) {
    return { ...this.app(app), joined: false, locked: app.locked };
  }

  webUrl(app: AppRecord): string {
    return `http://127.0.0.1:${app.webPort}/`;
  }

  account_() {
    return {
      allow_tracking: false,
      beta: false,
      created_at: "2024-01-01T00:00:00Z",
      email: this.account.email,
      federated: false,
      id: this.account.id,
      identity_provider: null,
      last_login: null,
      name: "Sandbox",
      sms_number: null,
      suspended_at: null,
      delinquent_at: null,
      two_factor_authentication: false,
      updated_at: "2024-01-01T00:00:00Z",
      verified: true,
      country_of_residence: null,
      default_organization: null,
      default_team: null,
    };
  }

  release(release: ReleaseRecord) {
    const app = this.store.app(release.appId);
    return {
      addon_plan_names: release.addonPlanNames,
      app: { id: app.id, name: app.name },
      created_at: release.createdAt,
      description: release.description,
      id: release.id,
      updated_at: release.updatedAt,
      slug: release.slugId === null ? null : { id: release.slugId },
      status: release.status,
      user: this.user(),
      version: release.version,
      current: this.currentRelease(app)?.id === release.id,
      output_stream_url:
        release.log.length > 0 ? `${this.base()}/sandbox/streams/releases/${release.id}` : null,
      // Not in the schema; Heroku answers it and `heroku releases:rollback` picks by it.
      eligible_for_rollback: release.slugId !== null && release.status === "succeeded",
    };
  }

  build(build: BuildRecord) {
    return {
      app: { id: build.appId },
      buildpacks: build.buildpacks.map((url) => ({ url, name: url })),
      created_at: build.createdAt,
      id: build.id,
      output_stream_url: `${this.base()}/sandbox/streams/builds/${build.id}`,
      source_blob: { checksum: build.checksum, url: build.sourceUrl, version: build.version },
      release: build.releaseId === null ? null : { id: build.releaseId },
      slug: build.slugId === null ? null : { id: build.slugId },
      stack: build.stack,
      status: build.status,
      updated_at: build.updatedAt,
      user: this.user(),
    };
  }

  slug(slug: SlugRecord) {
    return {
      blob: { method: "get", url: `${this.base()}/sandbox/blobs/slug-${slug.id}.tgz` },
      buildpack_provided_description: slug.buildpackDescription,
      checksum: slug.checksum,
      commit: slug.commit,
      commit_description: null,
      created_at: slug.createdAt,
      id: slug.id,
      process_types: slug.processTypes,
      size: slug.size,
      stack: { id: STACKS[slug.stack] ?? stableId(`stack:${slug.stack}`), name: slug.stack },
      updated_at: slug.updatedAt,
    };
  }

  source(id: string) {
    const url = `${this.base()}/sandbox/blobs/source-${id}.tgz`;
    return { source_blob: { get_url: url, put_url: url } };
  }

  formation(formation: FormationRecord) {
    const app = this.store.app(formation.appId);
    return {
      app: { id: app.id, name: app.name },
      command: formation.command,
      created_at: formation.createdAt,
      id: formation.id,
      quantity: formation.quantity,
      size: formation.size,
      type: formation.type,
      updated_at: formation.updatedAt,
    };
  }

  pipeline(pipeline: PipelineRecord) {
    return {
      created_at: pipeline.createdAt,
      id: pipeline.id,
      name: pipeline.name,
      owner: { id: pipeline.ownerId, type: pipeline.ownerType },
      updated_at: pipeline.updatedAt,
    };
  }

  /**
   * The schema lists only the ids of its app and pipeline; Heroku answers with their names too,
   * which the Heroku CLI shows (`apps:info`'s "Pipeline: <name> - <stage>", `pipelines:promote`)
   * and `npm run adopt` reads.
   */
  coupling(coupling: CouplingRecord) {
    const app = this.store.app(coupling.appId);
    const pipeline = this.store.state.pipelines.find((p) => p.id === coupling.pipelineId);
    return {
      app: { id: app.id, name: app.name },
      created_at: coupling.createdAt,
      id: coupling.id,
      pipeline: { id: coupling.pipelineId, name: pipeline?.name ?? null },
      stage: coupling.stage,
      updated_at: coupling.updatedAt,
    };
  }

  addon(addon: AddonRecord) {
    const app = this.store.app(addon.appId);
    return {
      actions: [],
      addon_service: { id: addonServiceId(addon.service), name: addon.service },
      billing_entity: { id: app.id, name: app.name, type: "app" },
      app: { id: app.id, name: app.name },
      billed_price: { cents: 0, contract: false, unit: "month" }, // the sandbox bills nothing
      config_vars: addon.configVars,
      created_at: addon.createdAt,
      id: addon.id,
      name: addon.name,
      // `price` is not in the schema; `heroku addons` reads it. The sandbox bills nothing.
      plan: {
        id: planId(addon.plan),
        name: addon.plan,
        price: { cents: 0, contract: false, unit: "month" },
      },
      provider_id: addon.id,
      state: addon.state,
      updated_at: addon.updatedAt,
      web_url: null,
    };
  }

  domain(domain: DomainRecord) {
    const app = this.store.app(domain.appId);
    return {
      acm_status: app.acm ? "cert issued" : null,
      acm_status_reason: null,
      app: { id: app.id, name: app.name },
      cname: domain.cname,
      created_at: domain.createdAt,
      hostname: domain.hostname,
      id: domain.id,
      kind: "custom",
      updated_at: domain.updatedAt,
      status: "succeeded",
      sni_endpoint: null,
    };
  }

  drain(drain: DrainRecord) {
    return {
      addon: null,
      created_at: drain.createdAt,
      id: drain.id,
      token: drain.token,
      updated_at: drain.updatedAt,
      url: drain.url,
    };
  }

  feature(feature: FeatureRecord) {
    const known = FEATURES[feature.name];
    return {
      created_at: feature.createdAt,
      description: known.description,
      doc_url: known.docUrl,
      enabled: feature.enabled,
      id: feature.id,
      name: feature.name,
      state: known.state,
      updated_at: feature.updatedAt,
      display_name: known.displayName,
      feedback_email: "",
    };
  }

  buildpackInstallations(app: AppRecord) {
    return app.buildpacks.map((buildpack, ordinal) => ({
      ordinal,
      buildpack: { url: buildpack, name: buildpack },
    }));
  }

  /** An add-on's one attachment, to its own app, under its config var's name (`DATABASE`). */
  attachment(addon: AddonRecord, name: string) {
    const app = this.store.app(addon.appId);
    return {
      addon: { id: addon.id, name: addon.name, app: { id: app.id, name: app.name } },
      app: { id: app.id, name: app.name },
      created_at: addon.createdAt,
      id: stableId(`attachment:${addon.id}`),
      name,
      namespace: null,
      updated_at: addon.updatedAt,
      web_url: null,
      log_input_url: null,
    };
  }

  /** The app's owner, the one collaborator a personal sandbox app has. */
  owner(app: AppRecord) {
    return {
      app: { id: app.id, name: app.name },
      created_at: app.createdAt,
      id: stableId(`collaborator:${app.id}`),
      permissions: [],
      role: "owner",
      updated_at: app.updatedAt,
      user: { email: this.account.email, federated: false, id: this.account.id },
    };
  }

  dyno(app: AppRecord, dyno: DynoView) {
    return {
      attach_url: null,
      command: dyno.command,
      created_at: dyno.createdAt,
      id: dyno.id,
      name: dyno.name,
      release: { id: dyno.releaseId, version: dyno.releaseVersion },
      app: { id: app.id, name: app.name },
      size: dyno.size,
      state: dyno.state,
      type: dyno.type,
      updated_at: dyno.updatedAt,
    };
  }

  logSession(session: LogSession) {
    return {
      created_at: session.createdAt,
      id: session.id,
      logplex_url: `${this.base()}/sandbox/log-sessions/${session.id}`,
      updated_at: session.createdAt,
    };
  }

  /** The newest release that succeeded: what runs. */
  currentRelease(app: AppRecord): ReleaseRecord | undefined {
    return this.store.state.releases
      .filter((release) => release.appId === app.id && release.status === "succeeded")
      .sort((a, b) => b.version - a.version)[0];
  }

  currentSlug(app: AppRecord): SlugRecord | undefined {
    const slugId = this.currentRelease(app)?.slugId;
    return this.store.state.slugs.find((slug) => slug.id === slugId);
  }
}
