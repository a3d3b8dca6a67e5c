import { randomBytes } from "crypto";
import * as path from "path";
import type { FormationEntry, StackConfig } from "../program/config/parse";
import {
  GENERATED_SENSITIVE_VARS,
  SESSION_SECRET_LENGTH,
  UNSCALED_PROCESS_TYPES,
  maxDynosPerProcessType,
} from "../program/heroku-rules";

/** The Procfile's release phase: run once, before the formation, never scaled. */
export const RELEASE_PROCESS_TYPE = "release";
import type { ProcessType } from "../program/procfile";

/**
 * What `npm run local` starts, as pure functions: the `--scale`/`--port` flags, the dynos of a
 * stack's formation and each dyno's environment. Nothing here starts a process or reads a file.
 */

/** What `heroku local` uses when no port is given. */
export const DEFAULT_BASE_PORT = 5000;
/** Ports as foreman/`heroku local` hand them out: +100 per process type, +1 per instance. */
export const PORT_STEP_PER_TYPE = 100;
/**
 * Heroku's own cap per process type, the one rule a stack file's formation obeys too
 * (src/program/heroku-rules.ts); it also keeps one type's ports out of the next one's.
 */
export const MAX_LOCAL_QUANTITY = maxDynosPerProcessType();
/** Taken from the runner's own environment; everything else a dyno sees comes from the stack. */
export const INHERITED_VARS = ["PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TZ", "TMPDIR"];

/** A bad command-line flag; each problem names the flag. */
export class LocalUsageError extends Error {
  override name = "LocalUsageError";
  constructor(readonly problems: readonly string[]) {
    super(problems.join("\n"));
  }
}

/** Quantities by process type, from `--scale web=2,worker=0`. */
export type Scale = Readonly<Record<string, number>>;

export interface Dyno {
  /** `web.1`: what Heroku puts in DYNO and in front of every log line. */
  name: string;
  type: string;
  command: string;
  /** What PORT says; a one-off dyno (the release phase) listens on none. */
  port: number;
  env: Readonly<Record<string, string>>;
}

export interface DynoContext {
  /** app/Procfile's process types and commands. */
  processes: readonly ProcessType[];
  /** Config vars the add-ons set (DATABASE_URL), shared by every dyno as on Heroku. */
  addonVars?: Readonly<Record<string, string>>;
  /** The local stand-ins for the stack's sensitive vars, shared by every dyno as on Heroku. */
  secrets: Readonly<Record<string, string>>;
  /** What every dyno inherits from the machine (see dynoBaseEnv). */
  baseEnv: Readonly<Record<string, string>>;
}

/** `web=2,worker=0` → `{web: 2, worker: 0}`, checked against the stack's formation. */
export function parseScale(flag: string, formation: readonly FormationEntry[]): Scale {
  const types = formation.map(({ type }) => type);
  const items = flag
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  const problems: string[] = [];
  const scale: Record<string, number> = {};
  if (items.length === 0) problems.push("--scale: give type=quantity pairs, e.g. web=1,worker=0");
  for (const item of items) {
    const match = /^([A-Za-z0-9_-]+)=(\d+)$/.exec(item);
    if (!match) {
      problems.push(`--scale: ${JSON.stringify(item)} is not type=quantity (e.g. web=2)`);
      continue;
    }
    const [, type, digits] = match;
    const quantity = Number(digits);
    if (UNSCALED_PROCESS_TYPES.includes(type)) {
      problems.push(`--scale: "${type}" runs once per release and is never scaled`);
    } else if (!types.includes(type)) {
      problems.push(
        `--scale: "${type}" is not a process type in app/Procfile (${types.join(", ")})`,
      );
    } else if (Object.hasOwn(scale, type)) {
      problems.push(`--scale: "${type}" is given twice`);
    } else if (quantity > MAX_LOCAL_QUANTITY) {
      problems.push(`--scale: ${item}: at most ${MAX_LOCAL_QUANTITY} dynos per process type`);
    } else {
      scale[type] = quantity;
    }
  }
  if (problems.length > 0) throw new LocalUsageError(problems);
  return scale;
}

export function parsePort(flag: string): number {
  const port = /^\d+$/.test(flag) ? Number(flag) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    throw new LocalUsageError([`--port: ${JSON.stringify(flag)} is not a port number (1–65535)`]);
  }
  return port;
}

/** The stack's formation with `--scale` applied; order (web first) and sizes unchanged. */
export function scaledFormation(
  formation: readonly FormationEntry[],
  scale: Scale,
): FormationEntry[] {
  // Own keys only: a process type may be named like an Object method (`constructor`).
  return formation.map((entry) => ({
    ...entry,
    quantity: Object.hasOwn(scale, entry.type) ? scale[entry.type] : entry.quantity,
  }));
}

