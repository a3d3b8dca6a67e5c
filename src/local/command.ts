/**
 * `npm run local -- <stack>`: runs app/'s Procfile the way Heroku runs that stack — its
 * formation, its config vars, one PORT and DYNO per dyno — until Ctrl-C or SIGTERM. The command
 * line lives here; tools/local.ts only wires it to the process.
 * Exit status: 0 after a clean stop, 1 for a bad stack or a dyno that crashed or had to be
 * killed, 2 for bad arguments.
 */
import type { ChildProcess } from "child_process";
import * as path from "path";
import { parseArgs } from "util";
import { StackConfigError } from "../program/config/parse";
import type { DynoRun } from "./supervisor";
import { GRACE_MS, createLogger, runDynos, runExitCode } from "./supervisor";
import { localNotes } from "./notes";
import {
  DEFAULT_BASE_PORT,
  LocalUsageError,
  buildDynoEnvironments,
  dynoBaseEnv,
  generateLocalSecrets,
  localSecretNames,
  parsePort,
  parseScale,
  scaledFormation,
} from "./dynos";
import type { Scale } from "./dynos";
import { busyPorts, installAppDependencies, staleAppDependencies } from "./preflight";
import { APP_DIR } from "../program/paths";
import { readProcfile } from "../program/procfile";
import { stackFileConfig } from "../stack-files/config";
import { StackFileError, listStacks, loadStackFile } from "../stack-files/load";

const USAGE = `usage: npm run local -- <stack> [--scale web=1,worker=0] [--port ${DEFAULT_BASE_PORT}] [--no-install]

  <stack>         a stack of this project (${listStacks().join(", ")}) or a path to a Pulumi.<stack>.yaml
  --scale <list>  override the stack's formation, type=quantity,… (0 starts none of that type)
  --port <n>      first PORT (default ${DEFAULT_BASE_PORT}): process type k gets n+100·k, +1 per dyno
  --no-install    skip \`npm ci --prefix app\` even when app/node_modules is missing or stale
`;

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

export async function runLocalCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        scale: { type: "string" },
        port: { type: "string" },
        "no-install": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    return usageError([(error as Error).message]);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    return usageError([positionals.length === 0 ? "name a stack" : "name one stack at a time"]);
  }
  if (process.platform === "win32") {
    return fail(["needs a POSIX shell: run it on Linux, macOS or WSL"]);
  }

  let stack;
  try {
    stack = stackFileConfig(loadStackFile(positionals[0]));
  } catch (error) {
    if (error instanceof StackFileError || error instanceof StackConfigError) {
      return fail([error.message, "nothing was started"]);
    }
    throw error;
  }
  const { config, warnings } = stack;

  const problems: string[] = [];
  const flag = <T>(read: () => T, fallback: T): T => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof LocalUsageError)) throw error;
      problems.push(...error.problems);
      return fallback;
    }
  };
  const scale: Scale = flag(
    () => (values.scale !== undefined ? parseScale(values.scale, config.formation) : {}),
    {},
  );
  const basePort = flag(
    () => (values.port !== undefined ? parsePort(values.port) : DEFAULT_BASE_PORT),
    DEFAULT_BASE_PORT,
  );
  const secretNames = localSecretNames(config);
  const context = {
    processes: readProcfile(),
    secrets: generateLocalSecrets(secretNames),
    baseEnv: dynoBaseEnv(process.env, path.dirname(process.execPath), APP_DIR),
  };
  const dynos = flag(() => buildDynoEnvironments(config, scale, basePort, context), []);
  if (problems.length > 0) return usageError(problems);

  const log = createLogger(
    dynos.map(({ name }) => name),
    (text) => process.stdout.write(text),
  );
  const formation = scaledFormation(config.formation, scale);
  if (dynos.length === 0) {
    log.local(
      `nothing to start: ${config.stack} runs no dyno (${formation.map((e) => `${e.type}=0`).join(" ")})`,
    );
    return 0;
  }

  // From here on a signal stops the run; before the dynos start, it keeps them from starting.
  const state: { run?: DynoRun; npm?: ChildProcess; interrupted?: string } = {};
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      if (state.run) return state.run.stop(`received ${signal}`);
      state.interrupted = signal;
      state.npm?.kill("SIGTERM");
    });
  }
  process.on("exit", () => state.run?.kill());

  const stale = values["no-install"] ? undefined : staleAppDependencies(APP_DIR);
  if (stale !== undefined) {
    log.local(`${stale}: running npm ci --prefix app`);
    const install = installAppDependencies(APP_DIR);
    state.npm = install.npm;
    const status = await install.status;
    if (status !== 0 && state.interrupted === undefined) {
      return fail([`npm ci --prefix app failed (exit status ${status}); nothing was started`]);
    }
  }
  const busy = await busyPorts(dynos.map(({ port }) => port));
  if (busy.length > 0) {
    const owners = busy.map(
      (port) => `${port} (${dynos.find((dyno) => dyno.port === port)?.name})`,
    );
    return fail([`ports in use: ${owners.join(", ")}; pick other ones with --port`]);
  }
  if (state.interrupted !== undefined) {
    log.local(`received ${state.interrupted} before any dyno started; nothing was started`);
    return 0;
  }

  warnings.forEach((warning) => log.local(`warning: ${warning}`));
  localNotes({ config, formation, dynos, secretNames, graceMs: GRACE_MS }).forEach(log.local);
  state.run = runDynos(dynos, { cwd: APP_DIR, log, graceMs: GRACE_MS });
  const code = runExitCode(await state.run.done);
  log.local(
    code === 0 ? "all dynos stopped" : "stopped: a dyno crashed, failed or had to be killed",
  );
  return code;
}

function usageError(problems: readonly string[]): number {
  process.stderr.write(`npm run local: ${problems.join("\n  ")}\n\n${USAGE}`);
  return 2;
}

function fail(problems: readonly string[]): number {
  process.stderr.write(`npm run local: ${problems.join("\n")}\n`);
  return 1;
}
