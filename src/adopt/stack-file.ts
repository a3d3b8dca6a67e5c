import * as fs from "fs";
import * as path from "path";
import { isDeepStrictEqual } from "util";
import { Document, isMap, isScalar, parseDocument, visit } from "yaml";
import { resolvePlain } from "../stack-files/cli-scalars";
import { readConfigEntries } from "../stack-files/document";
import { UNKNOWN_SECRET } from "../program/config/secure";
import { stackFileConfig } from "../stack-files/config";
import { loadStackFile } from "../stack-files/load";
import type { StackFile } from "../stack-files/load";
import { AdoptionError } from "./to-stack";
import type { Adoption, PendingSecret } from "./to-stack";

/**
 * The adopted stack's `Pulumi.<stack>.yaml`: written once (never over an existing file), checked
 * with the program's own config parser, and, after the first `pulumi up`, stripped of its import
 * ids (`--done`), since a resource that still carries one can't ever be replaced.
 */

export const IMPORT_KEY = "import";

export class StackFileExists extends Error {
  override name = "StackFileExists";
}

export function stackFilePath(projectDir: string, stack: string): string {
  return path.join(projectDir, `Pulumi.${stack}.yaml`);
}

/**
 * The file's text: strings quoted wherever a YAML reader — YAML 1.1's, or the Pulumi CLI's
 * (cli-scalars.ts: `0o17`, a date) — would read them as something else; then read back with the
 * project's own loader, so a file adopt writes always loads as written, or isn't written.
 */
export function renderStackFile(
  adoption: Adoption,
  about: { project: string; stack: string; app: string; appId: string },
): string {
  const entries: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(adoption.config)) {
    entries[`${about.project}:${key}`] = value;
  }
  const importKey = `${about.project}:${IMPORT_KEY}`;
  entries[importKey] = adoption.imports;
  // YAML 1.1 (what older YAML readers apply) turns `yes`, `1.10` or `0x1F` into other types.
  const doc = new Document({ config: entries }, { version: "1.1" });
  doc.commentBefore = [
    ` Adopted from the Heroku app ${about.app} (${about.appId}) by \`npm run adopt\`.`,
    ` Secrets are not here: set them with the commands adopt printed (pulumi config set --secret).`,
  ].join("\n");
  const config = doc.get("config", true);
  const pair = isMap(config)
    ? config.items.find((item) => isScalar(item.key) && item.key.value === importKey)
    : undefined;
  if (pair && isScalar(pair.key)) {
    pair.key.commentBefore = [
      ` Ids of the existing resources: the first \`pulumi up\` imports them instead of creating them.`,
      ` Once it has succeeded: npm run adopt -- --done ${about.stack}`,
    ].join("\n");
  }
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === "string" && resolvePlain(node.value).kind !== "string") {
        node.type = "QUOTE_DOUBLE";
      }
    },
  });
  const text = doc.toString({ lineWidth: 0 });
  readsBackAsWritten(text, entries, about.stack);
  return text;
}

/** Throws AdoptionError unless the loader reads `text` back to exactly `entries`. */
function readsBackAsWritten(text: string, entries: Record<string, unknown>, stack: string): void {
  const source = `Pulumi.${stack}.yaml`;
  let read: ReturnType<typeof readConfigEntries>;
  try {
    read = readConfigEntries(text, source);
  } catch (error) {
    const problems = (error as { problems?: readonly string[] }).problems ?? [String(error)];
    throw new AdoptionError(
      `the file adopt would write doesn't load (${problems.join("; ")}); nothing was written`,
    );
  }
  const differ = read
    .filter(({ key, value }) => {
      const meant = entries[key];
      const got =
        typeof meant === "object" && typeof value === "string" ? JSON.parse(value) : value;
      return !isDeepStrictEqual(got, typeof meant === "object" ? meant : String(meant));
    })
    .map(({ key }) => key);
  if (differ.length > 0 || read.length !== Object.keys(entries).length) {
    throw new AdoptionError(
      `the file adopt would write doesn't read back as written (${differ.join(", ") || "its keys"}); nothing was written`,
    );
  }
}

export function existsMessage(file: string): string {
  return `${path.basename(file)} already exists; adopt writes a new stack file only (choose another --stack, or move that file away)`;
}

/** Writes the file only if there is none (atomically: `wx`); throws StackFileExists otherwise. */
export function writeNewStackFile(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text, { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new StackFileExists(existsMessage(file));
    }
    throw error;
  }
}

/**
 * The file's config problems once the pending secrets are set (as `pulumi config set --secret`
 * would leave them): what would still stop it from planning. Empty when it plans.
 */
export function problemsOnceSecretsAreSet(
  file: string,
  secrets: readonly PendingSecret[],
): string[] {
  const loaded = loadStackFile(file);
  try {
    stackFileConfig(withSecrets(loaded, secrets));
    return [];
  } catch (error) {
    const problems = (error as { problems?: readonly string[] }).problems;
    if (problems === undefined) throw error;
    // Named as the person knows the file, wherever it was written.
    return problems.map((problem) => problem.replace(loaded.source, path.basename(file)));
  }
}

function withSecrets(file: StackFile, secrets: readonly PendingSecret[]): StackFile {
  const config = { ...file.config };
  const secretKeys = [...file.secretKeys];
  for (const secret of secrets) {
    const [key, name] = secret.path.split(".", 2);
    const fullKey = `${file.project}:${key}`;
    const values = config[fullKey] ? (JSON.parse(config[fullKey]) as Record<string, string>) : {};
    config[fullKey] = JSON.stringify({ ...values, [name]: UNKNOWN_SECRET });
    if (!secretKeys.includes(fullKey)) secretKeys.push(fullKey);
  }
  return { ...file, config, secretKeys };
}

/**
 * `--done`: removes the import ids, keeping the rest of the file (comments included) as it is.
 * Returns false when the file holds none.
 */
export function dropImports(file: string, project: string): boolean {
  const doc = parseDocument(fs.readFileSync(file, "utf8"));
  const key = ["config", `${project}:${IMPORT_KEY}`];
  if (!doc.hasIn(key)) return false;
  doc.deleteIn(key);
  fs.writeFileSync(file, doc.toString({ lineWidth: 0 }));
  return true;
}
