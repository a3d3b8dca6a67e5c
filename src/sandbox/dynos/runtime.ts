import * as fs from "fs";
import { POSTGRES_SERVICE } from "../../local/services";
import { GRACE_MS, signalGroup } from "../../local/supervisor";
import type { DynoProcess } from "../../local/supervisor";
import { startWatchdog } from "../../local/watchdog";
import type { Watchdog } from "../../local/watchdog";
import type { Platform } from "../api/platform";
import type { AddonRecord, AppRecord, ReleaseRecord, SandboxState } from "../api/records";
import { standInVars } from "../api/runtime";
import type { Runtime } from "../api/runtime";
import { buildNodeSlug } from "./buildpack";
import { Databases } from "./databases";
import type { DynoSpec } from "./dyno";
import { dynoEnvironment } from "./environment";
import { Formation } from "./formation";
import { runReleasePhase } from "./release-phase";
import type { FormationTimings } from "./formation";
import { ROUTER_TIMINGS, Router } from "./router";
import type { RouterTimings } from "./router";

/**
 * The runtime that runs what the sandbox's API releases, as Heroku would: builds with the Node.js
 * buildpack's steps (buildpack.ts), the release phase as a one-off dyno, the formation of each
 * app's current release (formation.ts, dyno.ts) behind a router on its `web_url` (router.ts), a
 * real PostgreSQL per heroku-postgresql add-on (databases.ts), every line in the app's log. The
 * API's records say what should run; this makes it so after each change (a release, a scale, a
 * deletion) and when the API starts again on its saved state. A watchdog (src/local/watchdog.ts)
 * stops the dynos and databases if the API process dies without the chance to.
 */

export interface DynoRuntimeOptions {
  /** The API's directory: the databases live under it. */
  dir: string;
  /** Heroku's timings unless said (tests shorten the crash cool-off and the grace). */
  timings?: Partial<FormationTimings & RouterTimings>;
}

export const HEROKU_TIMINGS: FormationTimings & RouterTimings = {
  bootTimeoutMs: 60_000,
  graceMs: GRACE_MS,
  crashBackoffMs: 20_000,
  maxCrashBackoffMs: 20 * 60_000,
  ...ROUTER_TIMINGS,
};

export class DynoRuntime implements Runtime {
  private platform!: Platform;
  private readonly timings: FormationTimings & RouterTimings;
  private readonly watchdog: Watchdog;
  private readonly formation: Formation;
  private readonly databases: Databases;
  private readonly routers = new Map<string, Router>();
  private readonly oneOffs = new Set<DynoProcess>();
  private closed = false;

  constructor(options: DynoRuntimeOptions) {
    this.timings = { ...HEROKU_TIMINGS, ...options.timings };
    this.watchdog = startWatchdog(this.timings.graceMs);
    this.formation = new Formation(this.timings, {
      log: (appId, source, dyno, text) => this.platform.logs.write(appId, source, dyno, text),
      changed: () => undefined, // the router asks the formation on every request
      watchdog: this.watchdog,
    });
    this.databases = new Databases(options.dir, {
      log: (appId, line) => this.platform.logs.write(appId, "app", "heroku-postgres", line),
      watchdog: this.watchdog,
    });
  }

  attach(platform: Platform): void {
    this.platform = platform;
  }

  build(input: Parameters<Runtime["build"]>[0]) {
    const { app } = input;
    return buildNodeSlug({ ...input, config: app.config, stack: app.stack });
  }

  /** The release phase: a one-off dyno `release.NNNN` from the release's slug, with its config. */
  async releasePhase(input: Parameters<Runtime["releasePhase"]>[0]): Promise<boolean> {
    const { app, slug } = input;
    const slugDir = this.platform.store.blobPath(`slug-${slug.id}`);
    const phase = runReleasePhase({
      ...input,
      slugDir,
      metadata: this.metadata(app),
      watchdog: this.watchdog,
      appLog: (source, dyno, text) => this.platform.logs.write(app.id, source, dyno, text),
    });
    this.oneOffs.add(phase.process);
    try {
      return await phase.ok;
    } finally {
      this.oneOffs.delete(phase.process);
    }
  }

  released(app: AppRecord, release: ReleaseRecord): void {
    if (release.status === "succeeded") this.sync(app);
  }

  scaled(app: AppRecord): void {
    this.sync(app);
  }

  async provision(app: AppRecord, addon: AddonRecord): Promise<Record<string, string>> {
    if (addon.service !== POSTGRES_SERVICE) return standInVars(addon);
    const url = await this.databases.provision(app.id, addon.id);
    return Object.fromEntries(addon.configVars.map((name) => [name, url]));
  }

  deprovision(_app: AppRecord, addon: AddonRecord): void {
    void this.databases.drop(addon.id);
  }

