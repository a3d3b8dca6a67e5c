import { credentialShape } from "../credentials";
import { HEROKU_PROVIDER_KEYS } from "../heroku-rules";
import type { ConfigProblem } from "./rules";
import { nearest, suggest } from "./words";

/**
 * Names the schema can't judge on its own. Config keys outside this project's namespace: the
 * Pulumi CLI hands the program every key of the stack file, and a key in a namespace nobody
 * reads does nothing — `heroku_app:stage` (a near miss of `heroku-app:stage`) would leave a
 * production stack a default review app. So each key belongs to this project, to a provider the
 * program uses (`heroku:`, `random:`), or to Pulumi itself (`pulumi:`); anything else is refused,
 * a near miss named as such. And map keys JavaScript gives a meaning (reservedNames, below).
 */

/** Namespaces read by someone other than this program's config schema. */
const PROVIDER_NAMESPACES = ["heroku", "random", "pulumi"];

export function namespaceProblems(
  project: string,
  values: Readonly<Record<string, string>>,
  isSecret: (fullKey: string) => boolean,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [fullKey, value] of Object.entries(values)) {
    const colon = fullKey.indexOf(":");
    const namespace = fullKey.slice(0, colon);
    const name = fullKey.slice(colon + 1);
    if (colon === -1 || namespace === project) continue;
    if (namespace === "heroku") {
      problems.push(...herokuKeyProblems(fullKey, name, value, isSecret(fullKey)));
    } else if (!PROVIDER_NAMESPACES.includes(namespace)) {
      problems.push({ path: [fullKey], message: foreignNamespace(namespace, name, project) });
    }
  }
  return problems;
}

function foreignNamespace(namespace: string, name: string, project: string): string {
  const known = [project, ...PROVIDER_NAMESPACES];
  const meant = nearest(namespace, known);
  if (meant !== undefined) {
    return `"${namespace}:" is not a namespace this program reads but a near miss of "${meant}:", so nothing would read the key; rename it to ${meant}:${name}`;
  }
  const namespaces = known.map((each) => `${each}:`).join(", ");
  return `"${namespace}:" is a namespace nothing in this program reads (${namespaces}); remove the key or fix its namespace`;
}

/** The Heroku provider's settings: known names only, and credentials only as secrets. */
function herokuKeyProblems(
  fullKey: string,
  name: string,
  value: string,
  secret: boolean,
): ConfigProblem[] {
  if (!(HEROKU_PROVIDER_KEYS as readonly string[]).includes(name)) {
    const message = `is not a setting of the Heroku provider (${HEROKU_PROVIDER_KEYS.join(", ")})${suggest(name, HEROKU_PROVIDER_KEYS)}`;
    return [{ path: [fullKey], message }];
  }
  if (name === "apiKey" && !secret) {
    const message =
      "is stored in plaintext; use `pulumi config set --secret heroku:apiKey` or HEROKU_API_KEY";
    return [{ path: [fullKey], message }];
  }
  const what = secret ? undefined : credentialShape(value);
  if (what !== undefined) {
    const message = `holds what looks like ${what} in plaintext; set it with \`pulumi config set --secret ${fullKey} <value>\``;
    return [{ path: [fullKey], message }];
  }
  return [];
}

/**
 * Map keys JavaScript itself gives a meaning. `__proto__`: JSON.parse keeps it as a plain name,
 * but assigning it (as zod's records and the Pulumi SDK's serializeProperty do, `obj[k] = v` in
 * @pulumi/pulumi runtime/rpc.js) sets no property, so the entry would silently vanish.
 * `toString`: registering a resource, the SDK turns each input into text (`${v}`, safeToString in
 * runtime/rpc.js), and an own non-function `toString` makes that throw "Cannot convert object to
 * primitive value". Other inherited names (`constructor`, `valueOf`, `hasOwnProperty`) are plain
 * own keys and go through.
 */
const RESERVED_NAMES = new Map([
  [
    "__proto__",
    "JavaScript gives `__proto__` a special meaning, so the entry would be dropped on its way to Heroku",
  ],
  [
    "toString",
    "the Pulumi SDK turns the map into text while registering it, and a `toString` entry makes that fail",
  ],
]);

export function reservedNames(value: unknown, path: PropertyKey[]): ConfigProblem[] {
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([name, inner]) => {
    const reason = RESERVED_NAMES.get(name);
    return reason === undefined
      ? reservedNames(inner, [...path, name])
      : [{ path: [...path, name], message: `can't be used as a name: ${reason}; rename it` }];
  });
}
