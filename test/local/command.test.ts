import { spawn } from "child_process";
import type { ChildProcess } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { StackConfigError } from "../../src/program/config/parse";
import { busyPorts } from "../../src/local/preflight";
import { PROJECT_DIR } from "../../src/program/paths";
import { stackFileConfig } from "../../src/stack-files/config";
import { loadStackFile } from "../../src/stack-files/load";
import { fixture } from "../support/paths";
import { isRunning, scratchDirs } from "../support/scratch";
import { TYPESCRIPT_NODE_ARGS } from "../support/typescript-node";

/**
 * `npm run local -- <stack>`: the real runner on the staging fixture (the stack as first shipped,
 * given by path: the shipped stack files are the user's) and the real app.
 */
const STAGING = fixture("staging");

const scratchDir = scratchDirs();

/** First start may run `npm ci --prefix app`; CI has two cores. */
const START_TIMEOUT = 150_000;

interface Runner {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Dynos the runner reported starting: name → pid and PORT. */
  dynos: () => Map<string, { pid: number; port: number }>;
}

const runners: Runner[] = [];

function startRunner(args: string[]): Runner {
  const child = spawn(process.execPath, [...TYPESCRIPT_NODE_ARGS, "tools/local.ts", ...args], {
    cwd: PROJECT_DIR,
    detached: true, // its own process group, so cleanup can take it whole
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout?.on("data", (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (text += chunk.toString()));
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
  const runner = { child, output: () => text, exited, dynos };
  runners.push(runner);
  return runner;
}

afterEach(() => {
  // Whatever happened, nothing may outlive the test: the runner's group, then each dyno's group.
  for (const runner of runners.splice(0)) {
    for (const pid of [runner.child.pid, ...[...runner.dynos().values()].map((dyno) => dyno.pid)]) {
      if (pid === undefined) continue;
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // gone already
      }
    }
  }
});

async function waitFor<T>(
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

function get(
  port: number,
  urlPath: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      { host: "127.0.0.1", port, path: urlPath, agent: false },
      (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(body) }),
        );
      },
    );
    request.on("error", reject);
  });
}

const answers = (port: number) => () =>
  get(port, "/health").then(
    (response) => (response.status === 200 ? response : undefined),
    () => undefined,
  );

/** Four ports (base, base+1, base+100, base+101) below Linux's ephemeral range, all free. */
async function freeBasePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 10_000);
    if ((await busyPorts([base, base + 1, base + 100, base + 101])).length === 0) return base;
  }
  throw new Error("no free port range");
}

/** The environment a running dyno actually got (Linux). */
function environOf(pid: number): Record<string, string> {
  const raw = fs.readFileSync(`/proc/${pid}/environ`, "utf8");
  return Object.fromEntries(
    raw
      .split("\0")
      .filter((entry) => entry.includes("="))
      .map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]),
  );
}

