import { spawn } from "child_process";
import type { ChildProcess } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { StackConfigError } from "../src/config";
import { createLogger, runDynos, runExitCode, shellCommand } from "../src/local-dynos";
import type { DynoExit, DynoRun } from "../src/local-dynos";
import { localNotes } from "../src/local-notes";
import {
  LocalUsageError,
  buildDynoEnvironments,
  dynoBaseEnv,
  generateLocalSecrets,
  localSecretNames,
  parsePort,
  parseScale,
} from "../src/local-plan";
import type { Dyno } from "../src/local-plan";
import { busyPorts, staleAppDependencies } from "../src/local-setup";
import { readProcfile } from "../src/procfile";
import { stackFileConfig } from "../src/stack-config";
import { PROJECT_DIR } from "../src/paths";
import { loadStackFile } from "../src/stack-file";
import { TYPESCRIPT_NODE_ARGS } from "./typescript-node";

/**
 * `npm run local`: the pure parts (flags, dynos and their environments, notes), the supervisor
 * on throwaway commands, and the real runner on the staging stack and the real app.
 */

const scratchDirs: string[] = [];
const scratchDir = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  scratchDirs.push(dir);
  return dir;
};
afterAll(() => scratchDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const staging = () => stackFileConfig(loadStackFile("staging")).config;
const problemsOf = (run: () => unknown): readonly string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof LocalUsageError) return error.problems;
    throw error;
  }
  throw new Error("no problem reported");
};

describe("flags", () => {
  const formation = staging().formation;

  test("--scale sets quantities of the Procfile's process types", () => {
    expect(parseScale("web=2,worker=0", formation)).toEqual({ web: 2, worker: 0 });
    expect(parseScale(" worker=3 ", formation)).toEqual({ worker: 3 });
  });

  test("--scale reports every bad item, each naming the flag", () => {
    const problems = problemsOf(() =>
      parseScale("web=two,cron=1,web=1,web=2,worker=101", formation),
    );
    expect(problems).toEqual([
      '--scale: "web=two" is not type=quantity (e.g. web=2)',
      '--scale: "cron" is not a process type in app/Procfile (web, worker)',
      '--scale: "web" is given twice',
      "--scale: worker=101: at most 100 dynos per process type",
    ]);
    expect(problemsOf(() => parseScale(",", formation))).toEqual([
      "--scale: give type=quantity pairs, e.g. web=1,worker=0",
    ]);
    expect(problemsOf(() => parseScale("web=-1", formation))[0]).toMatch(/^--scale: /);
  });

  test("--port is a port number", () => {
    expect(parsePort("5000")).toBe(5000);
    for (const bad of ["0", "65536", "50x", "", "-1"]) {
      expect(problemsOf(() => parsePort(bad))).toEqual([
        `--port: ${JSON.stringify(bad)} is not a port number (1–65535)`,
      ]);
    }
  });
});

