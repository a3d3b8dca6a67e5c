import type { PreviewJson } from "./steps";
import { nameOf, typeOf } from "./values";

/**
 * What the engine said besides its steps: the changes it refuses (a protected resource replaced
 * or deleted; a resource that still specifies an import id replaced, which a preview only warns
 * about and `pulumi up` refuses), the program's own errors and warnings. Its words, with each URN
 * shown as the resource's name.
 */

export interface Refusal {
  urn: string;
  /** The operation the refused step was: the engine may stop before it emits one. */
  op: "replace" | "delete";
  message: string;
  /** "… as part of replacing B": B is being replaced, and this one with it. */
  partOf?: string;
}

export interface Diagnosed {
  refusals: Refusal[];
  /** Errors about no resource of the stack: the program itself failed. */
  errors: string[];
  /** The program's warnings (a production stack without protect, ACM left for the next deploy). */
  warnings: string[];
}

const URN = /urn:pulumi:[^\s"'`]+/g;
/** The engine refuses these at `pulumi up`; a preview says so as an error or a warning. */
const REFUSED = [
  { pattern: /unable to replace resource/, op: "replace" },
  { pattern: /cannot be deleted\s+because it is protected/, op: "delete" },
  {
    pattern: /previously-imported resources that still specify an ID may not be replaced/,
    op: "replace",
  },
] as const;

export function diagnosed(preview: PreviewJson): Diagnosed {
  const result: Diagnosed = { refusals: [], errors: [], warnings: [] };
  for (const { urn, message, severity } of preview.diagnostics ?? []) {
    const text = readable(message);
    const refused = REFUSED.find(({ pattern }) => pattern.test(message));
    const about = urn !== undefined && !isStack(urn) ? urn : undefined;
    if (refused !== undefined) {
      // "unable to replace resource A as part of replacing B": A is refused, B is being replaced.
      const [first] = message.match(URN) ?? [about];
      const partOf = /as part of replacing "?(urn:pulumi:[^\s"'`]+)/.exec(message)?.[1];
      if (first !== undefined) {
        result.refusals.push({ urn: first, op: refused.op, message: text, partOf });
      }
    } else if (severity === "error" && about === undefined) {
      if (!/^preview failed$/i.test(text)) result.errors.push(text);
    } else if (severity === "warning" && about === undefined) {
      result.warnings.push(text);
    } else if (severity === "error") {
      result.errors.push(`${nameOf(about!)}: ${text}`);
    }
  }
  // The engine stops at its first refusal; "preview failed" says only that.
  if (result.refusals.length === 0 && result.errors.length === 0 && failed(preview)) {
    result.errors.push("the preview failed (the engine gave no reason)");
  }
  return {
    refusals: result.refusals,
    errors: [...new Set(result.errors)],
    warnings: [...new Set(result.warnings)],
  };
}

/** A resource the engine names only in a message: its name and type from the URN. */
export function resourceOf(urn: string): { name: string; type: string } {
  return { name: nameOf(urn), type: typeOf(urn) };
}

function failed(preview: PreviewJson): boolean {
  return (preview.diagnostics ?? []).some(({ severity }) => severity === "error");
}

function isStack(urn: string): boolean {
  return typeOf(urn) === "pulumi:pulumi:Stack";
}

/**
 * One line: the severity prefix gone, URNs as names, and the `pulumi state unprotect '<urn>'`
 * alternative dropped (a URN of the sandbox's stack, no use to the reader; the fix is the
 * stack file's `protect`).
 */
function readable(message: string): string {
  return message
    .replace(/^(error|warning): (Preview failed: )?/, "")
    .replace(/, either remove/, ", remove")
    .replace(/,? or use the command:\s*`pulumi state unprotect [^`]*`/, "")
    .replace(URN, (urn) => nameOf(urn))
    .replace(/"([^"\s]+)"/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}
