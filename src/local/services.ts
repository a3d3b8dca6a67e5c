import type { StackConfig } from "../program/config/parse";
import { LocalUsageError } from "./dynos";

/**
 * The add-ons a local run stands in for. A heroku-postgresql add-on gets a real database, as
 * DATABASE_URL (the name Heroku gives the first Postgres attached): the one given with
 * `--database-url` or exported as DATABASE_URL, or else a throwaway cluster (postgres.ts).
 * Pure: deciding here, starting in session.ts.
 */

export const POSTGRES_SERVICE = "heroku-postgresql";
export const DATABASE_URL = "DATABASE_URL";

export type DatabaseChoice =
  /** The stack has no Postgres add-on: no DATABASE_URL, as on Heroku. */
  | { kind: "none"; shellUrlIgnored: boolean }
  /** An existing database; `shown` is its address without user or password. */
  | { kind: "given"; url: string; from: string; shown: string }
  | { kind: "cluster" };

/** The stack's add-ons of the heroku-postgresql service: `key (plan)`. */
export function postgresAddons(config: Pick<StackConfig, "addons">): string[] {
  return Object.entries(config.addons)
    .filter(([, { plan }]) => plan.split(":")[0] === POSTGRES_SERVICE)
    .map(([key, { plan }]) => `${key} (${plan})`);
}

export function chooseDatabase(
  config: Pick<StackConfig, "addons" | "stack">,
  flag: string | undefined,
  shellUrl: string | undefined,
): DatabaseChoice {
  const wanted = postgresAddons(config).length > 0;
  if (!wanted) {
    if (flag !== undefined) {
      throw new LocalUsageError([
        `--database-url: ${config.stack} declares no ${POSTGRES_SERVICE} add-on, so its dynos get no ${DATABASE_URL}`,
      ]);
    }
    return { kind: "none", shellUrlIgnored: Boolean(shellUrl) };
  }
  const given = flag ?? (shellUrl || undefined);
  if (given === undefined) return { kind: "cluster" };
  const from = flag !== undefined ? "--database-url" : `${DATABASE_URL} from your shell`;
  const shown = databaseAddress(given);
  if (shown === undefined) {
    // Never echo it: a database URL holds a password.
    throw new LocalUsageError([`${from}: not a postgres:// URL (the value is not shown)`]);
  }
  return { kind: "given", url: given, from, shown };
}

/** `host:port/database` of a postgres:// URL, without user or password; undefined if not one. */
export function databaseAddress(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!["postgres:", "postgresql:"].includes(parsed.protocol)) return undefined;
  return `${parsed.host || "localhost"}${parsed.pathname}`;
}
