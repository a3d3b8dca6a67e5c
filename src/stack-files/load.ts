import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { UNKNOWN_SECRET } from "../program/config/schema";
import { PROJECT_DIR } from "../program/paths";

/**
 * Loads Pulumi.yaml and a Pulumi.<stack>.yaml the way the Pulumi CLI hands config to a program:
 * `<namespace>:<key>` → string (objects and lists as JSON), Pulumi.yaml defaults for unset keys,
 * and the list of keys holding secrets. It serves the offline tools and the tests; the program
 * itself gets the same shape from the CLI.
 */

export interface StackFile {
  project: string;
  stack: string;
  /** Path of the stack file relative to the project, as shown in messages. */
  source: string;
  config: Record<string, string>;
  secretKeys: string[];
}

export class StackFileError extends Error {
  override name = "StackFileError";
}

interface Project {
  name: string;
  defaults: Record<string, unknown>;
}

export function readProject(projectDir = PROJECT_DIR): Project {
  const file = path.join(projectDir, "Pulumi.yaml");
  const doc = parseYaml(file, "Pulumi.yaml");
  if (typeof doc?.name !== "string") throw new StackFileError("Pulumi.yaml: `name` is missing");
  const defaults: Record<string, unknown> = {};
  for (const [key, declared] of Object.entries<unknown>(doc.config ?? {})) {
    const isDeclaration =
      typeof declared === "object" && declared !== null && !Array.isArray(declared);
    const value = isDeclaration ? (declared as { default?: unknown }).default : declared;
    if (value !== undefined) defaults[namespaced(doc.name, key)] = value;
  }
  return { name: doc.name, defaults };
}

/** Stack names with a stack file in the project directory, sorted. */
export function listStacks(projectDir = PROJECT_DIR): string[] {
  return fs
    .readdirSync(projectDir)
    .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

/** `staging` → Pulumi.staging.yaml in the project; a path to any `Pulumi.<stack>.yaml` works too. */
export function loadStackFile(stackOrPath: string, projectDir = PROJECT_DIR): StackFile {
  const project = readProject(projectDir);
  const isPath = /\.ya?ml$/.test(stackOrPath);
  const file = isPath
    ? path.resolve(stackOrPath)
    : path.join(projectDir, `Pulumi.${stackOrPath}.yaml`);
  const stack = isPath ? /^Pulumi\.(.+)\.ya?ml$/.exec(path.basename(file))?.[1] : stackOrPath;
  const source = path.relative(projectDir, file) || file;
  if (stack === undefined)
    throw new StackFileError(`${source}: a stack file is named Pulumi.<stack>.yaml`);
  if (!fs.existsSync(file)) {
    throw new StackFileError(
      `${source}: no such stack file (stacks here: ${listStacks(projectDir).join(", ")})`,
    );
  }
  const doc = parseYaml(file, source) ?? {};
  const entries = doc.config ?? {};
  if (typeof entries !== "object" || Array.isArray(entries)) {
    throw new StackFileError(`${source}: \`config\` must be a map of <namespace>:<key> entries`);
  }
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  const values = { ...project.defaults, ...prefixed(project.name, entries) };
  for (const [key, value] of Object.entries(values)) {
    const { text, secret } = encode(value);
    config[key] = text;
    if (secret) secretKeys.push(key);
  }
  return { project: project.name, stack, source, config, secretKeys };
}

function prefixed(project: string, entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(entries).map(([key, value]) => [namespaced(project, key), value]),
  );
}

/** Keys without a namespace belong to the project, as the CLI reads them. */
function namespaced(project: string, key: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

function isSecure(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    Object.keys(value).length === 1 &&
    "secure" in value
  );
}

/** A value as the CLI passes it: scalars as text, structures as JSON, `secure:` leaves hidden. */
function encode(value: unknown): { text: string; secret: boolean } {
  let secret = false;
  const hide = (leaf: unknown): unknown => {
    if (isSecure(leaf)) {
      secret = true;
      // Which ciphertext it was, so a changed secret shows as changed (schema.ts isUnknownSecret).
      const ciphertext = String((leaf as { secure: unknown }).secure);
      return `${UNKNOWN_SECRET}#${createHash("sha256").update(ciphertext).digest("hex").slice(0, 16)}`;
    }
    if (Array.isArray(leaf)) return leaf.map(hide);
    if (typeof leaf === "object" && leaf !== null) {
      return Object.fromEntries(Object.entries(leaf).map(([key, inner]) => [key, hide(inner)]));
    }
    return leaf;
  };
  const hidden = hide(value);
  const text =
    typeof hidden === "object" && hidden !== null ? JSON.stringify(hidden) : String(hidden ?? "");
  return { text, secret };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- YAML documents are untyped until validated
function parseYaml(file: string, source: string): any {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new StackFileError(`${source}: can't be read (${(error as Error).message})`);
  }
  try {
    return parse(text);
  } catch (error) {
    throw new StackFileError(
      `${source}: is not valid YAML (${(error as Error).message.split("\n")[0]})`,
    );
  }
}
