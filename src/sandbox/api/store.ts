import { createHash, randomBytes, randomUUID } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { AppRecord, SandboxState } from "./records";

/**
 * The sandbox API's state on disk: one JSON file, rewritten whole (write, then rename) after every
 * change, so a killed API loses nothing a client was told had happened. Blobs (uploaded sources,
 * slugs) sit beside it. Lookups are by id or, where Heroku allows it, by name.
 */

/** A Platform API error: Heroku's status, `id` and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) =>
  new ApiError(404, "not_found", `Couldn't find that ${what}.`);
export const invalid = (message: string) => new ApiError(422, "invalid_params", message);

/** Now, as Heroku writes times: RFC 3339, whole seconds, UTC. */
export function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

export const newId = (): string => randomUUID();

/** A UUID that is always the same for the same text (ids of catalogue entries). */
export function stableId(text: string): string {
  const hex = createHash("sha256").update(text).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (text: string): boolean => UUID.test(text);

export class Store {
  readonly state: SandboxState;
  readonly blobs: string;
  private readonly file: string;

  /** @param dir where the state lives (`.sandbox/api`); created with a new key when empty. */
  constructor(readonly dir: string) {
    this.file = path.join(dir, "state.json");
    this.blobs = path.join(dir, "blobs");
    fs.mkdirSync(this.blobs, { recursive: true });
    this.state = fs.existsSync(this.file) ? readState(this.file) : emptyState();
    if (!fs.existsSync(this.file)) this.save();
  }

  /** Writes the whole state: a crash leaves the old file or the new one, never half of one. */
  save(): void {
    const partial = `${this.file}.partial`;
    fs.writeFileSync(partial, JSON.stringify(this.state, null, 1), { mode: 0o600 });
    fs.renameSync(partial, this.file);
  }

  /** An app by UUID or name (Heroku's app identity), or 404. */
  app(identity: string): AppRecord {
    const app = this.state.apps.find((candidate) =>
      isUuid(identity) ? candidate.id === identity.toLowerCase() : candidate.name === identity,
    );
    if (app === undefined) throw notFound("app");
    return app;
  }

  /** One record of a collection by id (or another identity field), or 404 naming `what`. */
  find<K extends CollectionName>(
    collection: K,
    what: string,
    matches: (record: SandboxState[K][number]) => boolean,
  ): SandboxState[K][number] {
    const found = (this.state[collection] as SandboxState[K][number][]).find(matches);
    if (found === undefined) throw notFound(what);
    return found;
  }

  /** Removes every record of a collection that matches. */
  remove<K extends CollectionName>(
    collection: K,
    matches: (record: SandboxState[K][number]) => boolean,
  ): void {
    const kept = (this.state[collection] as SandboxState[K][number][]).filter(
      (record) => !matches(record),
    );
    (this.state[collection] as SandboxState[K][number][]) = kept;
  }

  blobPath(name: string): string {
    return path.join(this.blobs, name);
  }
}

type CollectionName = {
  [K in keyof SandboxState]: SandboxState[K] extends unknown[] ? K : never;
}[keyof SandboxState];

function emptyState(): SandboxState {
  return {
    format: 1,
    key: `sandbox-${randomBytes(16).toString("hex")}`,
    account: { id: newId(), email: "you@sandbox.localhost" },
    apps: [],
    releases: [],
    slugs: [],
    sources: [],
    builds: [],
    formation: [],
    pipelines: [],
    couplings: [],
    addons: [],
    domains: [],
    drains: [],
    features: [],
  };
}

function readState(file: string): SandboxState {
  const state = JSON.parse(fs.readFileSync(file, "utf8")) as SandboxState;
  if (state.format !== 1) {
    throw new Error(
      `${file}: a state file of format ${String(state.format)}, which this sandbox doesn't read: npm run sandbox -- reset starts afresh`,
    );
  }
  return state;
}
