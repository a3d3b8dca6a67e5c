import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  createLogger,
  dynoShell,
  runDynos,
  runExitCode,
  runOneOff,
} from "../../src/local/supervisor";
import type { DynoExit, DynoRun } from "../../src/local/supervisor";
import type { Dyno } from "../../src/local/dynos";
import { staleAppDependencies } from "../../src/local/preflight";
import { isRunning, scratchDirs } from "../support/scratch";

/**
 * `npm run local`'s preflight (the app's dependencies) and its supervisor, on throwaway commands.
 */

const scratchDir = scratchDirs();

async function waitFor(ready: () => boolean, ms = 5000): Promise<void> {
  for (const start = Date.now(); !ready();) {
    if (Date.now() - start > ms) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

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

  test("commands run through bash, as on Heroku: assignments, builtins, real exit statuses", async () => {
    expect(dynoShell(() => true)).toBe("/bin/bash");
    expect(dynoShell(() => false)).toBe("/bin/sh");
    const lines: string[] = [];
    const log = createLogger(["one.1"], (text) => lines.push(text));
    const statusOf = (command: string) =>
      runOneOff(
        { ...dyno("one.1", command), env: { PATH: process.env.PATH ?? "" } },
        {
          cwd: os.tmpdir(),
          log,
        },
      ).done;
    expect(
      await statusOf("GREETING=hi node -e 'process.exit(process.env.GREETING === \"hi\" ? 7 : 1)'"),
    ).toBe(7);
    expect(await statusOf("exit 3")).toBe(3);
    expect(await statusOf("true && exit 4")).toBe(4);
    expect(await statusOf("echo $((40 + 2))")).toBe(0);
    expect(lines.join("")).toMatch(/one\.1 +\| 42$/m);
    expect(lines.join("")).toMatch(/local +\| one\.1: process exited with status 3$/m);
  });

  test("a lone command is exec'ed by the shell: the app is the dyno's main process", async () => {
    const lines: string[] = [];
    const log = createLogger(["web.1"], (text) => lines.push(text));
    run = runDynos([dyno("web.1", "PORT=1 sleep 30")], { cwd: os.tmpdir(), log });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const pid = Number(/\(pid (\d+), PORT/.exec(lines.join(""))?.[1]);
    // The pid the runner reports (and signals) is sleep's own: no shell in between (Linux).
    expect(fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim()).toBe("sleep");
    run.stop("test");
    const [exit] = await run.done;
    expect(exit).toMatchObject({ pid, signal: "SIGTERM", unexpected: false });
  });

  test("an environment Node can't pass on is one line, not a stack trace", async () => {
    const lines: string[] = [];
    const log = createLogger(["bad.1"], (text) => lines.push(text));
    run = runDynos([{ ...dyno("bad.1", "true"), env: { BAD: "a\0b" } }], { cwd: os.tmpdir(), log });
    const [exit] = await run.done;
    expect(exit).toMatchObject({ code: null, unexpected: true });
    expect(lines.join("")).toMatch(/local +\| bad\.1: could not start \(.*null bytes.*\)$/m);
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

  test("a daemon that left the dyno's process group and holds its output doesn't hold up the stop", async () => {
    const lines: string[] = [];
    const log = createLogger(["web.1"], (text) => lines.push(text));
    // The daemon (setsid: a session and group of its own) inherits the dyno's stdout and stays.
    const marker = `300.${process.pid}`; // five minutes, and a name pkill finds
    const command = `setsid sleep ${marker} & echo serving; exec sleep 60`;
    run = runDynos([dyno("web.1", command)], { cwd: os.tmpdir(), log, graceMs: 10_000 });
    try {
      await waitFor(() => lines.join("").includes("serving"));
      // Once it runs as sleep, setsid has given it a session of its own: SIGTERM can't reach it.
      await waitFor(() => spawnSync("pgrep", ["-f", `^sleep ${marker}$`]).status === 0);
      const started = Date.now();
      run.stop("test");
      const exits = await run.done;
      expect(exits).toEqual([expect.objectContaining({ signal: "SIGTERM", unexpected: false })]);
      expect(runExitCode(exits)).toBe(0);
      expect(Date.now() - started).toBeLessThan(5000); // not the 10 s grace: no false R12
      expect(lines.join("")).not.toMatch(/R12/);
    } finally {
      spawnSync("pkill", ["-f", `sleep ${marker}`]);
    }
  }, 20_000);

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
