import type { ChildProcess } from "child_process";
import type { FormationEntry, StackConfig } from "../program/config/parse";
import { APP_DIR } from "../program/paths";
import type { Dyno } from "./dynos";
import { localNotes } from "./notes";
import { startCluster } from "./postgres";
import type { Cluster } from "./postgres";
import { busyPorts, installAppDependencies, staleAppDependencies } from "./preflight";
import { DATABASE_URL } from "./services";
import type { DatabaseChoice } from "./services";
import { GRACE_MS, runDynos, runExitCode, runOneOff } from "./supervisor";
import type { DynoRun, LocalLogger, OneOffDyno } from "./supervisor";
import { startWatchdog } from "./watchdog";

/**
 * One local run, once its command line is understood (command.ts): the app's dependencies,
 * the add-ons' stand-ins (a throwaway Postgres), the release phase, then the formation until
 * a signal — and, whatever happens, nothing left behind: the runner stops what it started,
 * and a watchdog does it if the runner dies without the chance to.
 */

export interface SessionPlan {
  config: StackConfig;
  warnings: readonly string[];
  /** The formation after `--scale`. */
  formation: readonly FormationEntry[];
  dynos: readonly Dyno[];
  /** `release.1`, when the Procfile has a release phase. */
  release: OneOffDyno | undefined;
  database: DatabaseChoice;
  secretNames: readonly string[];
  install: boolean;
  log: LocalLogger;
  /** Settles when stdout is closed (`| head` exited): the run stops. */
  stdoutClosed: Promise<void>;
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
/** Watchdog stage of the services: stopped after the dynos that use them. */
const SERVICE_STAGE = 1;

export async function runSession(plan: SessionPlan): Promise<number> {
  const { log } = plan;
  // A stop before the dynos run keeps them from starting; once they run, it stops them.
  const state: { run?: DynoRun; npm?: ChildProcess; release?: { stop(): void } } = {};
  let interrupted: string | undefined;
  const stop = (reason: string) => {
    if (state.run) return state.run.stop(reason);
    interrupted ??= reason;
    state.npm?.kill("SIGTERM");
    state.release?.stop();
  };
  for (const signal of SIGNALS) process.on(signal, () => stop(`received ${signal}`));
  void plan.stdoutClosed.then(() => {
    process.stderr.write("npm run local: stdout was closed: stopping\n");
    stop("stdout closed");
  });
  process.on("exit", () => state.run?.kill());

  const stale = plan.install ? staleAppDependencies(APP_DIR) : undefined;
  if (stale !== undefined) {
    log.local(`${stale}: running npm ci --prefix app`);
    const install = installAppDependencies(APP_DIR);
    state.npm = install.npm;
    const status = await install.status;
    if (status !== 0 && interrupted === undefined) {
      return fail(`npm ci --prefix app failed (exit status ${status}); nothing was started`);
    }
  }
  const busy = await busyPorts(plan.dynos.map(({ port }) => port));
  if (busy.length > 0) {
    const owners = busy.map((port) => `${port} (${plan.dynos.find((d) => d.port === port)?.name})`);
    return fail(`ports in use: ${owners.join(", ")}; pick other ones with --port`);
  }
  if (interrupted !== undefined)
    return nothingStarted(log, `${interrupted} before any dyno started`);

  const watchdog = startWatchdog(GRACE_MS);
  let cluster: Cluster | undefined;
  try {
    plan.warnings.forEach((warning) => log.local(`warning: ${warning}`));
    let databaseUrl: string | undefined;
    if (plan.database.kind === "cluster") {
      log.local(`starting a throwaway PostgreSQL cluster for ${DATABASE_URL}`);
      try {
        cluster = await startCluster({
          watchdog,
          stage: SERVICE_STAGE,
          log: (line) => log.dyno("postgres", line),
        });
      } catch (error) {
        return fail(`PostgreSQL did not start: ${(error as Error).message}; nothing was started`);
      }
      databaseUrl = cluster.url;
    } else if (plan.database.kind === "given") {
      databaseUrl = plan.database.url;
    }
    const addonVars = databaseUrl === undefined ? {} : { [DATABASE_URL]: databaseUrl };
    const withAddons = <T extends { env: Readonly<Record<string, string>> }>(dyno: T): T => ({
      ...dyno,
      env: { ...dyno.env, ...addonVars },
    });
    localNotes({
      ...plan,
      database: { choice: plan.database, clusterPort: cluster?.port },
      graceMs: GRACE_MS,
    }).forEach(log.local);
    if (interrupted !== undefined) return nothingStarted(log, interrupted);

    const options = { cwd: APP_DIR, log, graceMs: GRACE_MS, watchdog };
    if (plan.release !== undefined) {
      const release = runOneOff(withAddons(plan.release), options);
      state.release = release;
      const status = await release.done;
      state.release = undefined;
      if (interrupted !== undefined)
        return nothingStarted(log, `${interrupted} in the release phase`);
      if (status !== 0) {
        log.local(
          `${plan.release.name}: the release phase failed: nothing else was started ` +
            "(on Heroku the release would not be deployed; the previous one keeps running)",
        );
        return 1;
      }
    }
    state.run = runDynos(plan.dynos.map(withAddons), options);
    const code = runExitCode(await state.run.done);
    log.local(
      code === 0 ? "all dynos stopped" : "stopped: a dyno crashed, failed or had to be killed",
    );
    return code;
  } finally {
    if (cluster !== undefined) {
      await cluster.stop();
      log.local(`the PostgreSQL cluster is stopped and deleted (${cluster.dir})`);
    }
    watchdog.release();
  }
}

function nothingStarted(log: LocalLogger, why: string): number {
  log.local(`${why}; nothing else was started`);
  return 0;
}

function fail(problem: string): number {
  process.stderr.write(`npm run local: ${problem}\n`);
  return 1;
}
