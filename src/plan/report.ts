import type { StackConfigError } from "../program/config/parse";
import { OfflineRunError } from "./mock-run";
import { loadProgramFresh, planStack } from "./planned";
import type { Plan, PlanOptions } from "./planned";
import { StackFileError } from "../stack-files/load";

/**
 * One stack planned for a reader: the Plan, plus what the program warned about while it ran
 * (the warnings `pulumi preview` would print, e.g. a deprecated Heroku stack).
 */

export interface PlanReport {
  plan: Plan;
  warnings: string[];
}

/** Loads the program afresh: loadProgramFresh in a process, jest's module registry in tests. */
export type ProgramLoader = () => Promise<Record<string, unknown>>;

/**
 * Without a Pulumi engine the SDK prints `pulumi.log.warn` to the console with this prefix.
 * Those lines are the program's warnings: they belong in the plan, not on stderr twice.
 */
const RUNTIME_WARNING = /^warning: \[runtime\] ([\s\S]*)$/;

export async function planReport(
  stackOrPath: string,
  load: ProgramLoader = loadProgramFresh,
  options?: PlanOptions,
): Promise<PlanReport> {
  const { result: plan, warnings } = await withProgramWarnings(() =>
    planStack(stackOrPath, load, options),
  );
  return { plan, warnings: plan.defaultsNote ? [plan.defaultsNote, ...warnings] : warnings };
}

/** Runs the program (under mocks), collecting its warnings instead of printing them. */
export async function withProgramWarnings<T>(
  body: () => Promise<T>,
): Promise<{ result: T; warnings: string[] }> {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    const match =
      args.length === 1 && typeof args[0] === "string" ? RUNTIME_WARNING.exec(args[0]) : null;
    if (match) warnings.push(match[1]);
    else original.apply(console, args);
  };
  try {
    return { result: await body(), warnings };
  } finally {
    console.warn = original;
  }
}

/**
 * Why a stack could not be planned, one line per problem: every config error (each names its
 * file and key), the stack file's own problems, or why app/ can't be bundled (by name, as the
 * program's own copy of the class is another one). Anything else is a bug and keeps its stack.
 */
export function failureLines(error: unknown): string[] {
  const cause = error instanceof OfflineRunError ? error.cause : error;
  if (isStackConfigError(cause)) return [...cause.problems];
  if (cause instanceof StackFileError) return [...cause.problems];
  if (cause instanceof Error && cause.name === "BundleError") return [cause.message];
  return [cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)];
}

/**
 * By name, not instanceof: the program runs on a fresh copy of the project's modules (one per
 * stack), so its StackConfigError is another class than the one this module imports.
 */
function isStackConfigError(error: unknown): error is StackConfigError {
  return (
    error instanceof Error &&
    error.name === "StackConfigError" &&
    Array.isArray((error as StackConfigError).problems)
  );
}
