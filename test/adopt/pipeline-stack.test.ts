import * as fs from "fs";
import * as path from "path";
import { namePipelineStack } from "../../src/adopt/pipeline-stack";
import type { Adoption } from "../../src/adopt/to-stack";
import { PROJECT_DIR } from "../../src/program/paths";
import { fixture } from "../support/paths";
import { scratchDirs } from "../support/scratch";

/**
 * An app adopted below staging joins the pipeline of the project's staging stack: named in its
 * stack file when that stack isn't called `staging` (a renamed stack file), else the default.
 */

const scratch = scratchDirs();
const adoption = (stage: string): Adoption => ({
  config: { stage },
  imports: {},
  secrets: [],
  notes: [],
  changes: [],
});
/** A project folder holding these stack files, copied from fixtures. */
function project(stacks: Record<string, string>): string {
  const dir = scratch("adopt-pipeline-stack-");
  fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  for (const [stack, from] of Object.entries(stacks)) {
    fs.copyFileSync(from, path.join(dir, `Pulumi.${stack}.yaml`));
  }
  return dir;
}

test("the project's staging stack under another name: named, and the change said", () => {
  const dir = project({ "staging-eu": fixture("staging"), production: fixture("production") });
  const adopted = adoption("production");
  namePipelineStack(adopted, [dir]);
  expect(adopted.config.pipelineStack).toBe("staging-eu");
  expect(adopted.changes).toEqual([expect.stringMatching(/^pipelineStack: staging-eu, /)]);
});

test("a stack called staging, none at staging, or two: the default stays", () => {
  const cases: Record<string, string>[] = [
    { staging: fixture("staging") },
    { production: fixture("production") },
    { "staging-eu": fixture("staging"), "staging-us": fixture("staging") },
  ];
  for (const stacks of cases) {
    const adopted = adoption("production");
    namePipelineStack(adopted, [project(stacks)]);
    expect({ stacks: Object.keys(stacks), config: adopted.config }).toEqual({
      stacks: Object.keys(stacks),
      config: { stage: "production" },
    });
  }
});

test("an app adopted at staging owns its pipeline: nothing to name", () => {
  const adopted = adoption("staging");
  namePipelineStack(adopted, [project({ "staging-eu": fixture("staging") })]);
  expect(adopted.config).toEqual({ stage: "staging" });
});
