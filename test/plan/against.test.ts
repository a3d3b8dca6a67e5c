import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { fixture } from "../support/paths";
import { planCommand } from "../support/plans";
import { copyProjectRepo } from "../support/project-copy";
import type { ProjectCopy } from "../support/project-copy";
import { scratchDirs } from "../support/scratch";
import { TYPESCRIPT_NODE_ARGS } from "../support/typescript-node";

/**
 * `npm run plan -- --against <ref>` before any engine runs: what it refuses from the command line
 * and the repository alone, and, on a machine without the Pulumi toolchain, the one line that says
 * what to install — no second model answers instead. What the engine answers is the engine
 * tier's (test/engine/change-plan.test.ts).
 */

const TIMEOUT = 60_000;
const scratch = scratchDirs();
let repo: ProjectCopy;

beforeAll(() => {
  repo = copyProjectRepo("against", {
    staging: fixture("staging"),
    production: fixture("production"),
  });
}, TIMEOUT);

afterAll(() => fs.rmSync(repo.dir, { recursive: true, force: true }));

/** Any engine asked for fails the test: these answers need none. */
const noEngine = () => {
  throw new Error("the engine was asked for");
};
const plan = (...args: string[]) =>
  planCommand(args, { projectDir: repo.dir, toolchain: noEngine });

test("a ref that isn't a commit, a stack given as a path: exit 2; a stack that exists nowhere: exit 1", async () => {
  const missing = await plan("staging", "--against", "no-such-branch");
  expect(missing).toMatchObject({ status: 2, out: "" });
  expect(missing.err).toBe(
    'plan: --against no-such-branch: "no-such-branch" is not a commit here (fetch it first, e.g. `git fetch origin no-such-branch`)\n',
  );
  const asPath = await plan("Pulumi.staging.yaml", "--against", "main");
  expect(asPath.status).toBe(2);
  expect(asPath.err).toContain("--against compares stacks of this project by name");
  const unknown = await plan("stagign", "--against", "main");
  expect(unknown).toMatchObject({ status: 1, out: "" });
  expect(unknown.err).toMatch(
    /^plan: stagign: can't be compared with main \([0-9a-f]{7}\): no Pulumi\.stagign\.yaml at main \([0-9a-f]{7}\) or in the working tree \(stacks: production, staging\)\n$/,
  );
});

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
    const run = spawnSync(
      process.execPath,
      [...TYPESCRIPT_NODE_ARGS, "tools/plan.ts", "staging", "--against", "main"],
      {
        cwd: repo.dir,
        encoding: "utf8",
        env: {
          HOME: scratch("no-engine-home-"),
          XDG_CACHE_HOME: scratch("no-engine-cache-"),
          PATH: bin,
        },
      },
    );
    expect({ status: run.status, out: run.stdout }).toEqual({ status: 2, out: "" });
    expect(run.stderr).toMatch(
      /^plan: --against runs the Pulumi engine in a sandbox: no Pulumi CLI v3\.\d+\.\d+ and no Go to build it: install the Pulumi CLI v3\.\d+\.\d+ \(https:\/\/www\.pulumi\.com\/docs\/install\/\) or Go \(https:\/\/go\.dev\/doc\/install\)\n$/,
    );
  },
  TIMEOUT,
);