describe("npm run local -- <stack>", () => {
  test(
    "staging: every dyno of its formation, its config, stopped cleanly by SIGTERM",
    async () => {
      const base = await freeBasePort();
      const runner = startRunner([STAGING, "--port", String(base)]);
      const started = await waitFor(
        "web.1 and worker.1 to start",
        () => (runner.dynos().size === 2 ? runner.dynos() : undefined),
        START_TIMEOUT,
        runner,
      );
      expect([...started.entries()]).toEqual([
        ["web.1", { pid: expect.any(Number), port: base }],
        ["worker.1", { pid: expect.any(Number), port: base + 100 }],
      ]);
      const health = await waitFor("/health on web.1", answers(base), 60_000, runner);
      expect(health.body).toEqual({ status: "ok" });
      const about = await get(base, "/");
      expect(about.body).toMatchObject({ environment: "production", dyno: "web.1" });
      await waitFor(
        "worker.1's first line",
        () => / worker\.1 +\| /.test(runner.output()) || undefined,
        30_000,
        runner,
      );

      const web = environOf(started.get("web.1")!.pid);
      const worker = environOf(started.get("worker.1")!.pid);
      expect(web).toMatchObject({
        DYNO: "web.1",
        PORT: String(base),
        NODE_ENV: "production",
        LOG_LEVEL: "debug",
      });
      expect(worker).toMatchObject({
        DYNO: "worker.1",
        PORT: String(base + 100),
        LOG_LEVEL: "debug",
      });
      expect(web.SESSION_SECRET).toMatch(/^[A-Za-z0-9_-]{48}$/);
      expect(worker.SESSION_SECRET).toBe(web.SESSION_SECRET); // one app, one config
      expect(Object.keys(web).filter((name) => /^(npm_|JEST_)/.test(name))).toEqual([]);

      runner.child.kill("SIGTERM");
      expect(await runner.exited).toBe(0);
      const output = runner.output();
      expect(output).not.toContain(web.SESSION_SECRET);
      expect(output).toMatch(/^\d\d:\d\d:\d\d local +\| .*sensitive vars .*: SESSION_SECRET$/m);
      expect(output).toMatch(/^\d\d:\d\d:\d\d web\.1 +\| .*"listening"/m);
      expect(output).toMatch(/local +\| received SIGTERM: stopping all dynos/);
      expect(output).toMatch(/local +\| web\.1: process exited with status 0$/m);
      expect(output).toMatch(/local +\| worker\.1: process exited with status 0$/m);
      expect(output).toMatch(/local +\| all dynos stopped$/m);
      for (const { pid } of started.values()) expect(isRunning(pid)).toBe(false);
      expect(await busyPorts([base, base + 100])).toEqual([]);
    },
    START_TIMEOUT + 90_000,
  );

  test(
    "--scale web=2,worker=0: two web dynos on their own ports, no worker; Ctrl-C stops them",
    async () => {
      const base = await freeBasePort();
      const runner = startRunner([STAGING, "--scale", "web=2,worker=0", "--port", String(base)]);
      const started = await waitFor(
        "web.1 and web.2 to start",
        () => (runner.dynos().size === 2 ? runner.dynos() : undefined),
        START_TIMEOUT,
        runner,
      );
      expect([...started.keys()]).toEqual(["web.1", "web.2"]);
      for (const [name, { port }] of started) {
        await waitFor(`/health on ${name}`, answers(port), 60_000, runner);
        expect((await get(port, "/")).body).toMatchObject({
          dyno: name,
          environment: "production",
        });
      }
      expect([...started.values()].map(({ port }) => port)).toEqual([base, base + 1]);
      expect(runner.output()).not.toMatch(/worker\.1/);

      runner.child.kill("SIGINT");
      expect(await runner.exited).toBe(0);
      expect(runner.output()).toMatch(/local +\| received SIGINT: stopping all dynos/);
      for (const { pid } of started.values()) expect(isRunning(pid)).toBe(false);
      expect(await busyPorts([base, base + 1])).toEqual([]);
    },
    START_TIMEOUT + 90_000,
  );

  test("bad flags: exit 2, every problem named by its flag, nothing started", async () => {
    const runner = startRunner([STAGING, "--scale", "web=two,cron=1", "--port", "0"]);
    expect(await runner.exited).toBe(2);
    const output = runner.output();
    expect(output).toContain('--scale: "web=two" is not type=quantity');
    expect(output).toContain('--scale: "cron" is not a process type in app/Procfile');
    expect(output).toContain('--port: "0" is not a port number');
    expect(output).toContain("usage: npm run local -- <stack>");
    expect(runner.dynos().size).toBe(0);

    const unknown = startRunner([STAGING, "--replicas", "2"]);
    expect(await unknown.exited).toBe(2);
    expect(unknown.output()).toContain("--replicas");
    const none = startRunner([]);
    expect(await none.exited).toBe(2);
  }, 60_000);

  test("a bad stack: exit 1 with every config problem, nothing started", async () => {
    const dir = scratchDir("local-stack-");
    const file = path.join(dir, "Pulumi.broken.yaml");
    fs.writeFileSync(
      file,
      [
        "config:",
        "  heroku-app:stage: qa",
        "  heroku-app:formation:",
        "    web: {quantity: -1, size: basic}",
        "    clock: {quantity: 1, size: basic}",
        "  heroku-app:configVars:",
        "    PORT: 80",
        "",
      ].join("\n"),
    );
    let expected: readonly string[] = [];
    try {
      stackFileConfig(loadStackFile(file));
    } catch (error) {
      if (error instanceof StackConfigError) expected = error.problems;
    }
    expect(expected.length).toBeGreaterThanOrEqual(3);
    const runner = startRunner([file]);
    expect(await runner.exited).toBe(1);
    for (const problem of expected) expect(runner.output()).toContain(problem);
    expect(runner.dynos().size).toBe(0);

    const missing = startRunner(["no-such-stack"]);
    expect(await missing.exited).toBe(1);
    expect(missing.output()).toContain("Pulumi.no-such-stack.yaml: no such stack file");
  }, 60_000);

  test("a formation of zero dynos starts nothing and says so", async () => {
    const runner = startRunner([STAGING, "--scale", "web=0,worker=0", "--no-install"]);
    expect(await runner.exited).toBe(0);
    expect(runner.output()).toMatch(/local +\| nothing to start: staging runs no dyno/);
  }, 60_000);
});