/**
 * Every dyno to start and its environment, as Heroku builds it: the machine basics, the stack's
 * config vars, the sensitive vars, then what the dyno manager sets itself (PORT, DYNO). Process
 * type k (in formation order, web first) gets ports from basePort + 100·k, one per instance.
 */
export function buildDynoEnvironments(
  config: Pick<StackConfig, "formation" | "configVars">,
  scale: Scale,
  basePort: number,
  context: DynoContext,
): Dyno[] {
  return scaledFormation(config.formation, scale).flatMap(({ type, quantity }, typeIndex) => {
    const command = context.processes.find((line) => line.type === type)?.command;
    if (command === undefined) throw new Error(`process type "${type}" is not in app/Procfile`);
    return Array.from({ length: quantity }, (_, index): Dyno => {
      const name = `${type}.${index + 1}`;
      const port = basePort + typeIndex * PORT_STEP_PER_TYPE + index;
      if (port > 65535) {
        throw new LocalUsageError([
          `--port: ${basePort} leaves no port for ${name} (it would get ${port}; the last is 65535)`,
        ]);
      }
      return { name, type, command, port, env: dynoEnv(config, context, name, port) };
    });
  });
}

/** `release.1`, the one-off dyno of the release phase, or undefined if the Procfile has none. */
export function buildReleaseDyno(
  config: Pick<StackConfig, "configVars">,
  context: DynoContext,
): Omit<Dyno, "port"> | undefined {
  const command = context.processes.find(({ type }) => type === RELEASE_PROCESS_TYPE)?.command;
  if (command === undefined) return undefined;
  const name = `${RELEASE_PROCESS_TYPE}.1`;
  return { name, type: RELEASE_PROCESS_TYPE, command, env: dynoEnv(config, context, name) };
}

function dynoEnv(
  config: Pick<StackConfig, "configVars">,
  context: DynoContext,
  name: string,
  port?: number,
): Record<string, string> {
  return {
    ...context.baseEnv,
    ...config.configVars,
    ...context.addonVars,
    ...context.secrets,
    ...(port === undefined ? {} : { PORT: String(port) }),
    DYNO: name,
  };
}

/**
 * Config vars no process environment can hold: a NUL byte ends a C string, and a name with
 * `=` would split differently. One line each, naming the file and the key.
 */
export function environmentProblems(
  config: Pick<StackConfig, "configVars" | "project" | "source">,
): string[] {
  return Object.entries(config.configVars).flatMap(([name, value]) => {
    const key = `${config.source}: ${config.project}:configVars.${JSON.stringify(name).slice(1, -1)}`;
    if (name.includes("\0") || name.includes("=")) {
      return [`${key}: a config var name can't hold a NUL byte or "="; rename it`];
    }
    if (value.includes("\0")) {
      return [`${key}: the value holds a NUL byte, which no process environment can; remove it`];
    }
    return [];
  });
}

/** The sensitive vars a dyno gets: the stack's, plus those the program generates on Heroku. */
export function localSecretNames(config: Pick<StackConfig, "sensitiveVars">): string[] {
  return [...new Set([...Object.keys(config.sensitiveVars), ...GENERATED_SENSITIVE_VARS])];
}

/** Random stand-ins, fresh for every run: the real values exist only on Heroku. */
export function generateLocalSecrets(
  names: readonly string[],
  random: (bytes: number) => Buffer = randomBytes,
): Record<string, string> {
  const bytes = Math.ceil((SESSION_SECRET_LENGTH * 3) / 4);
  return Object.fromEntries(
    names.map((name) => [
      name,
      random(bytes).toString("base64url").slice(0, SESSION_SECRET_LENGTH),
    ]),
  );
}

/**
 * The little a dyno takes from this machine: PATH (with this Node first, and the app's
 * node_modules/.bin last, as the Node buildpack does), HOME, the user, locale and temp dir.
 * Nothing else leaks in from the shell (no NODE_ENV=test from jest, no npm_* variables).
 */
export function dynoBaseEnv(
  parent: NodeJS.ProcessEnv,
  nodeBinDir: string,
  appDir: string,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED_VARS) {
    const value = parent[name];
    if (value !== undefined) env[name] = value;
  }
  const inherited = (parent.PATH ?? "").split(path.delimiter).filter((dir) => dir.length > 0);
  const appBin = path.join(appDir, "node_modules", ".bin");
  env.PATH = [nodeBinDir, ...inherited, appBin].join(path.delimiter);
  return env;
}
