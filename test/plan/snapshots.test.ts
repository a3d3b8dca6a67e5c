import { scratchDirs } from "../support/scratch";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planReport } from "../../src/plan/report";
import type { PlanReport } from "../../src/plan/report";
import { REFRESH_COMMAND, renderSnapshots, staleSnapshots } from "../../src/plan/snapshots";
import { listStacks } from "../../src/stack-files/load";
import { loadProgram } from "../support/harness";
import { prettierFormatSnapshot } from "../support/prettier";
import { PROJECT_DIR, fixture } from "../support/paths";

/** plans/<stack>.md: current, deterministic, and left alone by Prettier. */

const plan = (stack: string) => planReport(stack, loadProgram);
const scratchDirIn = scratchDirs();
const scratchDir = () => scratchDirIn("plans-");

describe("the committed snapshots", () => {
  let reports: PlanReport[];
  beforeAll(async () => {
    reports = [];
    for (const stack of listStacks()) reports.push(await plan(stack));
  });

  test("plans/<stack>.md is current for every stack file at the root", () => {
    const stale = staleSnapshots(renderSnapshots(reports));
    if (stale.length > 0) {
      throw new Error(
        `${stale.join("\n")}\nThe plans changed: run \`${REFRESH_COMMAND}\` and commit plans/.`,
      );
    }
  });

  test("a stale, missing or orphaned snapshot is caught, with the line that moved", async () => {
    const dir = scratchDir();
    const expected = renderSnapshots([
      await plan(fixture("staging")),
      await plan(fixture("review-123")),
    ]);
    const [first, second] = [...expected.keys()];
    expect(expected.get(first)).toContain("quantity: 1");
    fs.writeFileSync(
      path.join(dir, first),
      expected.get(first)!.replace("quantity: 1", "quantity: 7"),
    );
    fs.writeFileSync(path.join(dir, "gone.md"), "# a stack that was deleted\n");
    const stale = staleSnapshots(expected, dir);
    expect(stale).toEqual([
      expect.stringMatching(
        new RegExp(`${first} is stale \\(line \\d+: .*quantity: 7.* → .*quantity: 1`),
      ),
      `${path.basename(dir)}/${second} is missing`,
      `${path.basename(dir)}/gone.md has no stack file any more`,
    ]);
  });

  test("are deterministic: planning again renders the same bytes, with no path or time in them", async () => {
    const again = renderSnapshots([await plan(listStacks()[0])]);
    const [file, content] = [...again][0];
    expect(content).toBe(renderSnapshots(reports).get(file));
    expect(content).not.toContain(PROJECT_DIR);
    expect(content).not.toContain(os.tmpdir());
    expect(content).not.toMatch(/\b20\d\d-\d\d-\d\d/);
  });

  test("are left alone by Prettier, so `npm run lint` passes on them", () => {
    for (const [file, content] of renderSnapshots(reports))
      expect(prettierFormatSnapshot(content, file)).toBe(content);
  });
});
