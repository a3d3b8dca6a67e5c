import { isMap, parseAllDocuments } from "yaml";
import { nearest } from "../program/config/words";
import { StackFileError } from "./problems";
import { ValueReader, describe, isEmptyScalar } from "./values";

/**
 * A stack file's text → its `config:` entries, as the Pulumi CLI reads them: one YAML document,
 * a map at the top with a `config:` map and the CLI's own settings beside it, nothing else —
 * a key the CLI would ignore (`Config:`, a config key outside `config:`) is refused, not skipped.
 */

/** One `config:` entry as the CLI hands it over: scalars as text, structures as JSON. */
export interface ConfigEntry {
  /** As written: `heroku-app:stage`, or `stage` (this project's namespace). */
  key: string;
  value: unknown;
  /** Whether a `secure:` value is in it (each stands in as UNKNOWN_SECRET). */
  secret: boolean;
}

/** Settings of a stack file beside `config:`, which the CLI writes and reads itself. */
const CLI_SETTINGS = ["secretsprovider", "encryptedkey", "encryptionsalt"];

/** The `config:` entries of a stack file's text; throws StackFileError listing every problem. */
export function readConfigEntries(text: string, source: string): ConfigEntry[] {
  const parsed = parseAllDocuments(text, { schema: "failsafe", uniqueKeys: false });
  const fail = (message: string): never => {
    throw new StackFileError([`${source}: ${message}`]);
  };
  if (!Array.isArray(parsed)) return fail(emptyFile);
  // A trailing `---` with nothing after it is no second document.
  const docs = parsed.filter(
    (doc, index) =>
      index === 0 ||
      doc.errors.length > 0 ||
      !(doc.contents === null || isEmptyScalar(doc.contents)),
  );
  if (docs.length > 1) {
    fail(
      `holds ${docs.length} YAML documents (separated by ---); the Pulumi CLI reads only the first, so put everything in one`,
    );
  }
  const [doc] = docs;
  if (doc === undefined) return fail(emptyFile);
  if (doc.errors.length > 0) fail(`is not valid YAML (${doc.errors[0].message.split("\n")[0]})`);
  const top = doc.contents;
  if (top === null) return fail(emptyFile);
  if (!isMap(top)) {
    return fail(`holds ${describe(top)} at the top; a stack file is a map with a \`config:\` key`);
  }
  const reader = new ValueReader(source, doc);
  const settings = reader.keys(top.items, "");
  for (const name of settings.keys()) {
    if (name !== "config" && !CLI_SETTINGS.includes(name)) {
      reader.problem(name, topLevelKeyProblem(name));
    }
  }
  const config = settings.get("config")?.value;
  const entries: ConfigEntry[] = [];
  if (config === undefined) {
    reader.problem("", `has no \`config:\` map; ${configHint}`);
  } else if (!isMap(config)) {
    const what =
      config === null || isEmptyScalar(config) ? "is empty" : `holds ${describe(config)}`;
    reader.problem("config", `${what}; ${configHint}`);
  } else {
    for (const [key, pair] of reader.keys(config.items, "")) {
      reader.secret = false;
      const value = reader.value(pair.value, key, false);
      entries.push({ key, value, secret: reader.secret });
    }
  }
  if (reader.problems.length > 0) throw new StackFileError(reader.problems);
  return entries;
}

const configHint =
  "a stack file's settings go under `config:` (write `config: {}` for a stack that takes every default)";
const emptyFile = `is empty; a stack file is a map with a \`config:\` key (${configHint})`;

function topLevelKeyProblem(name: string): string {
  if (name === "environment") {
    return "Pulumi ESC environments are not read by this project's offline plan, local run or policies, so they would deploy values no review saw; put the values under `config:`";
  }
  if (name.includes(":"))
    return "is a config key outside `config:`; indent it under a `config:` line";
  const meant = nearest(name, ["config", ...CLI_SETTINGS]);
  const hint = meant === undefined ? "" : `; did you mean \`${meant}:\`?`;
  return `is not a stack-file setting (config, ${CLI_SETTINGS.join(", ")}), so the Pulumi CLI would ignore it and everything under it${hint}`;
}
