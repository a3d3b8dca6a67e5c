import { isDeepStrictEqual } from "util";
import { isRecord } from "../../guardrails/checked";
import { maskPlaintextCredentials } from "../plaintext";
import { UNKNOWN, nameOf, secretAt, typeOf, valueAt } from "./values";

/**
 * The engine's preview (`pulumi preview --json --show-sames --show-replacement-steps`) read as a
 * change per resource: the engine decides the operation, why a replacement happens
 * (`replaceReasons`, the program's `replaceOnChanges`, the replaced resource an unknown input
 * follows), whether the old one goes first (a `delete-replaced` step before its
 * `create-replacement`), what it refuses (its error diagnostics) — nothing here second-guesses it.
 */

/** The parts of `pulumi preview --json` read here (pkg/display/json.go's previewDigest). */
export interface PreviewJson {
  steps: EngineStep[];
  diagnostics?: { urn?: string; message: string; severity: string }[];
}

interface EngineState {
  urn: string;
  type: string;
  custom?: boolean;
  inputs?: Record<string, unknown>;
  protect?: boolean;
  retainOnDelete?: boolean;
  replaceOnChanges?: string[];
  propertyDependencies?: Record<string, string[]>;
  dependencies?: string[];
}

export interface EngineStep {
  op: string;
  urn: string;
  oldState?: EngineState;
  newState?: EngineState;
  replaceReasons?: string[] | null;
  diffReasons?: string[] | null;
  detailedDiff?: Record<string, { kind: string }> | null;
}

export type Operation = "create" | "update" | "replace" | "delete" | "same" | "read";

export interface InputChange {
  /** `quantity`, `vars.LOG_LEVEL`, `sensitiveVars` (the engine's property path). */
  path: string;
  /** As the engine shows them: secrets `[secret]`, unknowns UNKNOWN; undefined when unset. */
  before?: unknown;
  after?: unknown;
  /** Shown as `[secret]` on both sides: a changed secret. */
  secret: boolean;
  /** A value known only after deploy, because these resources are replaced or created. */
  follows: string[];
}

export interface ResourceChange {
  name: string;
  type: string;
  op: Operation;
  inputs: InputChange[];
  replaceBecause: string[];
  deleteFirst: boolean;
  /** The resource's inputs (the new ones, else the old), for what a reviewer is told. */
  values: Record<string, unknown>;
  /** Pulumi keeps it on Heroku when it lets go of it (the old state's option). */
  retainOnDelete: boolean;
  /** What the engine refuses about it, in its own words. */
  errors: string[];
}

const OPS: Record<string, Operation> = {
  same: "same",
  create: "create",
  import: "create",
  update: "update",
  delete: "delete",
  discard: "delete",
  "read-discard": "delete",
  read: "read",
  "read-replacement": "read",
  replace: "replace",
  "create-replacement": "replace",
  "delete-replaced": "replace",
  "import-replacement": "replace",
  "discard-replaced": "replace",
};

