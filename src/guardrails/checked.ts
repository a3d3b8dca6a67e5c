import { TYPE } from "../program/types";

/**
 * The vocabulary every guardrail speaks: "a resource as planned" (CheckedResource), the stack it
 * belongs to, a violation, and the small helpers the rules share. Planned offline (src/plan/) or
 * mapped from what the Pulumi CLI hands the pack (policy/resources.ts), a resource looks the same.
 */

/** A broken rule: which policy, which resource, and how to fix it. */
export interface Violation {
  policy: string;
  resource?: string;
  message: string;
}

/** A resource as a checker sees it: planned offline (src/plan/planned.ts) or mapped by the pack. */
export interface CheckedResource {
  type: string;
  name: string;
  /** Secret parts are "[secret]" (map keys kept); unknown ones "(known after deploy: …)". */
  inputs: Record<string, unknown>;
  protect: boolean;
  /** Undefined when the checker can't see it: the pack under the CLI (see policy/README.md). */
  retainOnDelete?: boolean;
}

/** Which stack is checked, so a message can name the config key and file to change. */
export interface StackContext {
  /** The config namespace: `<project>:formation`. */
  project: string;
  stack: string;
  /** The stack file, as the reader will find it (e.g. `Pulumi.production.yaml`). */
  stackFile: string;
}

export interface Policy {
  name: string;
  description: string;
  check(resources: readonly CheckedResource[], stack: StackContext): Violation[];
}

/**
 * Production is what the stack's config says it is: its pipeline coupling's stage (the
 * `stage` config key), not its name. A stack called "production-sandbox" in the review stage
 * is not production; a stack called "eu" in the production stage is.
 */
export function isProductionStack(resources: readonly CheckedResource[]): boolean {
  return ofType(resources, TYPE.coupling).some(({ inputs }) => inputs.stage === "production");
}

/** The parts of a Plan (src/plan/planned.ts) the rules read; a Plan is one. */
export interface CheckedPlan {
  project: string;
  stack: string;
  /** The stack file the plan was made from. */
  source: string;
  resources: readonly CheckedResource[];
}

export function ofType(resources: readonly CheckedResource[], type: string): CheckedResource[] {
  return resources.filter((resource) => resource.type === type);
}

export function webFormation(resources: readonly CheckedResource[]): CheckedResource | undefined {
  return ofType(resources, TYPE.formation).find(({ inputs }) => inputs.type === "web");
}

export function appName(resources: readonly CheckedResource[]): string | undefined {
  return ofType(resources, TYPE.app)[0]?.name;
}

/** Where a resource type keeps plain config vars: the config association's `vars`, an app's `configVars`. */
export const PLAIN_VARS_INPUT: Readonly<Record<string, string>> = {
  [TYPE.config]: "vars",
  [TYPE.app]: "configVars",
};

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function key(stack: StackContext, path: string): string {
  return `${stack.project}:${path}`;
}

export function fix(stack: StackContext, path: string, value: string): string {
  return `set ${key(stack, path)} to ${value} in ${stack.stackFile}`;
}

export type Finding = Omit<Violation, "policy">;

export function finding(resource: string | undefined, message: string): Finding {
  return resource === undefined ? { message } : { resource, message };
}

export function definePolicy(
  name: string,
  description: string,
  find: (resources: readonly CheckedResource[], stack: StackContext) => Finding[],
): Policy {
  return {
    name,
    description,
    check: (resources, stack) =>
      find(resources, stack).map((found) => ({ policy: name, ...found })),
  };
}
