import type { PlanJson } from "../../src/plan/render";
import { TYPE } from "../../src/program/types";
import { planCommand } from "./plans";

/**
 * What every valid set of stack files keeps, whatever the user set in them: each stack plans,
 * its snapshot in plans/ is current, it passes the policies, and a production-stage stack
 * releases a slug it didn't build (promoted or pinned). Checked by the commands a user runs
 * (in-process, the folder's own program loaded), in the project folder given: this checkout, or
 * an edited copy of it.
 */
export async function invariantProblems(projectDir: string): Promise<string[]> {
  const problems: string[] = [];
  const run = (...args: string[]) => planCommand(args, { projectDir });
  const check = await run("--check", "--policy");
  if (check.status !== 0) {
    problems.push(`plan --check --policy exits ${check.status}:\n${check.err}`);
  }
  const json = await run("--json");
  if (json.status !== 0) return [...problems, `plan --json exits ${json.status}:\n${json.err}`];
  const parsed = JSON.parse(json.out) as PlanJson | PlanJson[];
  for (const plan of Array.isArray(parsed) ? parsed : [parsed]) {
    const ofType = (type: string) => plan.resources.filter((resource) => resource.type === type);
    const production = ofType(TYPE.coupling).some(({ inputs }) => inputs.stage === "production");
    if (production && (ofType(TYPE.build).length > 0 || ofType(TYPE.release).length !== 1)) {
      problems.push(
        `${plan.source}: a production stack releases a promoted or pinned slug, never its own build`,
      );
    }
  }
  return problems;
}
