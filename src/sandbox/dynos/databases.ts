import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { reachableClusterDir, startKeptCluster } from "../../local/postgres";
import type { KeptCluster } from "../../local/postgres";
import type { Watchdog } from "../../local/watchdog";

/**
 * A real PostgreSQL per `heroku-postgresql` add-on: a cluster of its own (src/local/postgres.ts)
 * whose data lives under the API's directory, so it outlives the API process as a Heroku
 * database outlives its dynos. It stops when the API stops and starts again, on the same port
 * and password, when the API starts: the app's DATABASE_URL stays good. Destroying the add-on
 * (or its app) drops it, data and all. `databases.json` (mode 0600, like the API's state, which
 * holds the same URL among the app's config vars) says which cluster is whose.
 */

interface DatabaseRecord {
  addonId: string;
  appId: string;
  dir: string;
  port: number;
  password: string;
}

/** Watchdog stage of the databases: stopped after the dynos that use them. */
const DATABASE_STAGE = 1;

export class Databases {
  private readonly file: string;
  private records: DatabaseRecord[];
  private readonly running = new Map<string, KeptCluster>();
  private readonly starting = new Map<string, Promise<KeptCluster>>();

  constructor(
    private readonly dir: string,
    private readonly hooks: { log(appId: string, line: string): void; watchdog?: Watchdog },
  ) {
    this.file = path.join(dir, "databases.json");
    this.records = fs.existsSync(this.file)
      ? (JSON.parse(fs.readFileSync(this.file, "utf8")) as DatabaseRecord[])
      : [];
  }

  /** A new database for the add-on: its URL. */
  async provision(appId: string, addonId: string): Promise<string> {
    const record: DatabaseRecord = {
      addonId,
      appId,
      dir: reachableClusterDir(path.join(this.dir, "databases", addonId)),
      port: 0,
      password: randomBytes(18).toString("hex"),
    };
    this.records.push(record);
    try {
      return (await this.start(record)).url;
    } catch (error) {
      this.records = this.records.filter((candidate) => candidate !== record);
      fs.rmSync(record.dir, { recursive: true, force: true });
      throw error;
    }
  }

  /**
   * Starts every database whose add-on still exists (`addonIds`) and drops the others' (destroyed
   * while the API was down). Answers the URLs that changed: a port taken meanwhile.
   */
  async resume(addonIds: ReadonlySet<string>): Promise<{ addonId: string; url: string }[]> {
    for (const record of this.records.filter((candidate) => !addonIds.has(candidate.addonId))) {
      await this.drop(record.addonId);
    }
    const moved: { addonId: string; url: string }[] = [];
    for (const record of [...this.records]) {
      const before = record.port;
      const cluster = await this.start(record);
      if (cluster.port !== before) moved.push({ addonId: record.addonId, url: cluster.url });
    }
    return moved;
  }

  /** Stops and deletes the add-on's database. */
  async drop(addonId: string): Promise<void> {
    const record = this.records.find((candidate) => candidate.addonId === addonId);
    if (record === undefined) return;
    this.records = this.records.filter((candidate) => candidate !== record);
    this.save();
    const cluster =
      this.running.get(addonId) ?? (await this.starting.get(addonId)?.catch(() => undefined));
    this.starting.delete(addonId);
    this.running.delete(addonId);
    if (cluster !== undefined) await cluster.drop();
    else fs.rmSync(record.dir, { recursive: true, force: true });
  }

  async dropApp(appId: string): Promise<void> {
    const ofApp = this.records.filter((record) => record.appId === appId);
    await Promise.all(ofApp.map((record) => this.drop(record.addonId)));
  }

  /** Stops every database; their data stays. */
  async close(): Promise<void> {
    await Promise.allSettled(this.starting.values());
    await Promise.all([...this.running.values()].map((cluster) => cluster.stop()));
    this.running.clear();
  }

  /** The databases' server processes (for the tests: nothing of a destroyed app may be left). */
  pids(): number[] {
    return [...this.running.values()].map((cluster) => cluster.pid);
  }

  /** Where each database's data lives, by add-on id. */
  dirs(): Record<string, string> {
    return Object.fromEntries(this.records.map((record) => [record.addonId, record.dir]));
  }

  private start(record: DatabaseRecord): Promise<KeptCluster> {
    const started = startKeptCluster({
      dir: record.dir,
      password: record.password,
      port: record.port === 0 ? undefined : record.port,
      watchdog: this.hooks.watchdog,
      stage: DATABASE_STAGE,
      log: (line) => this.hooks.log(record.appId, line),
    }).then((cluster) => {
      this.starting.delete(record.addonId);
      if (!this.records.includes(record)) {
        void cluster.drop(); // destroyed while it started
        return cluster;
      }
      record.port = cluster.port;
      this.running.set(record.addonId, cluster);
      this.save();
      return cluster;
    });
    started.catch(() => this.starting.delete(record.addonId));
    this.starting.set(record.addonId, started);
    return started;
  }

  private save(): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const partial = `${this.file}.partial`;
    fs.writeFileSync(partial, JSON.stringify(this.records, null, 1), { mode: 0o600 });
    fs.renameSync(partial, this.file);
  }
}
