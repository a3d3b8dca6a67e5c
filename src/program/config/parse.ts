import type { core } from "zod";
import { CONFIG_KEYS, SENSITIVE_KEYS, STRING_KEYS, stackConfigSchema } from "./schema";
import { isUnknownSecret } from "./secure";
import { show, suggest } from "./words";
import { namespaceProblems, reservedNames } from "./names";
import type { ParsedStackConfig } from "./schema";
import { crossFieldProblems, stackWarnings } from "./rules";
import { importProblems } from "./imports";
import type { ConfigProblem } from "./rules";
import { DEFAULT_DYNO_SIZE, UNSCALED_PROCESS_TYPES, defaultQuantity } from "../heroku-rules";
import type { DynoSize } from "../heroku-rules";
import { Refusal } from "../refusal";

/**
 * One stack's config, read once and validated into one typed object. The input is what the
 * Pulumi CLI hands a program (`<namespace>:<key>` → string, objects as JSON, plus which keys are
 * secret), so the program, the offline plan, the local run and the tests all parse the same way.
 */

export interface RawStackConfig {
  project: string;
  stack: string;
  /** Where the values came from, for error messages: `Pulumi.production.yaml`. */
  source: string;
  values: Readonly<Record<string, string>>;
  /** Whether a whole config key (`heroku-app:sensitiveVars`) holds a secret. */
  isSecret(fullKey: string): boolean;
}

export interface FormationEntry {
  type: string;
  quantity: number;
  size: DynoSize;
}

export type DeployMode =
  | { kind: "build" }
  | { kind: "promote"; fromStack: string }
  | { kind: "slug"; slugId: string; description?: string };

export interface StackConfig extends Omit<ParsedStackConfig, "formation" | "deploy" | "stack"> {
  project: string;
  /** The Pulumi stack's name (the `stack` config key is the Heroku stack: herokuStack here). */
  stack: string;
  herokuStack: ParsedStackConfig["stack"];
  source: string;
  /** One entry per scalable Procfile process type, `web` first. */
  formation: FormationEntry[];
  deploy: DeployMode;
}

/** Every problem of a stack's config at once, one line each, naming the file and the key. */
export class StackConfigError extends Refusal {
  constructor(
    readonly stackName: string,
    readonly problems: readonly string[],
  ) {
    super(
      `Stack "${stackName}" has ${problems.length} config problem${problems.length === 1 ? "" : "s"}:\n` +
        problems.map((problem) => `  - ${problem}`).join("\n"),
    );
  }
}

/** Parses and validates; throws a StackConfigError listing every problem at once. */
export function parseStackConfig(
  raw: RawStackConfig,
  processTypes: readonly string[],
): { config: StackConfig; warnings: string[] } {
  const where = (path: readonly PropertyKey[]) => `${raw.source}: ${formatKey(raw.project, path)}`;
  const problems: string[] = [];
  const { decoded, decodeProblems } = decode(raw);
  problems.push(
    ...namespaceProblems(raw.project, raw.values, raw.isSecret).map(
      ({ path, message }) => `${where(path)}: ${message}`,
    ),
  );
  problems.push(...decodeProblems.map(({ path, message }) => `${where(path)}: ${message}`));
  problems.push(
    ...misplacedSecrets(raw, decoded).map(({ path, message }) => `${where(path)}: ${message}`),
  );

  const scalable = processTypes.filter((type) => !UNSCALED_PROCESS_TYPES.includes(type));
  const result = stackConfigSchema(scalable).safeParse(decoded);
  if (!result.success) {
    problems.push(
      ...result.error.issues
        .flatMap(expandIssue)
        .map(({ path, message }) => `${where(path)}: ${message}`),
    );
    throw new StackConfigError(raw.stack, problems);
  }
  const config = normalize(raw, result.data, scalable);
  problems.push(
    ...[...crossFieldProblems(config), ...importProblems(config)].map(
      ({ path, message }) => `${where(path)}: ${message}`,
    ),
  );
  if (problems.length > 0) throw new StackConfigError(raw.stack, problems);
  return {
    config,
    warnings: stackWarnings(config).map(({ path, message }) => `${where(path)}: ${message}`),
  };
}

/** `heroku-app:formation.web.size`, `heroku-app:domains[1]`. */
export function formatKey(project: string, path: readonly PropertyKey[]): string {
  const [key, ...rest] = path.map(String);
  const tail = rest.map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join("");
  return `${key?.includes(":") ? key : `${project}:${key ?? ""}`}${tail}`;
}

