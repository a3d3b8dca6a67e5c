import * as fs from "fs";
import { parse, stringify } from "yaml";
import { diffPlans } from "../../src/plan/change/diff";
import type { StackChange } from "../../src/plan/change/diff";
import type { StackChangeReport } from "../../src/plan/change/render";
import { changeWarnings, protectedError } from "../../src/plan/change/warnings";
import type { Plan, PlanOptions } from "../../src/plan/planned";
import { planReport } from "../../src/plan/report";
import { loadProgram } from "./harness";
import { fixture } from "./paths";
import { writeStackFile } from "./stack-files";

/** Change plans of the fixtures and edited copies of them, in-process (test/plan/change*.test.ts). */

export type Config = Record<string, unknown>;

/** Each file (with its options) is planned once: every plan loads the program afresh. */
const plans = new Map<string, Promise<Plan>>();
export function plan(file: string, options?: PlanOptions): Promise<Plan> {
  const key = JSON.stringify([file, options]);
  if (!plans.has(key))
    plans.set(
      key,
      planReport(file, loadProgram, options).then((report) => report.plan),
    );
  return plans.get(key)!;
}

/** A copy of a fixture (same stack name) with its `heroku-app:` config edited. */
export function variant(stack: string, edit: (config: Config) => void): string {
  const doc = parse(fs.readFileSync(fixture(stack), "utf8")) as { config: Config };
  const config: Config = Object.fromEntries(
    Object.entries(doc.config).map(([key, value]) => [key.replace(/^heroku-app:/, ""), value]),
  );
  edit(config);
  const entries = Object.fromEntries(
    Object.entries(config).map(([key, value]) => [`heroku-app:${key}`, value]),
  );
  return writeStackFile(stack, stringify({ config: entries }));
}

/** The change from a fixture to its edited copy. */
export async function changeOf(
  stack: string,
  edit: (config: Config) => void,
): Promise<StackChange> {
  return diffPlans(await plan(fixture(stack)), await plan(variant(stack, edit)));
}

export const ops = (change: StackChange) =>
  Object.fromEntries(
    change.changes.filter(({ op }) => op !== "same").map(({ name, op }) => [name, op]),
  );
export const named = (change: StackChange, name: string) =>
  change.changes.find((c) => c.name === name)!;
export const report = (stack: string, change: StackChange): StackChangeReport => ({
  stack,
  against: "main",
  label: "main (abc1234)",
  changes: change.changes.map((c) => ({
    ...c,
    errors: protectedError(c),
    warnings: changeWarnings(c, change.changes),
  })),
  warnings: [],
});