/** Per resource of the stack (not the stack itself, nor providers): what the engine will do. */
export function changesOf(preview: PreviewJson): ResourceChange[] {
  const byUrn = new Map<string, EngineStep[]>();
  // In the order the engine registers them: a delete-first replacement's deletes come before all
  // else, in reverse, but its resources are listed where their replacement is.
  const steps = [
    ...preview.steps.filter((step) => step.op !== "delete-replaced"),
    ...preview.steps.filter((step) => step.op === "delete-replaced"),
  ];
  for (const step of steps) {
    const type = typeOf(step.urn);
    if (type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:")) continue;
    byUrn.set(step.urn, [...(byUrn.get(step.urn) ?? []), step]);
  }
  const ops = new Map([...byUrn].map(([urn, steps]) => [urn, operationOf(steps)]));
  return [...byUrn].map(([urn, steps]) => change(urn, steps, ops, preview.steps));
}

function operationOf(steps: EngineStep[]): Operation {
  const found = steps.map((step) => OPS[step.op] ?? "update");
  for (const op of ["replace", "delete", "create", "update", "read"] as const) {
    if (found.includes(op)) return op;
  }
  return "same";
}

function change(
  urn: string,
  steps: EngineStep[],
  ops: Map<string, Operation>,
  order: EngineStep[],
): ResourceChange {
  const op = ops.get(urn)!;
  const main =
    steps.find((step) => OPS[step.op] === op && step.op !== "delete-replaced") ?? steps[0];
  const before = steps.find((step) => step.oldState)?.oldState;
  const after = steps.find((step) => step.newState)?.newState;
  const resource = { type: typeOf(urn), name: nameOf(urn) };
  const oldInputs = readable(resource, before?.inputs);
  const newInputs = readable(resource, after?.inputs);
  /** `replaced heroku-app`: the resources an input's value waits for. */
  const follows = (property: string): string[] =>
    (after?.propertyDependencies?.[property.split(/[.[]/)[0]] ?? [])
      .filter((dependency) => ops.get(dependency) === "replace" || ops.get(dependency) === "create")
      .map(
        (dependency) =>
          `${ops.get(dependency) === "create" ? "new" : "replaced"} ${nameOf(dependency)}`,
      );

  const inputs: InputChange[] = [];
  if (op === "update" || op === "replace") {
    const paths = diffPaths(steps, oldInputs, newInputs);
    for (const path of paths) {
      const a = valueAt(oldInputs, path);
      const b = valueAt(newInputs, path);
      const secret = secretAt(oldInputs, path) || secretAt(newInputs, path);
      inputs.push({
        path,
        before: a,
        after: b,
        secret,
        follows: b === UNKNOWN ? follows(path) : [],
      });
    }
  }
  // Sorted: the engine lists them in no fixed order (two runs of one change differed), and a PR
  // comment must not change when the change doesn't.
  const reasons = [...new Set(steps.flatMap((step) => step.replaceReasons ?? []))].sort();
  const replaceOnChanges = after?.replaceOnChanges ?? before?.replaceOnChanges ?? [];
  const replaceBecause =
    op !== "replace"
      ? []
      : reasons.length > 0
        ? reasons.map((path) => {
            const waits = valueAt(newInputs, path) === UNKNOWN ? follows(path) : [];
            const why = waits.length > 0 ? `follows ${waits.join(", ")}` : "changed";
            const whose = replaceOnChanges.includes(path) ? "replaceOnChanges" : "provider";
            return `${path} ${why} (${whose})`;
          })
        : replacedWith(before, ops);
  const deleted = order.indexOf(steps.find((step) => step.op === "delete-replaced")!);
  const created = order.indexOf(steps.find((step) => step.op === "create-replacement")!);
  return {
    name: nameOf(urn),
    type: typeOf(urn),
    op,
    inputs: main === undefined ? [] : inputs,
    replaceBecause,
    deleteFirst: op === "replace" && deleted !== -1 && created !== -1 && deleted < created,
    values: Object.keys(newInputs).length > 0 ? newInputs : oldInputs,
    retainOnDelete: before?.retainOnDelete === true,
    errors: [],
  };
}

/** A replacement the engine gives no reason for: it goes with a replaced resource it depends on. */
function replacedWith(before: EngineState | undefined, ops: Map<string, Operation>): string[] {
  const with_ = (before?.dependencies ?? []).filter((urn) => ops.get(urn) === "replace");
  return with_.length > 0 ? [`replaced with ${with_.map(nameOf).join(", ")}`] : [];
}

/** The engine's changed paths; where it gives none (a replacement it follows), old and new compared. */
function diffPaths(
  steps: EngineStep[],
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string[] {
  const engine = steps.flatMap((step) =>
    step.detailedDiff ? Object.keys(step.detailedDiff) : (step.diffReasons ?? []),
  );
  // The engine lists a map's key and the map itself (`vars.X`, `vars`): the key says more.
  const leaves = (paths: string[]) =>
    [...new Set(paths)]
      .filter(
        (path) =>
          !paths.some((other) => other.startsWith(`${path}.`) || other.startsWith(`${path}[`)),
      )
      .sort();
  if (engine.length > 0) return leaves(engine);
  const own: string[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (isRecord(a) && isRecord(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
        walk(a[key], b[key], path === "" ? key : `${path}.${key}`);
      }
    } else if (!isDeepStrictEqual(a, b)) own.push(path);
  };
  walk(before, after, "");
  return own.sort();
}

/**
 * A resource's inputs as the change plan shows them: the bridge's bookkeeping (`__defaults`) left
 * out, and a credential written in plaintext masked (plaintext.ts) — the engine shows only what
 * the program marks secret as `[secret]`.
 */
function readable(
  resource: { type: string; name: string },
  inputs: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const { __defaults: _, ...rest } = inputs ?? {};
  return maskPlaintextCredentials(resource, rest).inputs;
}