/** Turns the CLI's strings back into values: JSON for objects, lists and booleans. */
function decode(raw: RawStackConfig) {
  const prefix = `${raw.project}:`;
  const decoded: Record<string, unknown> = {};
  const decodeProblems: ConfigProblem[] = [];
  for (const [fullKey, text] of Object.entries(raw.values)) {
    if (!fullKey.startsWith(prefix)) continue;
    const key = fullKey.slice(prefix.length);
    if (STRING_KEYS.includes(key) || !(CONFIG_KEYS as string[]).includes(key)) {
      decoded[key] = text;
      continue;
    }
    try {
      decoded[key] = JSON.parse(text);
    } catch {
      const shown = SENSITIVE_KEYS.includes(key) ? "its value" : show(text);
      decodeProblems.push({
        path: [key],
        message: `${shown} is not a structured value (expected a YAML map, list or true/false)`,
      });
      continue;
    }
    decodeProblems.push(...reservedNames(decoded[key], [key]));
    if (decodeProblems.some(({ path }) => path[0] === key)) delete decoded[key];
  }
  return { decoded, decodeProblems };
}

/**
 * Secrets where they belong, and only there. Sensitive values must be `secure:` in the stack
 * file; a `secure:` value anywhere else would reach Heroku, the state and previews as plain text.
 * The CLI marks a whole key secret when any of its leaves is; offline, the stack-file loader
 * marks each `secure:` leaf with UNKNOWN_SECRET, so there the exact leaf is named.
 */
/* Keys holding a misplaced secret are removed from `decoded`. */
function misplacedSecrets(raw: RawStackConfig, decoded: Record<string, unknown>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [key, value] of Object.entries(decoded)) {
    const keySecret = raw.isSecret(`${raw.project}:${key}`);
    const leaves: [string, unknown][] =
      typeof value === "object" && value !== null ? Object.entries(value) : [[key, value]];
    // Offline, the secure leaves are known exactly; under the CLI, only the key is.
    const leafLevel = leaves.some(([, leaf]) => isUnknownSecret(leaf));
    const secretLeaf = (leaf: unknown) => keySecret && (!leafLevel || isUnknownSecret(leaf));
    const leafPath = (name: string) => (name === key ? [key] : [key, name]);
    if (SENSITIVE_KEYS.includes(key)) {
      for (const [name] of leaves.filter(([, leaf]) => !secretLeaf(leaf))) {
        problems.push({
          path: leafPath(name),
          message: `is stored in plaintext; set it with \`pulumi config set --secret --path ${key}.${name} <value>\``,
        });
      }
    } else if (keySecret) {
      // Validated no further: a rule's message could echo the value.
      delete decoded[key];
      const secrets = leaves.filter(([, leaf]) => secretLeaf(leaf));
      for (const [name] of leafLevel ? secrets : ([[key, value]] as const)) {
        problems.push({
          path: leafPath(name),
          message:
            key === "configVars"
              ? "holds a secret, but plain config vars are stored and shown in plaintext; put it in sensitiveVars"
              : "holds a secret, but this setting is stored and shown in plaintext; make it a plain value",
        });
      }
    }
  }
  return problems;
}

/** Fills in what the stack file leaves out: every Procfile process type gets a formation entry. */
function normalize(
  raw: RawStackConfig,
  parsed: ParsedStackConfig,
  processTypes: readonly string[],
): StackConfig {
  const configured = Object.entries(parsed.formation);
  // Unconfigured process types follow the configured tier, since Heroku won't mix Eco/Basic with others.
  const fallbackSize =
    configured.find(([type]) => type === "web")?.[1].size ??
    configured[0]?.[1].size ??
    DEFAULT_DYNO_SIZE;
  const ordered = [...processTypes].sort(
    (a, b) => Number(b === "web") - Number(a === "web") || a.localeCompare(b),
  );
  const formation = ordered.map((type) => ({
    type,
    quantity: parsed.formation[type]?.quantity ?? defaultQuantity(type),
    size: parsed.formation[type]?.size ?? fallbackSize,
  }));
  const { promoteFrom, slugId, description } = parsed.deploy;
  const deploy: DeployMode =
    promoteFrom !== undefined
      ? { kind: "promote", fromStack: promoteFrom }
      : slugId !== undefined
        ? { kind: "slug", slugId, ...(description === undefined ? {} : { description }) }
        : { kind: "build" };
  const { stack: herokuStack, ...rest } = parsed;
  return {
    ...rest,
    herokuStack,
    project: raw.project,
    stack: raw.stack,
    source: raw.source,
    formation,
    deploy,
  };
}

/** zod reports unknown keys once per object; we report each, under its own path. */
function expandIssue(issue: core.$ZodIssue): ConfigProblem[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      path: [...issue.path, key],
      message:
        issue.path.length === 0
          ? `is not a config key of this program (${CONFIG_KEYS.join(", ")})${suggest(key, CONFIG_KEYS)}`
          : "is not a known setting here",
    }));
  }
  if (issue.code === "invalid_key") {
    // A map key (process type, config var name, …) broke a rule: report the rule, at the key.
    return issue.issues.map((inner) => ({ path: issue.path, message: inner.message }));
  }
  if (issue.code === "invalid_type" && issue.message.startsWith("Invalid input")) {
    // zod's own wording; ours names what was expected without echoing the value.
    return [{ path: issue.path, message: `has the wrong type: expected a ${issue.expected}` }];
  }
  return [{ path: issue.path, message: issue.message }];
}
