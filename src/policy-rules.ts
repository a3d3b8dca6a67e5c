import type { Plan } from "./planned";

/** A broken rule: which policy, which resource, and how to fix it. */
export interface Violation {
  policy: string;
  resource?: string;
  message: string;
}

/** Runs every guardrail over a planned stack. (Being written: see issue 7.) */
export function checkPlan(plan: Plan): Violation[] {
  void plan;
  return [];
}
