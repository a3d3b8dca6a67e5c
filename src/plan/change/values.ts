/**
 * What the engine's JSON is made of: URNs (`urn:pulumi:<stack>::<project>::<parent type>$<type>::<name>`),
 * property paths (`vars.LOG_LEVEL`, `buildpacks[0]`, `vars["A.B"]`) and the value it shows for one
 * only a deployment will know.
 */

/** The engine's stand-in for an unknown value (sdk/go/common/resource/plugin: UnknownStringValue). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function nameOf(urn: string): string {
  return urn.split("::").slice(3).join("::");
}

export function typeOf(urn: string): string {
  const chain = urn.split("::")[2] ?? "";
  return chain.slice(chain.lastIndexOf("$") + 1);
}

/** The value at a property path; undefined where there is none. */
export function valueAt(value: unknown, path: string): unknown {
  let here = value;
  for (const key of pathKeys(path)) {
    if (here === null || typeof here !== "object") return undefined;
    here = (here as Record<string, unknown>)[key];
  }
  return here;
}

/** Whether the value at a path is a secret, or inside one (`sensitiveVars.X` of a `[secret]` map). */
export function secretAt(value: unknown, path: string): boolean {
  let here = value;
  for (const key of ["", ...pathKeys(path)]) {
    if (key !== "") here = (here as Record<string, unknown>)[key];
    if (here === SECRET) return true;
    if (here === null || typeof here !== "object") return false;
  }
  return false;
}

/** How the engine shows a secret's value (pkg/display: without --show-secrets). */
const SECRET = "[secret]";

function pathKeys(path: string): string[] {
  const keys: string[] = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  for (const match of path.matchAll(pattern)) {
    keys.push(match[1] ?? match[2] ?? JSON.parse(`"${match[3]}"`));
  }
  return keys;
}
