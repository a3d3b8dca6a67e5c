import * as fs from "fs";
import { fixture } from "../support/paths";
import { planCommand } from "../support/plans";
import { copyProjectRepo } from "../support/project-copy";
import type { ProjectCopy } from "../support/project-copy";

/**
 * `npm run plan -- --against <ref>` before any engine runs: what it refuses from the command line
 * and the repository alone — no second model answers instead. A machine without the Pulumi
 * toolchain is process.test.ts's; what the engine answers is the engine tier's
 * (test/engine/change-plan.test.ts).
 */

const TIMEOUT = 60_000;
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
