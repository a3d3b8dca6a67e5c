import { execFileSync, spawn } from "child_process";
import type { ChildProcess } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as readline from "readline";
import { freeLoopbackPort } from "./preflight";
import { INSTALL_COMMAND, requirePostgresBinDir } from "./postgres-binaries";
import { startWatchdog } from "./watchdog";
import type { Watchdog } from "./watchdog";

/**
 * A throwaway PostgreSQL cluster, the local stand-in for a heroku-postgresql add-on: initdb in
 * a temp dir, `postgres` on a free loopback port with its Unix socket in that dir and a
 * generated password, stopped and deleted by stop() — or by a watchdog if the owner dies
 * first. `npm run local`, the tests and the benchmarks all start theirs here, so they never
 * drift apart.
 */

/** The superuser initdb creates, and the database every cluster has. */
export const CLUSTER_USER = "postgres";
export const CLUSTER_DATABASE = "postgres";
const READY_LINE = /database system is ready to accept connections/;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

export interface Cluster {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/postgres`: a secret, never print it. */
  url: string;
  port: number;
  /** The temp dir holding the data directory and the socket; deleted by stop(). */
  dir: string;
  pid: number;
  /** Shuts the server down (fast shutdown), then deletes the dir. Idempotent. */
  stop(): Promise<void>;
}

export interface ClusterOptions {
  binDir?: string;
  /** Each line the server logs. */
  log?: (line: string) => void;
  /** Cleans up if the owner dies; by default the cluster starts its own. */
  watchdog?: Watchdog;
  /** The watchdog stage: after the dynos that use the database. */
  stage?: number;
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const binDir = options.binDir ?? requirePostgresBinDir();
  const owner = clusterOwner();
  const ownWatchdog = options.watchdog === undefined;
  const watchdog = options.watchdog ?? startWatchdog(STOP_TIMEOUT_MS);
  const stage = options.stage ?? 0;
  const dir = fs.mkdtempSync(path.join(clusterBase(owner), "heroku-local-pg-"));
  watchdog.removeDir(dir, stage);
  let server: ChildProcess | undefined;
  const stop = async () => {
    if (server?.pid !== undefined) {
      await stopServer(server);
      watchdog.unwatchGroup(server.pid);
    }
    fs.rmSync(dir, { recursive: true, force: true });
    watchdog.keepDir(dir);
    if (ownWatchdog) watchdog.release();
  };
  try {
    const password = randomBytes(18).toString("hex");
    const passwordFile = path.join(dir, "password");
    fs.writeFileSync(passwordFile, password, { mode: 0o600 });
    if (owner) for (const file of [dir, passwordFile]) fs.chownSync(file, owner.uid, owner.gid);
    const dataDir = path.join(dir, "data");
    await run(path.join(binDir, "initdb"), owner, [
      ...["-D", dataDir, "-U", CLUSTER_USER, "--auth=scram-sha-256", `--pwfile=${passwordFile}`],
      ...["--no-locale", "--encoding=UTF8", "--no-sync", "--no-instructions"],
    ]);
    fs.rmSync(passwordFile);
    for (let attempt = 1; ; attempt++) {
      const port = await freeLoopbackPort();
      const started = await startServer(binDir, owner, dataDir, dir, port, options.log);
      if ("child" in started) {
        server = started.child;
        watchdog.watchGroup(server.pid!, { stage, signal: "SIGINT" });
        const url = `postgres://${CLUSTER_USER}:${password}@127.0.0.1:${port}/${CLUSTER_DATABASE}`;
        return { url, port, dir, pid: server.pid!, stop };
      }
      // Another process took the port between the check and the bind: try another.
      if (!started.portTaken || attempt === 3) throw new Error(started.error);
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A cluster whose data outlives its server: the sandbox's database of a heroku-postgresql add-on. */
export interface KeptCluster {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/postgres`: a secret, never print it. */
  url: string;
  port: number;
  pid: number;
  /** Shuts the server down (fast shutdown); the data stays for the next start. Idempotent. */
  stop(): Promise<void>;
  /** Shuts it down and deletes its data (the add-on was destroyed). */
  drop(): Promise<void>;
}

/**
 * Starts the cluster kept in `dir`, made there first (initdb, with `password`) when it has none:
 * on `port` when it is free, else on another (the URL says which). No Unix socket: a kept
 * cluster's directory may be deep enough to pass the socket path's 107-byte limit, and clients
 * use TCP. The watchdog stops the server if the owner dies; it never deletes the data.
 */
export async function startKeptCluster(options: {
  dir: string;
  password: string;
  port?: number;
  binDir?: string;
  log?: (line: string) => void;
  watchdog?: Watchdog;
  stage?: number;
}): Promise<KeptCluster> {
  const binDir = options.binDir ?? requirePostgresBinDir();
  const owner = clusterOwner();
  const { dir, password } = options;
  const dataDir = path.join(dir, "data");
  // Its parent passable by the server's user whatever the umask, itself that user's only.
  if (!fs.existsSync(path.dirname(dir))) {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.chmodSync(path.dirname(dir), 0o755);
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    fs.rmSync(dataDir, { recursive: true, force: true }); // a half-made one (initdb interrupted)
    const passwordFile = path.join(dir, "password");
    fs.writeFileSync(passwordFile, password, { mode: 0o600 });
    if (owner) fs.chownSync(passwordFile, owner.uid, owner.gid);
    try {
      await run(path.join(binDir, "initdb"), owner, [
        ...["-D", dataDir, "-U", CLUSTER_USER, "--auth=scram-sha-256", `--pwfile=${passwordFile}`],
        ...["--no-locale", "--encoding=UTF8", "--no-sync", "--no-instructions"],
      ]);
    } finally {
      fs.rmSync(passwordFile, { force: true });
    }
  }
  for (let attempt = 1; ; attempt++) {
    const port =
      attempt === 1 && options.port !== undefined ? options.port : await freeLoopbackPort();
    const started = await startServer(binDir, owner, dataDir, "", port, options.log);
    if ("child" in started) {
      const server = started.child;
      options.watchdog?.watchGroup(server.pid!, { stage: options.stage ?? 0, signal: "SIGINT" });
      const stop = async () => {
        await stopServer(server);
        options.watchdog?.unwatchGroup(server.pid!);
      };
      return {
        url: `postgres://${CLUSTER_USER}:${password}@127.0.0.1:${port}/${CLUSTER_DATABASE}`,
        port,
        pid: server.pid!,
        stop,
        drop: async () => {
          await stop();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    if (!started.portTaken || attempt === 3) throw new Error(started.error);
  }
}

