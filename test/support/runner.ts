import { spawn } from "child_process";
import type { ChildProcess } from "child_process";
import * as fs from "fs";
import * as http from "http";
import { busyPorts } from "../../src/local/preflight";
import { PROJECT_DIR } from "../../src/program/paths";
import { TYPESCRIPT_NODE_ARGS } from "./typescript-node";

/**
 * `npm run local` as a real child process, for the tests of test/local/: start it, read what it
 * reports, talk to its dynos over HTTP, and make sure nothing it started outlives the test.
 */

/** First start may run `npm ci --prefix app`; CI has two cores. */
export const START_TIMEOUT = 150_000;

export interface Runner {
  child: ChildProcess;
  output: () => string;
  /** What it wrote on stderr alone. */
  errors: () => string;
  exited: Promise<number | null>;
  /** Dynos the runner reported starting: name → pid and PORT. */
  dynos: () => Map<string, { pid: number; port: number }>;
  /** The PostgreSQL server it reported starting (its log's `[pid] LOG: starting`). */
  postgresPid: () => number | undefined;
}

const runners: Runner[] = [];

export function startRunner(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; stdout?: "pipe" | "ignore" } = {},
): Runner {
  const child = spawn(process.execPath, [...TYPESCRIPT_NODE_ARGS, "tools/local.ts", ...args], {
    cwd: PROJECT_DIR,
    env: options.env ?? withoutDatabaseUrl(process.env),
    detached: true, // its own process group, so cleanup can take it whole
    stdio: ["ignore", options.stdout ?? "pipe", "pipe"],
  });
  let text = "";
  let errors = "";
  child.stdout?.on("data", (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => {
    text += chunk.toString();
    errors += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on("close", (code) => resolve(code)),
  );
  const dynos = () => {
    const found = new Map<string, { pid: number; port: number }>();
    for (const [, name, pid, port] of text.matchAll(
      / (\S+): starting process .*\(pid (\d+), PORT (\d+)\)/g,
    )) {
      found.set(name, { pid: Number(pid), port: Number(port) });
    }
    return found;
  };
  const postgresPid = () => {
    const match = / postgres +\| .*\[(\d+)\] LOG: +starting PostgreSQL/.exec(text);
    return match ? Number(match[1]) : undefined;
  };
  const runner = { child, output: () => text, errors: () => errors, exited, dynos, postgresPid };
  runners.push(runner);
  return runner;
}

/** A DATABASE_URL exported where the tests run must not change what they test. */
function withoutDatabaseUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.DATABASE_URL;
  return copy;
}

/** Whatever happened, nothing may outlive a test: the runner's group, then each dyno's. */
export function killRunners(): void {
  for (const runner of runners.splice(0)) {
    const pids = [runner.child.pid, ...[...runner.dynos().values()].map((dyno) => dyno.pid)];
    for (const pid of [...pids, runner.postgresPid()]) {
      if (pid === undefined) continue;
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // gone already
      }
    }
  }
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms: number,
  runner?: Runner,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}\n--- runner output ---\n${runner?.output() ?? ""}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A request to a dyno; resolves with its status and JSON body. */
export function request(
  port: number,
  urlPath: string,
  { method = "GET", json }: { method?: string; json?: unknown } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const headers = json === undefined ? {} : { "Content-Type": "application/json" };
    const req = http.request(
      { host: "127.0.0.1", port, path: urlPath, method, headers, agent: false },
      (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(body) }),
        );
      },
    );
    req.on("error", reject);
    req.end(json === undefined ? undefined : JSON.stringify(json));
  });
}

export function get(port: number, urlPath: string) {
  return request(port, urlPath);
}

/** A probe for waitFor: the dyno's /health answer once it answers 200. */
export const answers = (port: number) => () =>
  get(port, "/health").then(
    (response) => (response.status === 200 ? response : undefined),
    () => undefined,
  );

/** Four ports (base, base+1, base+100, base+101) below Linux's ephemeral range, all free. */
export async function freeBasePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 10_000);
    if ((await busyPorts([base, base + 1, base + 100, base + 101])).length === 0) return base;
  }
  throw new Error("no free port range");
}

/** The environment a running dyno actually got (Linux). */
export function environOf(pid: number): Record<string, string> {
  const raw = fs.readFileSync(`/proc/${pid}/environ`, "utf8");
  return Object.fromEntries(
    raw
      .split("\0")
      .filter((entry) => entry.includes("="))
      .map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]),
  );
}
