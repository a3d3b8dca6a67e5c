import { closest, distance as levenshtein } from "fastest-levenshtein";
import { credentialShape } from "../credentials";

/**
 * How a config problem is worded: values shown without leaking a credential, "is missing" for
 * what must be there, and the nearest known name for a misspelt one ("did you mean …?").
 * The nearest match is fastest-levenshtein's (a small, well-kept library) rather than our own
 * edit distance.
 */

/**
 * A value as an error message may show it: text and scalars as written, except text shaped like
 * a credential (`sk_live_…`), and never what is inside a map or a list.
 */
export function show(value: unknown): string {
  if (typeof value === "string") {
    const what = credentialShape(value);
    return what === undefined
      ? JSON.stringify(value)
      : `(a value that looks like ${what}, not shown)`;
  }
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object" && value !== null) return "a map";
  return String(value);
}
/** An error for a value that must be there: "is missing" when it isn't, `wrong` when it is wrong. */
export const required =
  (what: string, wrong: (input: unknown) => string) =>
  (iss: { input?: unknown }): string =>
    iss.input === undefined ? `is missing (${what})` : wrong(iss.input);

/** The name in `known` a misspelt `name` is nearest to, if any is near enough to be meant. */
export function nearest(name: string, known: readonly string[]): string | undefined {
  const candidate = known.length > 0 ? closest(name, [...known]) : undefined;
  const near = candidate !== undefined && distance(name, candidate) <= Math.max(2, name.length / 3);
  return near ? candidate : undefined;
}

/** `; did you mean "preboot"?`, or "" when no known name is near. */
export function suggest(name: string, known: readonly string[]): string {
  const candidate = nearest(name, known);
  return candidate === undefined ? "" : `; did you mean ${JSON.stringify(candidate)}?`;
}

function distance(a: string, b: string): number {
  // Case and separators (heroku_app, Heroku-App) don't make a name far from another.
  const plain = (text: string) => text.toLowerCase().replace(/[-_.\s]/g, "");
  return plain(a) === plain(b) ? 0 : levenshtein(a, b);
}

export const oneOf = (values: readonly string[]) => values.join(", ");
