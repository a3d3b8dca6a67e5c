import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR } from "../../src/program/paths";
import { fixture } from "../support/paths";
import { copyProjectRepo } from "../support/project-copy";
import type { ProjectCopy } from "../support/project-copy";
import { scratchDirs } from "../support/scratch";
import { writeStackFile } from "../support/stack-files";
import { TYPESCRIPT_NODE_ARGS } from "../support/typescript-node";

/**
 * `npm run plan` as its own process, as a user and CI start it (the processes tier,
 * test/tiers.js): its entry point wires the command to stdout, stderr and the exit status, and a
 * machine without the Pulumi toolchain is told what to install. What the command prints is tested
 * in-process (plan.test.ts, against.test.ts).
 */

const TIMEOUT = 60_000;
const scratch = scratchDirs();

/** tools/plan.ts in `cwd`, with `env` as its whole environment when given. */
const planProcess = (cwd: string, args: string[], env?: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, [...TYPESCRIPT_NODE_ARGS, path.join("tools", "plan.ts"), ...args], {
    cwd,
    encoding: "utf8",
    env,
  });

test(
  "tools/plan.ts: JSON on stdout, exit 0; exit 1 and the problems for bad config, nothing on stdout",
  () => {
    const ok = planProcess(PROJECT_DIR, [fixture("staging"), "--json"]);
    expect({ status: ok.status, stderr: ok.stderr }).toEqual({ status: 0, stderr: "" });
    expect(JSON.parse(ok.stdout).stack).toBe("staging");
    const broken = writeStackFile(
      "broken",
      "config:\n  heroku-app:formation:\n    web:\n      quantity: 2\n      size: standard-3x\n",
    );
    const bad = planProcess(PROJECT_DIR, [broken]);
    expect({ status: bad.status, stdout: bad.stdout }).toEqual({ status: 1, stdout: "" });
    expect(bad.stderr).toContain(
      'heroku-app:formation.web.size: "standard-3x" is not a Heroku dyno size',
    );
  },
  TIMEOUT,
);

test("the SDK in the plan's process: no arborist, TypeScript's compiler only once used (tools/lean-sdk.js)", () => {
  // arborist's own dependencies (pacote, …) loaded would mean the real arborist was.
  const script = `
    const loaded = (name) => Object.keys(require.cache).some((file) => file.includes(name));
    const pulumi = require("@pulumi/pulumi");
    const before = { typescript: loaded("/typescript/lib/"), arborist: loaded("/pacote/") };
    const shim = require("@pulumi/pulumi/typescript-shim");
    const used = { version: shim.version, typescript: loaded("/typescript/lib/") };
    let arborist;
    try { new (require("@npmcli/arborist").Arborist)(); } catch (error) { arborist = error.message; }
    process.stdout.write(JSON.stringify({ sdk: typeof pulumi.CustomResource, before, used, arborist }));`;
  const run = spawnSync(process.execPath, ["-r", "./tools/lean-sdk.js", "-e", script], {
    cwd: PROJECT_DIR,
    encoding: "utf8",
  });
  expect(run.stderr).toBe("");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { version } = require("typescript") as { version: string };
  expect(JSON.parse(run.stdout)).toEqual({
    sdk: "function",
    before: { typescript: false, arborist: false },
    used: { version, typescript: true },
    arborist: expect.stringContaining("tools/no-arborist.js"),
  });
});

describe("--against", () => {
  let repo: ProjectCopy;
  beforeAll(() => {
    repo = copyProjectRepo("against-process", {
      staging: fixture("staging"),
      production: fixture("production"),
    });
  }, TIMEOUT);
  afterAll(() => fs.rmSync(repo.dir, { recursive: true, force: true }));

  test(
    "without the Pulumi toolchain: one line saying what to install, exit 2, nothing on stdout",
    () => {
      // A PATH holding only what the tool and tools/install-engine.sh run before they look for
      // `pulumi` and `go`, and an empty cache: a machine that has neither.
      const bin = scratch("no-engine-bin-");
      for (const command of ["bash", "dirname", "git", "node", "sed"]) {
        const found = spawnSync("bash", ["-c", `command -v ${command}`], { encoding: "utf8" });
        fs.symlinkSync(found.stdout.trim(), path.join(bin, command));
      }
      const run = planProcess(repo.dir, ["staging", "--against", "main"], {
        HOME: scratch("no-engine-home-"),
        XDG_CACHE_HOME: scratch("no-engine-cache-"),
        PATH: bin,
      });
      expect({ status: run.status, out: run.stdout }).toEqual({ status: 2, out: "" });
      expect(run.stderr).toMatch(
        /^plan: --against runs the Pulumi engine in a sandbox: no Pulumi CLI v3\.\d+\.\d+ and no Go to build it: install the Pulumi CLI v3\.\d+\.\d+ \(https:\/\/www\.pulumi\.com\/docs\/install\/\) or Go \(https:\/\/go\.dev\/doc\/install\)\n$/,
      );
    },
    TIMEOUT,
  );
});
