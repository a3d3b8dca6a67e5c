import { credentialShape, looksSecret } from "../program/credentials";
import { TYPE } from "../program/types";
import { PLAIN_VARS_INPUT } from "../guardrails/checked";
import { isKnownAfterDeploy, isMaskedSecret, plaintextCredentialMark } from "../guardrails/marks";

/**
 * Credentials written in plaintext where plain values live — a config var named like one
 * (`STRIPE_API_KEY`), or any value shaped like a token (`sk_live_…`, a URL with a password) —
 * hidden from the plan itself, so every reader of a Plan (tree, JSON, Markdown, parity, change
 * plans, the snapshots) shows "[secret: plaintext, <what it is>]" and never the value. The
 * policies still fail the stack (src/guardrails/policies.ts) and say how to move it.
 */

/** A masked credential: where it is, and what it looked like (never its value). */
export interface PlaintextCredential {
  resource: string;
  /** `vars.STRIPE_API_KEY` */
  path: string;
  what: string;
}

/** The config var a credential's path names (`vars.STRIPE_API_KEY` → STRIPE_API_KEY), if any. */
export function plainVarName(path: string): string | undefined {
  return /^vars\.(.+)$/.exec(path)?.[1];
}

/** What a credential named like one is called in its mark. */
export const NAMED_CREDENTIAL = "a credential by its name";

/** A resource's inputs with plaintext credentials masked, and what was masked. */
export function maskPlaintextCredentials(
  resource: { type: string; name: string },
  inputs: Record<string, unknown>,
): { inputs: Record<string, unknown>; found: PlaintextCredential[] } {
  const found: PlaintextCredential[] = [];
  // Where plain config vars live, a credential's name gives it away too.
  const varsKey = PLAIN_VARS_INPUT[resource.type];
  const walk = (value: unknown, path: string[]): unknown => {
    if (typeof value === "string") {
      const named = path.length === 2 && path[0] === varsKey && looksSecret(path[1]);
      const what = masked(value)
        ? undefined
        : (credentialShape(value) ?? (named ? NAMED_CREDENTIAL : undefined));
      if (what === undefined) return value;
      found.push({ resource: resource.name, path: path.join("."), what });
      return plaintextCredentialMark(what);
    }
    if (Array.isArray(value))
      return value.map((item, index) => walk(item, [...path, String(index)]));
    if (typeof value === "object" && value !== null) {
      return Object.fromEntries(
        Object.entries(value).map(([key, inner]) => [key, walk(inner, [...path, key])]),
      );
    }
    return value;
  };
  return { inputs: walk(inputs, []) as Record<string, unknown>, found };
}

/** Plain config vars as a reader may see them (parity's rows): credentials masked. */
export function maskPlainVars(vars: Readonly<Record<string, string>>): Record<string, string> {
  const { inputs } = maskPlaintextCredentials({ type: TYPE.config, name: "" }, { vars });
  return inputs.vars as Record<string, string>;
}

function masked(value: string): boolean {
  return isMaskedSecret(value) || isKnownAfterDeploy(value);
}