/**
 * Where a kept cluster may live: `preferred` when the server's user can reach it (always, unless
 * running as root: then PostgreSQL runs as `postgres`, who must pass through every parent), else
 * `heroku-sandbox-pg-<its last part>` under a base it can reach (/tmp, /var/tmp).
 */
export function reachableClusterDir(preferred: string): string {
  const owner = clusterOwner();
  if (owner === undefined || reachable(path.dirname(preferred))) return preferred;
  return path.join(clusterBase(owner), `heroku-sandbox-pg-${path.basename(preferred)}`);
}

const reachable = (dir: string): boolean => {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (!fs.existsSync(at)) continue;
    if ((fs.statSync(at).mode & 0o001) === 0) return false;
    if (path.dirname(at) === at) return true;
  }
};

/**
 * Where the cluster's directory goes: the temp directory, unless the server runs as another
 * user (as root) who can't reach into it — a TMPDIR made by `mktemp -d` is root's alone (0700),
 * and initdb would fail with "Permission denied". Then the first of /tmp and /var/tmp every one of
 * whose parents anybody may pass through.
 */
function clusterBase(owner: Owner): string {
  const candidates = [os.tmpdir(), "/tmp", "/var/tmp"];
  if (owner === undefined) return candidates[0];
  const base = candidates.find((dir) => fs.existsSync(dir) && reachable(dir));
  if (base === undefined) {
    throw new Error(
      `PostgreSQL runs as the postgres user, who can't reach ${candidates.join(", ")}: set TMPDIR to a directory others may pass through (chmod o+x)`,
    );
  }
  return base;
}

