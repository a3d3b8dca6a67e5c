import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR } from "../program/paths";
import { startSandboxApi } from "./api/server";
import type { SandboxApi } from "./api/server";
import { DynoRuntime, HEROKU_TIMINGS } from "./dynos/runtime";

/**
 * The sandbox's Platform API as a process of its own: `npm run sandbox -- api` serves it in the
 * foreground; the engine verbs start it in the background when it isn't running; `stop` stops it.
 * Its state (`<dir>/state.json`, blobs) outlives it; `<dir>/server.json` says where a running one
 * listens, and the port it last listened on is taken again, so the URLs it handed out stay good.
 */

export interface RunningApi {
  url: string;
  key: string;
  pid: number;
}

export const SANDBOX_DIR = path.join(PROJECT_DIR, ".sandbox");
export const API_DIR = path.join(SANDBOX_DIR, "api");

const serverFile = (dir: string) => path.join(dir, "server.json");
const START_TIMEOUT_MS = 20_000;

/** Serves the API in this process until SIGINT/SIGTERM; writes server.json while it runs. */
export async function serveApi(dir = API_DIR, say = (line: string) => console.error(line)) {
  fs.mkdirSync(dir, { recursive: true });
  const previous = readServerFile(dir);
  let api: SandboxApi;
  // The API runs what it releases: builds, release phases, dynos, routers, databases.
  const runtime = new DynoRuntime({ dir });
  try {
    api = await startSandboxApi({ dir, port: previous?.port ?? 0, runtime });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    say(
      `sandbox: port ${previous?.port} is taken now; the API listens on another (URLs it gave before change)`,
    );
    api = await startSandboxApi({ dir, port: 0, runtime });
  }
  const port = Number(new URL(api.url).port);
  fs.writeFileSync(serverFile(dir), JSON.stringify({ pid: process.pid, url: api.url, port }));
  say(
    `sandbox: the Platform API listens on ${api.url} (state: ${path.relative(process.cwd(), dir) || "."})`,
  );
  const stop = async () => {
    const current = readServerFile(dir);
    if (current?.pid === process.pid) {
      fs.writeFileSync(serverFile(dir), JSON.stringify({ port }));
    }
    await api.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
  return api;
}

/** The running API, started in the background first if need be. */
export async function ensureApi(dir = API_DIR): Promise<RunningApi> {
  const running = await runningApi(dir);
  if (running !== undefined) return running;
  fs.mkdirSync(dir, { recursive: true });
  const log = fs.openSync(path.join(dir, "api.log"), "a");
  const child = spawn(
    process.execPath,
    [
      "-r",
      path.join(PROJECT_DIR, "tools", "register.js"),
      path.join(PROJECT_DIR, "tools", "sandbox.ts"),
      "api",
      "--dir",
      dir,
    ],
    { detached: true, stdio: ["ignore", log, log], cwd: PROJECT_DIR },
  );
  child.unref();
  fs.closeSync(log);
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = await runningApi(dir);
    if (started !== undefined) return started;
    if (child.exitCode !== null) break;
  }
  throw new Error(`the sandbox's API did not start: see ${path.join(dir, "api.log")}`);
}

/** The API running on `dir`'s state, if one answers. */
export async function runningApi(dir = API_DIR): Promise<RunningApi | undefined> {
  const server = readServerFile(dir);
  if (server?.pid === undefined || server.url === undefined || !alive(server.pid)) return undefined;
  try {
    const answer = await fetch(`${server.url}/sandbox/health`, {
      signal: AbortSignal.timeout(2000),
    });
    if (!answer.ok) return undefined;
  } catch {
    return undefined;
  }
  const state = JSON.parse(fs.readFileSync(path.join(dir, "state.json"), "utf8")) as {
    key: string;
  };
  return { url: server.url, key: state.key, pid: server.pid };
}

/** Stops the running API (its state stays); whether one was running. */
export async function stopApi(dir = API_DIR): Promise<boolean> {
  const server = readServerFile(dir);
  if (server?.pid === undefined || !alive(server.pid)) return false;
  process.kill(server.pid, "SIGTERM");
  // Its dynos get Heroku's grace to stop, and its databases a moment after them.
  const deadline = Date.now() + HEROKU_TIMINGS.graceMs + 15_000;
  while (alive(server.pid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (alive(server.pid)) process.kill(server.pid, "SIGKILL");
  return true;
}

function readServerFile(dir: string): { pid?: number; url?: string; port?: number } | undefined {
  try {
    return JSON.parse(fs.readFileSync(serverFile(dir), "utf8")) as {
      pid?: number;
      url?: string;
      port?: number;
    };
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
