import { isDeepStrictEqual } from "util";
import type { Plan, PlannedResource } from "../../src/plan/planned";
import type { EngineStep, PreviewJson } from "../../src/plan/change/steps";
import { UNKNOWN, nameOf, typeOf } from "../../src/plan/change/values";
import { isRecord } from "../../src/guardrails/checked";
import { isUnknownSecret } from "../../src/program/config/secure";

/**
 * The offline plan of a stack held to the engine's preview of the same stack from nothing
 * (`pulumi preview --json --show-sames --show-reads`): the same resources (type, name, parent),
 * the same options the engine records (protect, retainOnDelete, replaceOnChanges, deletedWith),
 * and the same inputs as far as both know them — a value only a deployment knows
 * (`(known after deploy…)` offline, the engine's unknown), a secret, or a credential the plan
 * masks is compared by its presence only. Inputs the engine holds beyond the program's are the
 * provider's defaults (its `__defaults`). Each difference is a line naming resource and path.
 */
export function planDifferences(plan: Plan, preview: PreviewJson): string[] {
  const engine = new Map<string, EngineStep>();
  for (const step of preview.steps) {
    const type = typeOf(step.urn);
    if (type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:")) continue;
    engine.set(`${type} ${nameOf(step.urn)}`, step);
  }
  // A preview that failed says why first: what follows it is incomplete.
  const differences = (preview.diagnostics ?? [])
    .filter(({ severity }) => severity === "error")
    .map(({ message }) => `the engine: ${message.trim()}`);
  for (const resource of plan.resources) {
    const key = `${resource.type} ${resource.name}`;
    const step = engine.get(key);
    engine.delete(key);
    if (step === undefined) {
      differences.push(`${resource.name} (${resource.type}): planned, not in the engine's preview`);
      continue;
    }
    differences.push(
      ...resourceDifferences(resource, step).map((line) => `${resource.name}: ${line}`),
    );
  }
  for (const [key, step] of engine) {
    differences.push(`${key}: in the engine's preview (${step.op}), not in the plan`);
  }
  return differences;
}

function resourceDifferences(resource: PlannedResource, step: EngineStep): string[] {
  const state = step.newState;
  if (state === undefined) return [`the engine's ${step.op} has no new state`];
  const lines: string[] = [];
  const expect = (what: string, planned: unknown, engine: unknown) => {
    if (!isDeepStrictEqual(planned, engine)) {
      lines.push(`${what}: planned ${JSON.stringify(planned)}, engine ${JSON.stringify(engine)}`);
    }
  };
  const { parent } = state as typeof state & { parent?: string };
  expect(
    "parent",
    resource.parent,
    parent === undefined || typeOf(parent) === "pulumi:pulumi:Stack" ? undefined : nameOf(parent),
  );
  const options = state as typeof state & { deletedWith?: string };
  expect("protect", resource.protect, state.protect === true);
  expect("retainOnDelete", resource.retainOnDelete, state.retainOnDelete === true);
  expect("replaceOnChanges", resource.replaceOnChanges, state.replaceOnChanges ?? []);
  expect(
    "deletedWith",
    resource.deletedWith,
    options.deletedWith === undefined ? undefined : nameOf(options.deletedWith),
  );
  if (!resource.custom || resource.type === "pulumi:pulumi:StackReference") return lines;
  const { __defaults: defaults, ...inputs } = state.inputs ?? {};
  const provided = new Set(Array.isArray(defaults) ? (defaults as string[]) : []);
  for (const key of new Set([...Object.keys(resource.inputs), ...Object.keys(inputs)])) {
    if (!(key in resource.inputs) && provided.has(key)) continue; // the provider's default
    lines.push(...valueDifferences(resource.inputs[key], inputs[key], key));
  }
  return lines;
}

function valueDifferences(planned: unknown, engine: unknown, path: string): string[] {
  if (unknowable(planned) || engine === UNKNOWN) {
    // Known to one side only: both must at least have it.
    return (planned === undefined) !== (engine === undefined)
      ? [`${path}: planned ${show(planned)}, engine ${show(engine)}`]
      : [];
  }
  if (engine === "[secret]") {
    return secretOrUnknowable(planned) ? [] : [`${path}: a secret to the engine, not to the plan`];
  }
  if (isRecord(planned) && isRecord(engine)) {
    const { __defaults: _, ...held } = engine; // the bridge's bookkeeping, at every level
    return [...new Set([...Object.keys(planned), ...Object.keys(held)])].flatMap((key) =>
      valueDifferences(planned[key], held[key], `${path}.${key}`),
    );
  }
  if (Array.isArray(planned) && Array.isArray(engine) && planned.length === engine.length) {
    return planned.flatMap((item, index) =>
      valueDifferences(item, engine[index], `${path}[${index}]`),
    );
  }
  return isDeepStrictEqual(planned, engine)
    ? []
    : [`${path}: planned ${show(planned)}, engine ${show(engine)}`];
}

/** A value the plan can't know: a placeholder, or text holding one. */
function unknowable(value: unknown): boolean {
  return typeof value === "string" && value.includes("(known after deploy");
}

function secretOrUnknowable(value: unknown): boolean {
  if (typeof value === "string") {
    return value.startsWith("[secret") || isUnknownSecret(value) || unknowable(value);
  }
  if (isRecord(value)) return Object.values(value).every(secretOrUnknowable);
  return false;
}

function show(value: unknown): string {
  return value === undefined ? "(unset)" : value === UNKNOWN ? "(unknown)" : JSON.stringify(value);
}
