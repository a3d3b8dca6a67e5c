import * as path from "path";
import type { Plan } from "../../src/plan/planned";
import { planReport } from "../../src/plan/report";
import { loadProgram } from "./harness";
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