  deleted(app: AppRecord): void {
    void this.formation.stopApp(app.id);
    void this.routers.get(app.id)?.close();
    this.routers.delete(app.id);
    void this.databases.dropApp(app.id);
  }

  /** The API started on its saved state: its databases first, then each app's formation. */
  resumed(state: SandboxState): void {
    const addons = new Set(
      state.addons.filter((addon) => addon.service === POSTGRES_SERVICE).map((addon) => addon.id),
    );
    void this.databases.resume(addons).then(
      (moved) => {
        for (const { addonId, url } of moved) {
          const addon = state.addons.find((candidate) => candidate.id === addonId);
          const app = state.apps.find((candidate) => candidate.id === addon?.appId);
          if (addon === undefined || app === undefined) continue;
          const vars = Object.fromEntries(addon.configVars.map((name) => [name, url]));
          this.platform.changeConfig(
            app,
            vars,
            `Update ${addon.configVars.join(", ")} by ${addon.service} (its port was taken)`,
          );
        }
        for (const app of state.apps) this.sync(app);
      },
      (error: unknown) =>
        process.stderr.write(
          `sandbox api: the databases did not start: ${(error as Error).message}\n`,
        ),
    );
  }

  dynos(app: AppRecord) {
    return this.formation.dynos(app.id);
  }

  restart(app: AppRecord, target: { type?: string; name?: string }): boolean {
    return this.formation.restart(
      app.id,
      (dyno) =>
        (target.name === undefined || dyno.name === target.name) &&
        (target.type === undefined || dyno.type === target.type),
    );
  }

  stopDyno(app: AppRecord, name: string): boolean {
    return this.formation.stopOne(app.id, name);
  }

  /** The PostgreSQL servers running, and where their data lives (for the tests). */
  databasePids(): number[] {
    return this.databases.pids();
  }

  databaseDirs(): Record<string, string> {
    return this.databases.dirs();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const process of this.oneOffs) signalGroup(process.child, "SIGTERM");
    await this.formation.close();
    await Promise.all([...this.oneOffs].map((process) => process.exited));
    await Promise.all([...this.routers.values()].map((router) => router.close()));
    this.routers.clear();
    await this.databases.close();
    this.watchdog.release();
  }

  /** Runs what the app's records say: its router, and its current release's formation. */
  private sync(app: AppRecord): void {
    if (this.closed || !this.platform.state.apps.includes(app)) return;
    this.ensureRouter(app);
    this.formation.apply(app.id, this.wanted(app));
  }

  /** One spec per dyno the formation asks for, from the current release's slug. */
  private wanted(app: AppRecord): DynoSpec[] {
    const { state, render, store } = this.platform;
    const release = render.currentRelease(app);
    const slug = state.slugs.find((candidate) => candidate.id === release?.slugId);
    if (release === undefined || slug === undefined) return [];
    const slugDir = store.blobPath(`slug-${slug.id}`);
    if (!fs.existsSync(slugDir)) {
      this.platform.logs.write(
        app.id,
        "heroku",
        "api",
        `Release v${release.version}'s slug is gone from ${slugDir}: no dyno can run it`,
      );
      return [];
    }
    const context = { app, release, slug, slugDir, metadata: this.metadata(app) };
    return state.formation
      .filter((entry) => entry.appId === app.id && slug.processTypes[entry.type] !== undefined)
      .flatMap((entry) =>
        Array.from({ length: entry.quantity }, (_, index) => ({
          name: `${entry.type}.${index + 1}`,
          type: entry.type,
          command: slug.processTypes[entry.type],
          size: entry.size,
          release: { id: release.id, version: release.version },
          cwd: slugDir,
          env: (dyno: { name: string; id: string; port: number }) => dynoEnvironment(context, dyno),
        })),
      );
  }

  private ensureRouter(app: AppRecord): void {
    const existing = this.routers.get(app.id);
    if (existing?.port === app.webPort) return;
    void existing?.close();
    const router = new Router(
      app.webPort,
      () => {
        const web = this.formation.web(app.id);
        return {
          ...web,
          up: web.up.map(({ name, port }) => ({ name, port })),
          maintenance: app.maintenance,
        };
      },
      (text) => this.platform.logs.write(app.id, "heroku", "router", text),
      this.timings,
    );
    this.routers.set(app.id, router);
    router.listen().catch((error: Error) => {
      const why = `the router can't listen on ${app.webPort} (${error.message}): ${app.name}'s web_url leads nowhere until that port is free and the API starts again`;
      this.platform.logs.write(app.id, "heroku", "router", why);
      process.stderr.write(`sandbox api: ${why}\n`);
    });
  }

  private metadata(app: AppRecord): boolean {
    return this.platform.state.features.some(
      (feature) =>
        feature.appId === app.id && feature.name === "runtime-dyno-metadata" && feature.enabled,
    );
  }
}
