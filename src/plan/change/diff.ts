import { forcesReplacement, lifecycleOf, pathsOverlap } from "../../program/lifecycle";
import { TYPE } from "../../program/types";
import type { Plan, PlannedResource } from "../planned";
import { inputChanges, sourceProperty, sourceResource } from "./compare";
import type { InputChange, SourceChanged } from "./compare";

/**
 * What `pulumi up` would do to go from one Plan (a stack at a commit) to another (the working
 * tree): per resource, create, update, replace, delete or same — following the provider's
 * ForceNew inputs (src/program/lifecycle.ts), the program's replaceOnChanges, and replaced
 * resources: a replaced resource gets a new id, so what feeds a ForceNew input from it is
 * replaced too. Worked out to a fixpoint, since a replacement can cascade.
 */

export type Operation = "create" | "update" | "replace" | "delete" | "same";

export interface ResourceChange {
  name: string;
  type: string;
  op: Operation;
  inputs: InputChange[];
  /** For a replacement: the inputs that force it, or the replaced resources they follow. */
  replaceBecause: string[];
  /** Replaced delete-first (the program's option, or the provider's for a set name). */
  deleteFirst: boolean;
  before?: PlannedResource;
  after?: PlannedResource;
}

export interface StackChange {
  changes: ResourceChange[];
  /** Stack outputs that get new values: a downstream stack reading them changes too. */
  changedOutputs: Set<string>;
}

/**
 * `upstream(stack, output)`: whether another stack's output changes (when that stack is planned in
 * the same run); undefined when it isn't known, which counts as unchanged: it is not this change.
 */
export type UpstreamChanged = (qualifiedStack: string, output: string) => boolean | undefined;

export function diffPlans(
  before: Plan | undefined,
  after: Plan | undefined,
  upstream: UpstreamChanged = () => undefined,
): StackChange {
  const key = (resource: PlannedResource) => `${resource.type} ${resource.name}`;
  const old = new Map((before?.resources ?? []).map((resource) => [key(resource), resource]));
  const now = after?.resources ?? [];
  const changes: ResourceChange[] = now.map((resource) => {
    const previous = old.get(key(resource));
    return change(resource, previous, previous === undefined ? "create" : "same");
  });
  const kept = new Set(now.map(key));
  for (const resource of before?.resources ?? []) {
    if (!kept.has(key(resource))) changes.push(change(resource, undefined, "delete", resource));
  }

  const byName = new Map(changes.filter((c) => c.op !== "delete").map((c) => [c.name, c]));
  const sourceChanged = (source: string): string | undefined => {
    const name = sourceResource(source);
    const property = sourceProperty(source);
    const resource = byName.get(name);
    if (resource !== undefined) {
      if (resource.op === "create") return `new ${name}`;
      if (resource.op === "replace") return `replaced ${name}`;
      // An update keeps the id; an output named like a changed input changes with it.
      const moved = resource.inputs.some(({ path }) => pathsOverlap(path, property));
      return resource.op === "update" && moved ? `updated ${name}` : undefined;
    }
    // A stack reference's output: `organization/project/stack.output`.
    const stack = name.split("/").pop();
    const reference = now.find(
      (candidate) => candidate.type === TYPE.stackReference && candidate.inputs.name === name,
    );
    const read = reference && byName.get(reference.name);
    // Unknown origin, or a stack read for the first time: never assume it is unchanged.
    if (read === undefined || read.op === "create" || read.op === "replace") {
      return `${stack}'s ${property}`;
    }
    return upstream(name, property) === true ? `${stack}'s new ${property}` : undefined;
  };

  for (let round = 0, moved = true; moved && round < now.length + 2; round++) {
    moved = false;
    for (const entry of changes) {
      if (entry.before === undefined || entry.after === undefined) continue;
      const next = compare(entry.before, entry.after, sourceChanged);
      if (next.op !== entry.op || next.inputs.length !== entry.inputs.length) moved = true;
      Object.assign(entry, next);
    }
  }
  return { changes, changedOutputs: changedOutputs(before, after, sourceChanged) };
}

function change(
  resource: PlannedResource,
  before: PlannedResource | undefined,
  op: Operation,
  deleted?: PlannedResource,
): ResourceChange {
  return {
    name: resource.name,
    type: resource.type,
    op,
    inputs: [],
    replaceBecause: [],
    deleteFirst: false,
    before: deleted ?? before,
    after: deleted ? undefined : resource,
  };
}

/** One resource's operation, from its input changes. */
function compare(
  before: PlannedResource,
  after: PlannedResource,
  sourceChanged: SourceChanged,
): Pick<ResourceChange, "op" | "inputs" | "replaceBecause" | "deleteFirst"> {
  const inputs = inputChanges(before, after, sourceChanged);
  const replaceBecause = inputs.flatMap(({ path, follows }) => {
    const why = follows.length > 0 ? `follows ${follows.join(", ")}` : "changed";
    if (forcesReplacement(after.type, path)) return [`${path} ${why} (ForceNew)`];
    if (after.replaceOnChanges.some((input) => pathsOverlap(input, path))) {
      return [`${path} ${why} (replaceOnChanges)`];
    }
    return [];
  });
  const op = inputs.length === 0 ? "same" : replaceBecause.length > 0 ? "replace" : "update";
  const namedDeleteFirst =
    lifecycleOf(after.type)?.deleteFirstWhenNamed === true && "name" in after.inputs;
  return { op, inputs, replaceBecause, deleteFirst: after.deleteBeforeReplace || namedDeleteFirst };
}

/** Outputs shown differently, or the same but fed by resources that get new values. */
function changedOutputs(
  before: Plan | undefined,
  after: Plan | undefined,
  sourceChanged: SourceChanged,
): Set<string> {
  if (before === undefined || after === undefined) {
    return new Set(Object.keys({ ...before?.outputs, ...after?.outputs }));
  }
  const asResource = (plan: Plan): PlannedResource => ({
    type: "outputs",
    name: "outputs",
    custom: false,
    inputs: plan.outputs,
    protect: false,
    retainOnDelete: false,
    dependsOn: [],
    replaceOnChanges: [],
    deleteBeforeReplace: false,
    hidden: {},
  });
  const changes = inputChanges(asResource(before), asResource(after), sourceChanged);
  return new Set(changes.map(({ path }) => path.split(".")[0]));
}