/** Who runs the server: this process's user, or (as root) Debian's `postgres` user. */
type Owner = { uid: number; gid: number } | undefined;

/** PostgreSQL refuses to run as root: as root, run it as Debian's `postgres` system user. */
function clusterOwner(): Owner {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag: string) =>
      Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }));
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    throw new Error(
      "PostgreSQL refuses to run as root and this machine has no `postgres` user to run it as: " +
        `run as another user, or install Debian's package (\`${INSTALL_COMMAND}\`), which creates it`,
    );
  }
}

function spawnAs(
  command: string,
  owner: Owner,
  args: string[],
  options: { cwd: string; detached: boolean },
) {
  // Only what the server needs: nothing like PGDATA or PGPORT leaks in from the shell.
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", LC_ALL: "C", TZ: "UTC" };
  return spawn(command, args, { env, ...options, stdio: ["ignore", "pipe", "pipe"], ...owner });
}

function run(command: string, owner: Owner, args: string[]) {
  return new Promise<void>((resolve, reject) => {
    const child = spawnAs(command, owner, args, { cwd: path.dirname(args[1]), detached: false });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => {
      if (code === 0) return resolve();
      const last = output.trim().split("\n").slice(-3).join(" / ");
      reject(new Error(`${path.basename(command)} failed (exit status ${code}): ${last}`));
    });
  });
}

function startServer(
  binDir: string,
  owner: Owner,
  dataDir: string,
  socketDir: string,
  port: number,
  log: ((line: string) => void) | undefined,
): Promise<{ child: ChildProcess } | { error: string; portTaken: boolean }> {
  const child = spawnAs(
    path.join(binDir, "postgres"),
    owner,
    [
      ...["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1"],
      ...["-c", `unix_socket_directories=${socketDir}`, "-c", "unix_socket_permissions=0700"], // "": none
      // A throwaway cluster: durability buys nothing, speed does.
      ...["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
      // Its log is the app's (`app[heroku-postgres]` in the sandbox): no line every 5 minutes.
      ...["-c", "log_checkpoints=off"],
    ],
    // Its own process group, so a stop (or the watchdog) reaches every backend.
    { cwd: path.dirname(dataDir), detached: true },
  );
  return new Promise((resolve) => {
    const lines: string[] = [];
    let settled = false;
    const settle = (value: { child: ChildProcess } | { error: string; portTaken: boolean }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    const timer = setTimeout(() => {
      signalGroup(child, "SIGKILL");
      settle({
        error: `postgres did not start within ${START_TIMEOUT_MS / 1000} s`,
        portTaken: false,
      });
    }, START_TIMEOUT_MS);
    for (const stream of [child.stdout!, child.stderr!]) {
      readline.createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => {
        log?.(line);
        lines.push(line);
        if (READY_LINE.test(line)) settle({ child });
      });
    }
    child.once("error", (error) => settle({ error: error.message, portTaken: false }));
    child.once("exit", (code) => {
      const text = lines.join(" / ");
      settle({
        error: `postgres exited with status ${code} while starting: ${text}`,
        portTaken: /could not (bind|create listen)|already in use/i.test(text),
      });
    });
  });
}

/** Fast shutdown (SIGINT: disconnect clients, checkpoint, exit); SIGKILL if it hangs. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  signalGroup(child, "SIGINT");
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS);
  });
  if (await Promise.race([exited.then(() => false), timedOut])) {
    signalGroup(child, "SIGKILL");
    await exited;
  }
  clearTimeout(timer);
  signalGroup(child, "SIGKILL"); // any backend left behind goes with it
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}
