import * as path from "path";
import { runPlanCommand } from "../../src/plan/command";
import type { CommandContext } from "../../src/plan/command";
import type { Plan } from "../../src/plan/planned";
import { planReport } from "../../src/plan/report";
import { loadProgram, programAt } from "./harness";
import { FIXTURES_DIR } from "./paths";

/**
 * Each stack file is planned once per test file: every plan runs the whole program (and adds
 * process listeners). The program's warnings (a production stack without protect, say) are the
 * plan report's business (test/plan/), not the console's.
 */
const plans = new Map<string, Promise<Plan>>();
export function planOnce(stackOrPath: string): Promise<Plan> {
  if (!plans.has(stackOrPath)) {
    plans.set(
      stackOrPath,
      planReport(stackOrPath, loadProgram).then(({ plan }) => plan),
    );
  }
  return plans.get(stackOrPath)!;
}

/** A crafted stack file under test/fixtures/policy/. */
export const policyFixture = (name: string) =>
  path.join(FIXTURES_DIR, "policy", `Pulumi.${name}.yaml`);

/** `npm run plan -- <argv>` in-process, the program loaded in jest's module registry. */
export async function planCommand(argv: string[], context: CommandContext = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (text: string) => out.push(text), err: (text: string) => err.push(text) };
  const status = await runPlanCommand(argv, io, {
    // Another project folder (a copy) plans with its own program.
    load: context.projectDir === undefined ? loadProgram : programAt(context.projectDir),
    ...context,
  });
  return { status, out: out.join(""), err: err.join("") };
}