describe("dynos and their environments", () => {
  const config = staging();
  const secrets = { SESSION_SECRET: "s".repeat(48) };
  const context = {
    processes: readProcfile(),
    secrets,
    baseEnv: { PATH: "/bin", HOME: "/home/me", PORT: "1", DYNO: "x" },
  };

  test("one PORT per dyno: +100 per process type, +1 per instance; DYNO is type.N", () => {
    const dynos = buildDynoEnvironments(config, { web: 2, worker: 2 }, 7000, context);
    expect(dynos.map(({ name, port, command }) => [name, port, command])).toEqual([
      ["web.1", 7000, "node src/server.js"],
      ["web.2", 7001, "node src/server.js"],
      ["worker.1", 7100, "node src/worker.js"],
      ["worker.2", 7101, "node src/worker.js"],
    ]);
    for (const dyno of dynos) {
      expect(dyno.env).toEqual({
        PATH: "/bin",
        HOME: "/home/me",
        NODE_ENV: "production",
        LOG_LEVEL: "debug",
        SESSION_SECRET: secrets.SESSION_SECRET,
        PORT: String(dyno.port),
        DYNO: dyno.name,
      });
    }
  });

  test("the stack's formation unless scaled; a quantity of 0 starts nothing", () => {
    const names = (scale: Record<string, number>) =>
      buildDynoEnvironments(config, scale, 5000, context).map(({ name }) => name);
    expect(names({})).toEqual(["web.1", "worker.1"]);
    expect(names({ worker: 0 })).toEqual(["web.1"]);
    expect(names({ web: 0, worker: 0 })).toEqual([]);
    // a worker's ports stay put when web is scaled to 0
    expect(buildDynoEnvironments(config, { web: 0 }, 5000, context)[0].port).toBe(5100);
  });

  test("a base port that leaves no room is a --port problem", () => {
    expect(problemsOf(() => buildDynoEnvironments(config, {}, 65500, context))).toEqual([
      "--port: 65500 leaves no port for worker.1 (it would get 65600; the last is 65535)",
    ]);
  });

  test("sensitive vars: the stack's names plus SESSION_SECRET, random, shared, fresh per run", () => {
    const names = localSecretNames({ sensitiveVars: { API_TOKEN: "x", SESSION_SECRET: "y" } });
    expect(names).toEqual(["API_TOKEN", "SESSION_SECRET"]);
    const first = generateLocalSecrets(names);
    const second = generateLocalSecrets(names);
    expect(Object.keys(first)).toEqual(names);
    for (const name of names) {
      expect(first[name]).toMatch(/^[A-Za-z0-9_-]{48}$/);
      expect(first[name]).not.toBe(second[name]);
    }
    expect(first.API_TOKEN).not.toBe(first.SESSION_SECRET);
  });

  test("a dyno inherits only PATH, HOME, user, locale and temp dir from the machine", () => {
    const env = dynoBaseEnv(
      { PATH: "/usr/bin:/bin", HOME: "/h", LANG: "C.UTF-8", NODE_ENV: "test", npm_config_x: "1" },
      "/opt/node/bin",
      "/srv/app",
    );
    expect(env).toEqual({
      PATH: ["/opt/node/bin", "/usr/bin", "/bin", "/srv/app/node_modules/.bin"].join(
        path.delimiter,
      ),
      HOME: "/h",
      LANG: "C.UTF-8",
    });
  });

  test("the start notes name what isn't simulated, and never a secret's value", () => {
    const dynos = buildDynoEnvironments(config, { web: 2 }, 5000, context);
    const formation = config.formation.map((entry) =>
      entry.type === "web" ? { ...entry, quantity: 2 } : entry,
    );
    const notes = localNotes({
      config,
      formation,
      dynos,
      secretNames: ["SESSION_SECRET"],
      graceMs: 30_000,
    }).join("\n");
    expect(notes).toContain("stack staging (Pulumi.staging.yaml): web=2 worker=1");
    expect(notes).toContain("dyno sizes don't apply locally (web: basic, worker: basic)");
    expect(notes).toContain("web=2: Heroku runs at most 1 basic dyno per process type");
    expect(notes).toContain("add-ons aren't provisioned locally");
    expect(notes).toContain("http://localhost:5000 (web.1), http://localhost:5001 (web.2)");
    expect(notes).toMatch(/random local values.*: SESSION_SECRET$/m);
    expect(notes).not.toContain(secrets.SESSION_SECRET);
  });
});

describe("app dependencies", () => {
  const appDir = () => {
    const dir = scratchDir("local-app-");
    fs.writeFileSync(path.join(dir, "package-lock.json"), "{}");
    return dir;
  };

  test("missing or older than the lockfile means npm ci; installed after it means nothing", () => {
    const dir = appDir();
    expect(staleAppDependencies(dir)).toBe(`${path.basename(dir)}/node_modules is missing`);
    const hidden = path.join(dir, "node_modules", ".package-lock.json");
    fs.mkdirSync(path.dirname(hidden));
    fs.writeFileSync(hidden, "{}");
    fs.utimesSync(hidden, new Date(2020, 0, 1), new Date(2020, 0, 1));
    expect(staleAppDependencies(dir)).toMatch(/node_modules is older than .*package-lock.json$/);
    fs.utimesSync(hidden, new Date(), new Date(Date.now() + 1000));
    expect(staleAppDependencies(dir)).toBeUndefined();
  });
});

