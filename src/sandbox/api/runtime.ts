import * as fs from "fs";
import * as path from "path";
import * as tar from "tar";
import { parseProcfile } from "../../program/procfile";
import { randomBytes } from "crypto";
import type { Platform } from "./platform";
import type { AddonRecord, AppRecord, ReleaseRecord, SandboxState, SlugRecord } from "./records";

/**
 * What turns the API's records into work: a build makes a slug of an uploaded source, a release
 * phase runs before a release is current, and (where dynos run) the app follows its releases and
 * formation. The records and their order are the platform's (platform.ts); this does the work.
 */
export interface Runtime {
  /** Compiles `source` (a .tar.gz) into `slugDir`; the slug's process types, or a thrown failure. */
  build(input: {
    app: AppRecord;
    source: string;
    slugDir: string;
    log: (line: string) => void;
  }): Promise<{ processTypes: Record<string, string>; description: string; size?: number }>;
  /** Runs a release's release phase; whether it succeeded. */
  releasePhase(input: {
    app: AppRecord;
    release: ReleaseRecord;
    slug: SlugRecord;
    log: (line: string) => void;
  }): Promise<boolean>;
  /** A release settled (a runtime with dynos restarts them on a success). */
  released?(app: AppRecord, release: ReleaseRecord): void;
  /** Provisions an add-on: the config vars it sets on its app, with their values. */
  provision(app: AppRecord, addon: AddonRecord): Promise<Record<string, string>>;
  /** An add-on was destroyed (a runtime with real databases drops it). */
  deprovision?(app: AppRecord, addon: AddonRecord): void;
  /** An app's formation changed (a runtime with dynos starts or stops some). */
  scaled?(app: AppRecord): void;
  /** The API started again on its saved state (a runtime with dynos starts them again). */
  resumed?(state: SandboxState): void;
  /** An app was deleted (a runtime with dynos stops them). */
  deleted?(app: AppRecord): void;
  /** Called once by the platform it works for: its records, its logs, its config changes. */
  attach?(platform: Platform): void;
  /** The app's dynos as `GET /apps/{app}/dynos` lists them; without it, none. */
  dynos?(app: AppRecord): DynoView[];
  /** Restarts all the app's dynos, one process type's, or one dyno; whether any matched. */
  restart?(app: AppRecord, target: { type?: string; name?: string }): boolean;
  /** Stops one dyno (the formation brings up its replacement, as Heroku's does); whether it ran. */
  stopDyno?(app: AppRecord, name: string): boolean;
  /** The API is stopping: stop what runs (its data stays for the next start). */
  close?(): Promise<void>;
}

/** A dyno as the runtime knows it, for the API to render. */
export interface DynoView {
  id: string;
  name: string;
  type: string;
  command: string;
  size: string;
  state: "starting" | "up" | "crashed" | "down";
  releaseId: string;
  releaseVersion: number;
  createdAt: string;
  /** When its state last changed (what `heroku ps` shows). */
  updatedAt: string;
  /** Its main process, while it runs (not rendered: for the tests and the sandbox's own logs). */
  pid?: number;
}

/**
 * The records-only runtime: a build unpacks the source as the slug (no buildpack runs) and a
 * release phase takes `releasePhaseMs` without running anything, so the API's timing (a release
 * pending while its phase runs) is Heroku's while nothing is executed. No dynos.
 */
export class RecordsOnlyRuntime implements Runtime {
  constructor(private readonly releasePhaseMs = 1000) {}

  async build(input: Parameters<Runtime["build"]>[0]) {
    input.log(
      "-----> Building on the sandbox (records only: the source is the slug, no buildpack runs)",
    );
    const processTypes = await unpackSource(input.source, input.slugDir);
    input.log(
      `-----> Procfile declares types -> ${Object.keys(processTypes).join(", ") || "(none)"}`,
    );
    input.log("-----> Launching...");
    return { processTypes, description: "Node.js (sandbox, not compiled)" };
  }

  async releasePhase(input: Parameters<Runtime["releasePhase"]>[0]) {
    input.log(`release phase: not run in records-only mode (${input.slug.processTypes.release})`);
    await new Promise((resolve) => setTimeout(resolve, this.releasePhaseMs));
    return true;
  }

  async provision(_app: AppRecord, addon: AddonRecord) {
    return standInVars(addon);
  }
}

/** A stand-in value per var of an add-on nothing runs for: a URL of its shape that leads nowhere. */
export function standInVars(addon: AddonRecord): Record<string, string> {
  const secret = randomBytes(12).toString("hex");
  const scheme = addon.service === "heroku-redis" ? "redis" : "postgres";
  return Object.fromEntries(
    addon.configVars.map((name) => [
      name,
      name.endsWith("_URL")
        ? `${scheme}://u${secret.slice(0, 6)}:${secret}@127.0.0.1:9/${addon.name}`
        : secret,
    ]),
  );
}

/**
 * Unpacks a source archive into `dir` and reads its process types: the Procfile's, or, without
 * one, `web: npm start` when package.json has a start script (the Node.js buildpack's default).
 * An archive with one top-level directory is unpacked from inside it, as Heroku does.
 */
export async function unpackSource(source: string, dir: string): Promise<Record<string, string>> {
  fs.mkdirSync(dir, { recursive: true });
  await tar.x({ file: source, cwd: dir, strict: true });
  const entries = fs.readdirSync(dir);
  if (entries.length === 1 && fs.statSync(path.join(dir, entries[0])).isDirectory()) {
    const inner = path.join(dir, entries[0]);
    for (const entry of fs.readdirSync(inner)) {
      fs.renameSync(path.join(inner, entry), path.join(dir, entry));
    }
    fs.rmdirSync(inner);
  }
  const procfile = path.join(dir, "Procfile");
  if (fs.existsSync(procfile)) {
    return Object.fromEntries(
      parseProcfile(fs.readFileSync(procfile, "utf8")).map(({ type, command }) => [type, command]),
    );
  }
  const manifest = path.join(dir, "package.json");
  const scripts = fs.existsSync(manifest)
    ? (JSON.parse(fs.readFileSync(manifest, "utf8")) as { scripts?: Record<string, string> })
        .scripts
    : undefined;
  return scripts?.start === undefined ? {} : { web: "npm start" };
}
