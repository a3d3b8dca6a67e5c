/**
 * `npm run local -- <stack>`: runs app/'s Procfile the way Heroku runs that stack — a database
 * for its Postgres add-on, its release phase, then its formation, its config vars, one PORT and
 * DYNO per dyno — until Ctrl-C or SIGTERM. The command line lives here, the run in session.ts;
 * tools/local.ts only wires it to the process.
 * Exit status: 0 after a clean stop, 1 for a bad stack, a failed release phase or a dyno that
 * crashed or had to be killed, 2 for bad arguments.
 */
import * as path from "path";
import { parseArgs } from "util";
import { StackConfigError } from "../program/config/parse";
import { createLogger } from "./supervisor";
import {
  DEFAULT_BASE_PORT,
  LocalUsageError,
  buildDynoEnvironments,
  buildReleaseDyno,
  dynoBaseEnv,
  environmentProblems,
  generateLocalSecrets,
  localSecretNames,
  parsePort,
  parseScale,
  scaledFormation,
} from "./dynos";
import type { Scale } from "./dynos";
import { MISSING_MESSAGE, findPostgresBinDir } from "./postgres-binaries";
import { POSTGRES_SERVICE, chooseDatabase } from "./services";
import type { DatabaseChoice } from "./services";
import { runSession } from "./session";
import { APP_DIR } from "../program/paths";
import { readProcfile } from "../program/procfile";
import { stackFileConfig } from "../stack-files/config";
import { StackFileError, listStacks, loadStackFile } from "../stack-files/load";

const USAGE = `usage: npm run local -- <stack> [--scale web=1,worker=0] [--port ${DEFAULT_BASE_PORT}] [--database-url <url>] [--no-install]

  <stack>              a stack of this project (${listStacks().join(", ")}) or a path to a Pulumi.<stack>.yaml
  --scale <list>       override the stack's formation, type=quantity,… (0 starts none of that type)
  --port <n>           first PORT (default ${DEFAULT_BASE_PORT}): process type k gets n+100·k, +1 per dyno
  --database-url <url> the database a ${POSTGRES_SERVICE} add-on stands for (default: an exported
                       DATABASE_URL, else a throwaway PostgreSQL cluster deleted at the end)
  --no-install         skip \`npm ci --prefix app\` even when app/node_modules is missing or stale
`;

export async function runLocalCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        scale: { type: "string" },
        port: { type: "string" },
        "database-url": { type: "string" },
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
  // `--scale web=1 worker=0`: the shell split the list, and worker=0 came out a positional.
  const strayScale = positionals.slice(1).filter((item) => /^[A-Za-z0-9_-]+=/.test(item));
  if (strayScale.length > 0) {
    const list = [values.scale, ...strayScale].filter((item) => item !== undefined).join(",");
    return usageError([
      `--scale: write the list with commas and no spaces: --scale ${list} ` +
        `(${strayScale.map((item) => JSON.stringify(item)).join(", ")} came apart from it)`,
    ]);
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
  const unusable = environmentProblems(config);
  if (unusable.length > 0) return fail([...unusable, "nothing was started"]);

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
  const release = buildReleaseDyno(config, context);
  const database = flag(
    () => chooseDatabase(config, values["database-url"], process.env.DATABASE_URL),
    { kind: "none", shellUrlIgnored: false } as DatabaseChoice,
  );
  if (problems.length > 0) return usageError(problems);

  const output = guardedStdout();
  const labels = [
    ...dynos.map(({ name }) => name),
    ...(release ? [release.name] : []),
    ...(database.kind === "cluster" ? ["postgres"] : []),
  ];
  const log = createLogger(labels, output.write);
  const formation = scaledFormation(config.formation, scale);
  if (dynos.length === 0) {
    log.local(
      `nothing to start: ${config.stack} runs no dyno (${formation.map((e) => `${e.type}=0`).join(" ")})`,
    );
    return 0;
  }

  if (database.kind === "cluster" && findPostgresBinDir() === undefined) {
    return fail([`${MISSING_MESSAGE}; nothing was started`]);
  }
  return runSession({
    config,
    warnings,
    formation,
    dynos,
    release,
    database,
    secretNames,
    install: !values["no-install"],
    log,
    stdoutClosed: output.closed,
  });
}

/**
 * Writes to stdout until it is closed (`npm run local -- staging | head`): from then on the
 * runner's output is dropped and `closed` settles, instead of an EPIPE crashing the runner.
 */
function guardedStdout() {
  let isClosed = false;
  const closed = new Promise<void>((resolve) =>
    process.stdout.on("error", () => {
      isClosed = true;
      resolve();
    }),
  );
  return {
    closed,
    write: (text: string) => {
      if (!isClosed) process.stdout.write(text);
    },
  };
}

function usageError(problems: readonly string[]): number {
  process.stderr.write(`npm run local: ${problems.join("\n  ")}\n\n${USAGE}`);
  return 2;
}

function fail(problems: readonly string[]): number {
  process.stderr.write(`npm run local: ${problems.join("\n")}\n`);
  return 1;
}
