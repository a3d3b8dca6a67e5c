import type { FormationEntry, StackConfig } from "../program/config/parse";
import { maxDynosPerProcessType } from "../program/heroku-rules";
import type { Dyno } from "./dynos";
import { DATABASE_URL, POSTGRES_SERVICE, postgresAddons } from "./services";
import type { DatabaseChoice } from "./services";

/**
 * What `npm run local` tells once at start: what it runs (the release phase, the database
 * standing in for the Postgres add-on), and what of Heroku it does not reproduce (sizes, other
 * add-ons, router, drains, dyno metadata). Names only, never a value.
 */

export interface LocalRunSummary {
  config: StackConfig;
  /** The formation after `--scale`. */
  formation: readonly FormationEntry[];
  dynos: readonly Dyno[];
  secretNames: readonly string[];
  /** The release phase's one-off dyno, if the Procfile has one. */
  release?: Pick<Dyno, "name" | "command">;
  /** Where DATABASE_URL comes from, and the throwaway cluster's port if one runs. */
  database?: { choice: DatabaseChoice; clusterPort?: number };
  /** The runner's grace period between SIGTERM and SIGKILL. */
  graceMs: number;
}

export function localNotes({
  config,
  formation,
  dynos,
  secretNames,
  release,
  database,
  graceMs,
}: LocalRunSummary): string[] {
  const running = formation.filter(({ quantity }) => quantity > 0);
  const counts = formation.map(({ type, quantity }) => `${type}=${quantity}`).join(" ");
  const notes = [`stack ${config.stack} (${config.source}): ${counts} from app/Procfile`];

  if (running.length > 0) {
    const sizes = running.map(({ type, size }) => `${type}: ${size}`).join(", ");
    notes.push(`dyno sizes don't apply locally (${sizes}): every dyno shares this machine`);
  }
  for (const { type, quantity, size } of running) {
    const max = maxDynosPerProcessType(size);
    if (max !== undefined && quantity > max) {
      notes.push(`${type}=${quantity}: Heroku runs at most ${max} ${size} dyno per process type`);
    }
  }

  const plain = Object.keys(config.configVars);
  if (plain.length > 0) notes.push(`config vars from ${config.source}: ${plain.join(", ")}`);
  if (secretNames.length > 0) {
    notes.push(
      `sensitive vars get random local values, new each run and never printed ` +
        `(the stack's own are decrypted only by the Pulumi CLI): ${secretNames.join(", ")}`,
    );
  }

  const standIn = database !== undefined && database.choice.kind !== "none";
  notes.push(...databaseNotes(config, database));
  const others = Object.entries(config.addons)
    .filter(([, { plan }]) => !(standIn && plan.startsWith(`${POSTGRES_SERVICE}:`)))
    .map(([name, { plan }]) => `${name} (${plan})`);
  if (others.length > 0) {
    notes.push(`add-ons aren't provisioned locally, nor their config vars: ${others.join(", ")}`);
  }
  if (release !== undefined) {
    notes.push(
      `release phase first, as on every Heroku release: ${release.name} runs \`${release.command}\`; ` +
        "if it fails, nothing else starts",
    );
  }
  const web = dynos.filter(({ type }) => type === "web");
  if (web.length > 0) {
    const urls = web.map(({ name, port }) => `http://localhost:${port} (${name})`).join(", ");
    notes.push(`no Heroku router: each web dyno answers on its own port: ${urls}`);
  }
  if (config.domains.length > 0) {
    notes.push(`custom domains and their certificates don't apply: ${config.domains.join(", ")}`);
  }
  const drains = Object.keys(config.drains);
  if (drains.length > 0)
    notes.push(`log drains get nothing from a local run: ${drains.join(", ")}`);
  if (config.features["runtime-dyno-metadata"]) {
    notes.push("dyno metadata (HEROKU_APP_NAME, HEROKU_RELEASE_VERSION, …) is not set locally");
  }
  if (config.deploy.kind === "promote") {
    notes.push(
      `on Heroku ${config.stack} releases ${config.deploy.fromStack}'s slug; ` +
        "here app/ runs from this working tree",
    );
  } else if (config.deploy.kind === "slug") {
    notes.push(
      `on Heroku ${config.stack} releases slug ${config.deploy.slugId}; ` +
        "here app/ runs from this working tree",
    );
  }
  notes.push(
    `Ctrl-C stops every dyno: SIGTERM, then SIGKILL after ${graceMs / 1000} s; ` +
      "a dyno that exits on its own stops the run (Heroku would restart it)",
  );
  return notes;
}

function databaseNotes(config: StackConfig, database: LocalRunSummary["database"]): string[] {
  const addons = postgresAddons(config);
  const choice = database?.choice;
  if (choice === undefined) return [];
  if (choice.kind === "none") {
    return choice.shellUrlIgnored
      ? [
          `${DATABASE_URL} from your shell is not passed on: ${config.stack} declares no ${POSTGRES_SERVICE} add-on`,
        ]
      : [];
  }
  const first = `${addons[0]} → ${DATABASE_URL}`;
  const extra =
    addons.length > 1
      ? ` (only the first Postgres add-on is stood in for: ${addons.slice(1).join(", ")} get nothing)`
      : "";
  if (choice.kind === "given") return [`${first}: ${choice.shown}, from ${choice.from}${extra}`];
  return [
    `${first}: a throwaway PostgreSQL cluster on 127.0.0.1:${database?.clusterPort}, ` +
      `deleted when the run stops${extra}`,
  ];
}
