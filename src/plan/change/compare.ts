import { isDeepStrictEqual } from "util";
import { isRecord } from "../../guardrails/checked";
import { placeholderSources } from "../../guardrails/marks";
import type { HiddenValue, PlannedResource } from "../planned";

/**
 * One resource's inputs at two commits, compared leaf by leaf the way `pulumi up` would see
 * them: a value shown as "[secret]" on both sides is compared by its hidden digest; a value only a
 * deployment knows, `(known after deploy: heroku-app.id)`, is the same only while its source
 * keeps its value (neither created nor replaced, see diff.ts) — never equal by its text alone.
 */

export interface InputChange {
  /** `region`, `vars.LOG_LEVEL`, `source` (a list is one value). */
  path: string;
  /** The values as the plans show them (secrets masked); undefined when unset on that side. */
  before?: unknown;
  after?: unknown;
  /** Shown the same, but a hidden (secret) value changed. */
  secret: boolean;
  /** Shown the same, but its sources get new values: `replaced heroku-app`, `staging's new slugId`. */
  follows: string[];
}

/**
 * Whether a placeholder's source (`heroku-app.id`) gets a new value in this change, and why
 * (`replaced heroku-app`); undefined when it keeps its value.
 */
export type SourceChanged = (source: string) => string | undefined;

export function inputChanges(
  before: PlannedResource,
  after: PlannedResource,
  changed: SourceChanged,
): InputChange[] {
  const changes: InputChange[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (isRecord(a) && isRecord(b)) {
      for (const key of union(Object.keys(a), Object.keys(b))) {
        walk(a[key], b[key], path === "" ? key : `${path}.${key}`);
      }
      return;
    }
    if (a === undefined && b === undefined) return;
    const secret = hiddenDiffers(before.hidden, after.hidden, path);
    if (!isDeepStrictEqual(a, b)) {
      changes.push({ path, before: a, after: b, secret, follows: [] });
      return;
    }
    const sources = [
      ...placeholderSources(JSON.stringify(b)),
      ...hiddenFollows(after.hidden, path),
    ];
    const follows = union(
      sources.map(changed).filter((why): why is string => why !== undefined),
      [],
    );
    if (secret || follows.length > 0) changes.push({ path, before: a, after: b, secret, follows });
  };
  walk(before.inputs, after.inputs, "");
  return changes;
}

/** `heroku-app.id` → `heroku-app`; `organization/heroku-app/staging.slugId` → the stack. */
export function sourceResource(source: string): string {
  return source.slice(0, source.lastIndexOf("."));
}

export function sourceProperty(source: string): string {
  return source.slice(source.lastIndexOf(".") + 1);
}

/** Hidden values at or under `path` whose digests differ, or that only one side has. */
function hiddenDiffers(
  a: Record<string, HiddenValue>,
  b: Record<string, HiddenValue>,
  path: string,
): boolean {
  const under = (hidden: Record<string, HiddenValue>) =>
    Object.keys(hidden).filter((key) => within(key, path));
  return union(under(a), under(b)).some((key) => a[key]?.digest !== b[key]?.digest);
}

function hiddenFollows(hidden: Record<string, HiddenValue>, path: string): string[] {
  return Object.entries(hidden)
    .filter(([key]) => within(key, path))
    .flatMap(([, value]) => value.follows);
}

function within(key: string, path: string): boolean {
  return key === path || key.startsWith(`${path}.`) || key.startsWith(`${path}[`);
}

function union(first: readonly string[], second: readonly string[]): string[] {
  return [...new Set([...first, ...second])];
}
