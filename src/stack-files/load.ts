import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { secureStandIn } from "./values";
import { PROJECT_DIR } from "../program/paths";
import { readConfigEntries } from "./document";
import { decodeStackFile } from "./encoding";
import { StackFileError } from "./problems";

export { StackFileError } from "./problems";

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
  /** No Pulumi.<stack>.yaml yet: Pulumi.yaml's defaults, what a new stack of that name starts from. */
  defaults?: true;
}

interface Project {
  name: string;
  defaults: Record<string, unknown>;
}

export function readProject(projectDir = PROJECT_DIR): Project {
  const file = path.join(projectDir, "Pulumi.yaml");
  const doc = parseYaml(file, "Pulumi.yaml");
  if (typeof doc?.name !== "string") throw new StackFileError(["Pulumi.yaml: `name` is missing"]);
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

/** Other stack files beside `file` whose names differ from its name only in case. */
function caseTwins(file: string): string[] {
  const name = path.basename(file);
  return fs
    .readdirSync(path.dirname(file))
    .filter((other) => other !== name && other.toLowerCase() === name.toLowerCase())
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
    throw new StackFileError([`${source}: a stack file is named Pulumi.<stack>.yaml`]);
  if (!fs.existsSync(file)) {
    throw new StackFileError([
      `${source}: no such stack file (stacks here: ${listStacks(projectDir).join(", ")})`,
    ]);
  }
  const twins = caseTwins(file);
  if (twins.length > 0) {
    throw new StackFileError([
      `${source}: ${twins.join(", ")} differs from it only in case: on a case-insensitive filesystem (macOS, Windows) they are one file, and their plans/ snapshots collide; rename or remove one`,
    ]);
  }
  const text = decodeStackFile(readBytes(file, source), source);
  const entries = readConfigEntries(text, source);
  const { config, secretKeys } = encodeAll(project.defaults);
  const written = new Map<string, string>();
  const problems: string[] = [];
  for (const entry of entries) {
    const key = namespaced(project.name, entry.key);
    const earlier = written.get(key);
    if (earlier !== undefined) {
      problems.push(
        `${source}: ${entry.key}: is ${earlier} again; the Pulumi CLI would keep one of them`,
      );
      continue;
    }
    written.set(key, entry.key);
    config[key] = typeof entry.value === "string" ? entry.value : JSON.stringify(entry.value);
    if (entry.secret) secretKeys.push(key);
  }
  if (problems.length > 0) throw new StackFileError(problems);
  return { project: project.name, stack, source, config, secretKeys };
}

/**
 * Like loadStackFile, except that a stack *name* with no file yet reads as the stack
 * `pulumi stack init <name>` would create: Pulumi.yaml's defaults (a review app). A path must exist.
 */
export function loadStackFileOrDefaults(stackOrPath: string, projectDir = PROJECT_DIR): StackFile {
  const isName = !/\.ya?ml$/.test(stackOrPath);
  if (!isName || fs.existsSync(path.join(projectDir, `Pulumi.${stackOrPath}.yaml`))) {
    return loadStackFile(stackOrPath, projectDir);
  }
  if (!/^[A-Za-z0-9_.-]+$/.test(stackOrPath)) {
    throw new StackFileError([
      `${JSON.stringify(stackOrPath)} is not a stack name (letters, digits, -, _ and .)`,
    ]);
  }
  const project = readProject(projectDir);
  const source = `Pulumi.${stackOrPath}.yaml`;
  return {
    project: project.name,
    stack: stackOrPath,
    source,
    ...encodeAll(project.defaults),
    defaults: true,
  };
}

function encodeAll(values: Record<string, unknown>) {
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const { text, secret } = encode(value);
    config[key] = text;
    if (secret) secretKeys.push(key);
  }
  return { config, secretKeys };
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
      return secureStandIn();
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

function readBytes(file: string, source: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new StackFileError([`${source}: can't be read (${(error as Error).message})`]);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- YAML documents are untyped until validated
function parseYaml(file: string, source: string): any {
  const text = decodeStackFile(readBytes(file, source), source);
  try {
    return parse(text);
  } catch (error) {
    throw new StackFileError([
      `${source}: is not valid YAML (${(error as Error).message.split("\n")[0]})`,
    ]);
  }
}
