import * as fs from "fs";
import * as path from "path";
import { StackConfigError } from "../../src/program/config/parse";
import { busyPorts } from "../../src/local/preflight";
import { stackFileConfig } from "../../src/stack-files/config";
import { loadStackFile } from "../../src/stack-files/load";
import { fixture } from "../support/paths";
import {
  START_TIMEOUT,
  answers,
  environOf,
  freeBasePort,
  get,
  killRunners,
  startRunner,
  waitFor,
} from "../support/runner";
import { isRunning, scratchDirs } from "../support/scratch";

/**
 * `npm run local -- <stack>`: the real runner on the staging fixture (the stack as first shipped,
 * given by path: the shipped stack files are the user's) and the real app.
 */
const STAGING = fixture("staging");

const scratchDir = scratchDirs();

afterEach(killRunners);

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
