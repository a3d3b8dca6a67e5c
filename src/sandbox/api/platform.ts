import * as fs from "fs";
import { Logplex } from "./logplex";
import type { AddonRecord, AppRecord, ReleaseRecord, SandboxState, SlugRecord } from "./records";
import { Renderer } from "./render";
import { ApiError, Store, newId, now } from "./store";
import type { Runtime } from "./runtime";
import { defaultQuantity } from "../../program/heroku-rules";
import { herokuSizeName } from "./catalogue";

/**
 * Heroku's rules that more than one route obeys: a release is a slug plus config, numbered per
 * app; a config change cuts one; a release whose slug declares `release:` stays pending while its
 * release phase runs and becomes current only once it succeeds; the formation holds one entry per
 * process type the current slug declares. What runs a build or a release phase (and, with dynos,
 * the app) is the runtime's; this keeps the records and their order.
 */
export class Platform {
  readonly render: Renderer;
  /** Each app's log lines and log sessions (`heroku logs`). */
  readonly logs = new Logplex();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  /** Whether the API is closing: work that finishes after that records nothing. */
  get isClosed(): boolean {
    return this.closed;
  }

  constructor(
    readonly store: Store,
    readonly runtime: Runtime,
    base: () => string,
  ) {
    this.render = new Renderer(store, base);
    runtime.attach?.(this);
  }

  /** A line of the API's own in the app's log (`app[api]: …`), as Heroku logs what its API did. */
  apiLog(app: AppRecord, text: string): void {
    this.logs.write(app.id, "app", "api", `${text} by user ${this.state.account.email}`);
  }

  get state() {
    return this.store.state;
  }

  /** The records of one collection that belong to the app. */
  ofApp<K extends AppScoped>(collection: K, app: AppRecord): SandboxState[K] {
    const records = this.state[collection] as { appId: string }[];
    return records.filter((record) => record.appId === app.id) as SandboxState[K];
  }

  releasesOf(app: AppRecord): ReleaseRecord[] {
    return this.ofApp("releases", app);
  }

  currentSlug(app: AppRecord): SlugRecord | undefined {
    return this.render.currentSlug(app);
  }

  /**
   * Cuts the app's next release: `slugId` (a deploy, a promotion, a rollback) or the current
   * release's slug (a config change). Its release phase, if its slug has one, runs before it is
   * current; until then the previous release keeps running.
   */
  cutRelease(
    app: AppRecord,
    change: { description: string; slugId?: string | null; config?: Record<string, string> },
  ): ReleaseRecord {
    const previous = this.releasesOf(app).sort((a, b) => b.version - a.version)[0];
    const slugId =
      change.slugId !== undefined ? change.slugId : (this.currentSlug(app)?.id ?? null);
    const stamp = now();
    const release: ReleaseRecord = {
      id: newId(),
      appId: app.id,
      version: (previous?.version ?? 0) + 1,
      description: change.description,
      status: "pending",
      slugId,
      config: { ...(change.config ?? app.config) },
      addonPlanNames: this.ofApp("addons", app).map((addon) => addon.plan),
      log: [],
      createdAt: stamp,
      updatedAt: stamp,
    };
    this.state.releases.push(release);
    this.apiLog(app, `Release v${release.version} created (${release.description})`);
    const slug = this.state.slugs.find((candidate) => candidate.id === slugId);
    if (slug?.processTypes.release === undefined) {
      this.settle(release, "succeeded");
    } else {
      this.runReleasePhase(app, release, slug);
    }
    return release;
  }

  private runReleasePhase(app: AppRecord, release: ReleaseRecord, slug: SlugRecord): void {
    this.later(async () => {
      const ok = await this.runtime.releasePhase({
        app,
        release,
        slug,
        log: (line) => release.log.push(line),
      });
      this.settle(release, ok ? "succeeded" : "failed");
    });
  }

  /** Applies a config change (null removes a key); cuts a release when anything changed. */
  changeConfig(app: AppRecord, changes: Record<string, string | null>, description?: string) {
    const set = Object.entries(changes).filter(
      ([key, value]) => value !== null && app.config[key] !== value,
    );
    const unset = Object.entries(changes).filter(
      ([key, value]) => value === null && key in app.config,
    );
    if (set.length === 0 && unset.length === 0) return;
    for (const [key, value] of set) app.config[key] = value as string;
    for (const [key] of unset) delete app.config[key];
    const names = (entries: [string, unknown][]) => entries.map(([key]) => key).join(", ");
    const said = [
      set.length > 0 ? `Set ${names(set)} config vars` : "",
      unset.length > 0 ? `Remove ${names(unset)} config vars` : "",
    ].filter(Boolean);
    app.updatedAt = now();
    this.cutRelease(app, { description: description ?? said.join(", ") });
  }

  /** A release's outcome; a success makes it current and brings the formation to its slug. */
  private settle(release: ReleaseRecord, status: "succeeded" | "failed") {
    if (this.closed) return; // resumed on the next start
    release.status = status;
    release.updatedAt = now();
    const app = this.state.apps.find((candidate) => candidate.id === release.appId);
    if (app === undefined) return; // deleted while its release phase ran
    if (status === "failed") this.apiLog(app, `Release v${release.version} command failed`);
    if (status === "succeeded") {
      app.releasedAt = release.updatedAt;
      this.syncFormation(app);
    }
    this.store.save();
    this.runtime.released?.(app, release);
  }