describe("the supervisor", () => {
  let run: DynoRun | undefined;
  afterEach(() => run?.kill());

  const dyno = (name: string, command: string): Dyno => ({
    name,
    type: name.split(".")[0],
    command,
    port: 0,
    env: { PATH: process.env.PATH ?? "" },
  });

  test("simple commands are exec'ed, compound ones run as written", () => {
    expect(shellCommand("node src/server.js")).toBe("exec node src/server.js");
    expect(shellCommand("npm run migrate && node x.js")).toBe("npm run migrate && node x.js");
    expect(shellCommand("exec node x.js")).toBe("exec node x.js");
  });

  test("a crash is reported with its status and stops the others; R12 after the grace", async () => {
    const lines: string[] = [];
    const log = createLogger(["crash.1", "stubborn.1"], (text) => lines.push(text));
    // Ignored from the first instant (an ignored signal stays ignored across exec).
    const ignoreTerm = "trap '' TERM; echo up; exec sleep 60";
    const crash = "node -e \"setTimeout(()=>{console.error('boom');process.exit(3)},500)\"";
    run = runDynos([dyno("crash.1", crash), dyno("stubborn.1", ignoreTerm)], {
      cwd: os.tmpdir(),
      log,
      graceMs: 1500,
    });
    const exits = await run.done;
    const output = lines.join("");
    expect(exits).toEqual<DynoExit[]>([
      expect.objectContaining({ name: "crash.1", code: 3, unexpected: true, killed: false }),
      expect.objectContaining({ name: "stubborn.1", signal: "SIGKILL", killed: true }),
    ]);
    expect(runExitCode(exits)).toBe(1);
    expect(output).toMatch(/^\d\d:\d\d:\d\d crash\.1 +\| boom$/m);
    expect(output).toMatch(
      /^\d\d:\d\d:\d\d local +\| crash\.1: process exited with status 3: crashed$/m,
    );
    expect(output).toMatch(/local +\| crash\.1 crashed: stopping all dynos/);
    expect(output).toMatch(/stubborn\.1 +\| up$/m);
    expect(output).toMatch(/stubborn\.1: Error R12 \(Exit timeout\)/);
    for (const { pid } of exits) expect(isRunning(pid)).toBe(false);
  }, 30_000);

  test("a stop that every dyno honours is a clean exit", async () => {
    const log = createLogger(["sleep.1"], () => undefined);
    run = runDynos([dyno("sleep.1", "sleep 60")], { cwd: os.tmpdir(), log });
    setTimeout(() => run?.stop("test"), 300);
    const exits = await run.done;
    expect(exits).toEqual([expect.objectContaining({ signal: "SIGTERM", unexpected: false })]);
    expect(runExitCode(exits)).toBe(0);
  });
});

// --- the real runner --------------------------------------------------------------------------

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

function isRunning(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

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
      const runner = startRunner(["staging", "--port", String(base)]);
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
      const runner = startRunner(["staging", "--scale", "web=2,worker=0", "--port", String(base)]);
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
    const runner = startRunner(["staging", "--scale", "web=two,cron=1", "--port", "0"]);
    expect(await runner.exited).toBe(2);
    const output = runner.output();
    expect(output).toContain('--scale: "web=two" is not type=quantity');
    expect(output).toContain('--scale: "cron" is not a process type in app/Procfile');
    expect(output).toContain('--port: "0" is not a port number');
    expect(output).toContain("usage: npm run local -- <stack>");
    expect(runner.dynos().size).toBe(0);

    const unknown = startRunner(["staging", "--replicas", "2"]);
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
    const runner = startRunner(["staging", "--scale", "web=0,worker=0", "--no-install"]);
    expect(await runner.exited).toBe(0);
    expect(runner.output()).toMatch(/local +\| nothing to start: staging runs no dyno/);
  }, 60_000);
});
