import { UnknownValueError } from "@pulumi/policy";
import type { PolicyResource, StackValidation } from "@pulumi/policy";
import { knownAfterDeploy, maskSecret } from "../src/guardrails/marks";
import type { CheckedResource, Policy, StackContext } from "../src/guardrails/checked";

/**
 * Turns what the Pulumi CLI hands a stack policy (PolicyResource) into the shape the offline plan
 * has (CheckedResource), so the pack and `npm run plan -- <stack> --policy` run the same rules on
 * the same view. Importing this module starts nothing; only constructing a PolicyPack does.
 *
 * What the CLI gives a stack policy differs from a plan in three ways, each handled here:
 * - secrets arrive decrypted, their secretness dropped: we mask the props the provider declares
 *   secret (opts.additionalSecretOutputs) and every `sensitive*` prop (the Heroku provider's
 *   naming), keeping map keys, as the plan does;
 * - values a preview can't know throw UnknownValueError when read (or are the engine's sentinel
 *   strings): we show them as the plan does, "(known after deploy: <resource>.<prop>)";
 * - `retainOnDelete` isn't part of PolicyResourceOptions in @pulumi/policy 1.21, so it stays
 *   undefined and the rules don't judge it; the offline check does.
 */

// The plan's own marks, so a violation reads the same from the pack and offline.
export { SECRET_MARK, knownAfterDeploy } from "../src/guardrails/marks";

/** The engine's unknown-value sentinels (sdk/go/common/resource/plugin's Unknown*Value). */
const UNKNOWN_SENTINELS = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

export function toCheckedResource(resource: PolicyResource): CheckedResource {
  const { name, type, props, opts } = resource;
  const secret = new Set(opts.additionalSecretOutputs ?? []);
  const inputs: Record<string, unknown> = {};
  for (const key of Object.keys(props)) {
    const read = () => props[key];
    const value =
      secret.has(key) || key.startsWith("sensitive") ? masked(read) : known(read, `${name}.${key}`);
    if (value !== undefined && value !== null) inputs[key] = value;
  }
  return { type, name, inputs, protect: opts.protect === true };
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>` names the stack, and so its file and namespace. */
export function stackContext(resources: readonly PolicyResource[]): StackContext {
  const urn = resources[0]?.urn ?? "";
  const [, stack = "", project = ""] = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn) ?? [];
  return { project, stack, stackFile: `Pulumi.${stack}.yaml` };
}

/** A stack validation running one policy, each violation reported against its resource's URN. */
export function validateWith(policy: Policy): StackValidation {
  return ({ resources }, reportViolation) => {
    const urns = new Map(resources.map(({ name, urn }) => [name, urn]));
    const checked = resources.map(toCheckedResource);
    for (const { resource, message } of policy.check(checked, stackContext(resources))) {
      reportViolation(message, resource === undefined ? undefined : urns.get(resource));
    }
  };
}

/** A value with its unknown parts replaced by placeholders naming where they come from. */
function known(read: () => unknown, path: string): unknown {
  const value = readKnown(read);
  if (value === UNKNOWN) return knownAfterDeploy(path);
  if (Array.isArray(value)) {
    return Array.from({ length: value.length }, (_, index) =>
      known(() => value[index], `${path}[${index}]`),
    );
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.keys(value).map((key) => [
      key,
      known(() => (value as Record<string, unknown>)[key], `${path}.${key}`),
    ]);
    // Null means unset, as an absent input does in a plan.
    return Object.fromEntries(entries.filter(([, inner]) => inner !== null && inner !== undefined));
  }
  return value;
}

/** A secret as the plan shows it (src/guardrails/marks.ts), once its value is known. */
function masked(read: () => unknown): unknown {
  const value = readKnown(read);
  return value === undefined || value === null ? value : maskSecret(value);
}

const UNKNOWN = Symbol("unknown during preview");

function readKnown(read: () => unknown): unknown {
  let value: unknown;
  try {
    value = read();
  } catch (error) {
    // @pulumi/policy's proxy throws on reading a value the preview can't know.
    if (error instanceof UnknownValueError) return UNKNOWN;
    throw error;
  }
  return typeof value === "string" && UNKNOWN_SENTINELS.has(value) ? UNKNOWN : value;
}