  /**
   * One formation entry per process type of the current slug (but `release`), as Heroku keeps it:
   * a new type starts at its default scale (web 1, others 0) on Heroku's default size; a type the
   * slug no longer declares leaves the formation.
   */
  private syncFormation(app: AppRecord) {
    const types = this.currentSlug(app)?.processTypes ?? {};
    const stamp = now();
    for (const [type, command] of Object.entries(types)) {
      if (type === "release") continue;
      const entry = this.state.formation.find((f) => f.appId === app.id && f.type === type);
      if (entry !== undefined) {
        entry.command = command;
        continue;
      }
      this.state.formation.push({
        id: newId(),
        appId: app.id,
        type,
        quantity: defaultQuantity(type),
        size: herokuSizeName("basic"),
        command,
        createdAt: stamp,
        updatedAt: stamp,
      });
    }
    this.store.remove("formation", (f) => f.appId === app.id && !(f.type in types));
  }

  /**
   * `heroku apps:destroy`: the app and everything scoped to it (releases, builds, formation,
   * coupling, domains, drains, features, add-ons). Its slugs go too, unless another app released
   * one (a promotion): that app keeps running it.
   */
  deleteApp(app: AppRecord): void {
    const ofApp = (record: { appId: string }) => record.appId === app.id;
    this.store.remove("apps", (candidate) => candidate.id === app.id);
    for (const collection of [
      "releases",
      "builds",
      "formation",
      "couplings",
      "domains",
      "drains",
      "features",
      "addons",
    ] as const) {
      this.store.remove(collection, ofApp);
    }
    const stillReleased = new Set(this.state.releases.map((release) => release.slugId));
    const gone = (slug: SlugRecord) => slug.appId === app.id && !stillReleased.has(slug.id);
    for (const slug of this.state.slugs.filter(gone)) {
      fs.rmSync(this.store.blobPath(`slug-${slug.id}`), { recursive: true, force: true });
    }
    this.store.remove("slugs", gone);
    this.runtime.deleted?.(app);
    this.logs.forget(app.id);
  }

  /** A loopback port for an app's router, none other app has (Heroku's web_url, here). */
  allocateWebPort(): number {
    const taken = new Set(this.state.apps.map((app) => app.webPort));
    for (;;) {
      const port = 20000 + Math.floor(Math.random() * 20000);
      if (!taken.has(port)) return port;
    }
  }

  /** Runs work after the current request, unless the API is closing; its failure is logged. */
  later(work: () => Promise<void>, delayMs = 0): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work().catch((error: unknown) => {
        process.stderr.write(`sandbox api: ${(error as Error).stack ?? String(error)}\n`);
      });
    }, delayMs);
    this.timers.add(timer);
  }

  /** Provisions an add-on after the request (a real database, or a stand-in URL); its vars set as a release. */
  provisionAddon(app: AppRecord, addon: AddonRecord): void {
    this.later(async () => {
      let values: Record<string, string>;
      try {
        values = await this.runtime.provision(app, addon);
      } catch (error) {
        // Heroku's word for an add-on that could not be made; the provider reports it as failed.
        if (this.closed || !this.state.addons.includes(addon)) return;
        addon.state = "deprovisioned";
        addon.updatedAt = now();
        this.store.save();
        const why = `${addon.name} (${addon.plan}) could not be provisioned: ${(error as Error).message}`;
        this.apiLog(app, `Add-on ${why}`);
        process.stderr.write(`sandbox api: ${app.name}: ${why}\n`);
        return;
      }
      if (this.closed || !this.state.addons.includes(addon)) return; // stopped, or destroyed meanwhile
      addon.state = "provisioned";
      addon.updatedAt = now();
      this.changeConfig(app, values, `Attach ${attachmentName(addon)} (@ref:${addon.name})`);
      this.store.save();
    });
  }

  /**
   * After a restart, work that was under way when the API stopped is done again: a build still
   * pending is failed (its source stays: build again), a release phase runs again, an add-on
   * still provisioning is provisioned.
   */
  resume(): void {
    for (const build of this.state.builds.filter((candidate) => candidate.status === "pending")) {
      build.log.push("-----> Build interrupted: the sandbox's API stopped while it ran");
      build.status = "failed";
      build.updatedAt = now();
    }
    for (const release of this.state.releases.filter(
      (candidate) => candidate.status === "pending",
    )) {
      const app = this.state.apps.find((candidate) => candidate.id === release.appId);
      const slug = this.state.slugs.find((candidate) => candidate.id === release.slugId);
      if (app === undefined || slug === undefined) continue;
      this.runReleasePhase(app, release, slug);
    }
    for (const addon of this.state.addons.filter(
      (candidate) => candidate.state === "provisioning",
    )) {
      const app = this.state.apps.find((candidate) => candidate.id === addon.appId);
      if (app !== undefined) this.provisionAddon(app, addon);
    }
    this.store.save();
    this.runtime.resumed?.(this.state);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

export function requireFound<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new ApiError(404, "not_found", `Couldn't find that ${what}.`);
  return value;
}

/** The collections whose records belong to one app. */
type AppScoped = {
  [K in keyof SandboxState]: SandboxState[K] extends { appId: string }[] ? K : never;
}[keyof SandboxState];

/** `DATABASE` for DATABASE_URL: the attachment's name, as `heroku addons` shows it. */
export function attachmentName(addon: AddonRecord): string {
  return (addon.configVars[0] ?? addon.service.toUpperCase()).replace(/_URL$/, "");
}
