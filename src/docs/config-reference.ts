import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { stackConfigSchema } from "../program/config/schema";
import { PROJECT_DIR } from "../program/paths";

/**
 * The key table of docs/config.md, generated from the config schema (src/program/config/schema.ts):
 * its keys in order, their enums and defaults, and each key's `meta` (description, and how its type
 * or default reads where the schema's own won't). `npm run docs` writes it; a test fails when the
 * page is stale, so the reference can't drift from what the program accepts.
 */

export const CONFIG_PAGE = path.join(PROJECT_DIR, "docs", "config.md");
export const BEGIN = "<!-- generated from the config schema by `npm run docs`: edit schema.ts -->";
export const END = "<!-- end of generated table -->";

interface KeyMeta {
  description?: string;
  shownType?: string;
  shownDefault?: string;
}

export function configTable(): string {
  const shape = stackConfigSchema([]).shape as Record<string, z.ZodType>;
  const rows = Object.entries(shape).map(([key, field]) => {
    const meta = (field.meta() ?? {}) as KeyMeta;
    if (!meta.description) throw new Error(`config key ${key} has no description in schema.ts`);
    return [`\`${key}\``, meta.shownType ?? typeOf(field), meta.shownDefault ?? defaultOf(field)]
      .concat(meta.description)
      .map((cell) => cell.replaceAll("|", "\\|"));
  });
  const header = ["Key", "Type", "Default", "Meaning"];
  return [header, header.map(() => "---"), ...rows]
    .map((cells) => `| ${cells.join(" | ")} |`)
    .join("\n");
}

/** docs/config.md with its table replaced by the generated one (unformatted). */
export function withConfigTable(page: string): string {
  const begin = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  if (begin < 0 || end < begin)
    throw new Error(`${CONFIG_PAGE} lacks the generated table's markers`);
  return `${page.slice(0, begin + BEGIN.length)}\n\n${configTable()}\n\n${page.slice(end)}`;
}

export function readConfigPage(): string {
  return fs.readFileSync(CONFIG_PAGE, "utf8");
}

function unwrap(field: z.ZodType): z.ZodType {
  return field instanceof z.ZodDefault || field instanceof z.ZodOptional
    ? unwrap(field.unwrap() as z.ZodType)
    : field;
}

function typeOf(field: z.ZodType): string {
  const inner = unwrap(field);
  if (inner instanceof z.ZodEnum) return inner.options.map((value) => `\`${value}\``).join(" | ");
  if (inner instanceof z.ZodBoolean) return "boolean";
  if (inner instanceof z.ZodString) return "string";
  throw new Error(`say how a ${inner.def.type} reads: a shownType in schema.ts's meta`);
}

function defaultOf(field: z.ZodType): string {
  if (!(field instanceof z.ZodDefault)) return "—";
  const value: unknown = field.def.defaultValue;
  return `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;
}
