import { diagnosed, resourceOf } from "./diagnostics";
import type { Refusal } from "./diagnostics";
import type { StackChangeReport } from "./render";
import { changesOf } from "./steps";
import type { PreviewJson, ResourceChange } from "./steps";
import { changeWarnings, plaintextCredentialError } from "./warnings";

/**
 * One stack's preview as the reader gets it: the engine's changes, each with what the engine
 * refuses about it and what the reviewer must be told, and the stack's own notes.
 */

/** The preview can't be read as a change: what the engine said instead. */
export class SideError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join("\n"));
  }
}

export function stackReport(
  stack: string,
  preview: { json: PreviewJson; status: number },
  context: { ref: string; label: string; warnings: string[] },
): StackChangeReport {
  const said = diagnosed(preview.json);
  if (said.errors.length > 0) throw new SideError(["in the working tree:", ...said.errors]);
  const changes = withRefusals(changesOf(preview.json), said.refusals);
  const stopped =
    said.refusals.length > 0 && preview.status !== 0
      ? [
          "the engine stopped at its refusal: what would come after it in `pulumi up` isn't in this preview",
        ]
      : [];
  return {
    stack,
    against: context.ref,
    label: context.label,
    changes: changes.map((change) => ({
      ...change,
      errors: [...change.errors, ...plaintextCredentialError(change, stack)],
      warnings: changeWarnings(change, changes),
    })),
    warnings: [...context.warnings, ...said.warnings, ...stopped],
  };
}

/**
 * The engine's refusals on their resources. It may refuse before it emits the resource's step
 * (a protected app's replacement): the resource is then added with the operation refused.
 */
function withRefusals(changes: ResourceChange[], refusals: Refusal[]): ResourceChange[] {
  const find = (urn: string, op: ResourceChange["op"]) => {
    const { name, type } = resourceOf(urn);
    let change = changes.find((c) => c.name === name && c.type === type);
    if (change === undefined) {
      change = {
        name,
        type,
        op,
        inputs: [],
        replaceBecause: [],
        deleteFirst: false,
        values: {},
        retainOnDelete: false,
        errors: [],
      };
      changes.push(change);
    } else if (change.op === "same") {
      change.op = op;
    }
    return change;
  };
  for (const refusal of refusals) {
    find(refusal.urn, refusal.op).errors.push(`refused by the engine: ${refusal.message}`);
    if (refusal.partOf !== undefined) find(refusal.partOf, "replace");
  }
  return changes;
}
