import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Document, isMap, isScalar, parseDocument } from "yaml";
import type { YAMLMap } from "yaml";
import { loadStackFile } from "../../stack-files/load";
import type { SandboxWorkspace } from "./workspace";

/**
 * A stack of the sandbox, kept in step with the user's stack file before each command: its plain
 * config comes from `Pulumi.<stack>.yaml` every time (the user's file is the source of truth), its
 * secrets are the sandbox's own — those set with `npm run sandbox -- pulumi config set --secret`
 * stay, and a `secure:` value of the user's (encrypted with their provider, unreadable here) gets
 * a stand-in. The user's file is only read.
 *
 * A stand-in follows its ciphertext: it is derived from the ciphertext's hash, and set again when
 * the user's ciphertext changes (a new secret, or the same one encrypted again), so the engine sees
 * a changed secret as a changed secret input (the change plan relies on it) without anything
 * here knowing a value. Which sandbox secrets are stand-ins, and of which ciphertext, is kept
 * beside the stack (`.stand-ins/<stack>.json`); a secret the user set over one is theirs.
 */

/**
 * What a stand-in starts with: obviously not a real secret, and a URL with a host on a name that
 * can never resolve (RFC 2606's `.invalid`), since a secret may be a drain's URL, which the
 * program refuses unless it is one.
 */
export const STAND_IN = "https://sandbox-stand-in.invalid/";

/** The stand-in for a `secure:` ciphertext of the user's. */
export function standInFor(ciphertext: string): string {
  return `${STAND_IN}${digest(ciphertext)}`;
}

/** The provider's waits after creating an app or a domain, for a real Heroku: none here. */
const NO_DELAYS = { postAppCreateDelay: 0, postDomainCreateDelay: 0 };
const SECRETS_SETTINGS = ["secretsprovider", "encryptedkey", "encryptionsalt"];
/** The provider's settings that say which Heroku to reach and how: the sandbox's own API instead. */
export const REAL_HEROKU_KEYS = ["heroku:url", "heroku:apiKey", "heroku:email", "heroku:headers"];

/**
 * Brings the sandbox's copy of `stack` up to date: the config paths given stand-ins, and the
 * user's provider settings left out (they name a real Heroku, its key or headers).
 */
export function syncStack(
  workspace: SandboxWorkspace,
  stack: string,
  options: { leaveOut?: readonly string[] } = {},
): { standIns: string[]; leftOut: string[] } {
  const userFile = path.join(workspace.stacks, `Pulumi.${stack}.yaml`);
  // A stack with no file of the user's (a new review stack) starts from Pulumi.yaml's defaults.
  const userText = fs.existsSync(userFile) ? fs.readFileSync(userFile, "utf8") : "config: {}\n";
  if (fs.existsSync(userFile)) loadStackFile(stack, workspace.stacks); // refuses a bad file with the loader's message
  if (!workspace.hasStack(stack)) {
    workspace.quiet(["stack", "init", stack, "--secrets-provider", "passphrase"]);
  }
  const sandboxFile = workspace.stackFile(stack);
  const sandbox = parseDocument(fs.readFileSync(sandboxFile, "utf8"));
  const user = parseDocument(userText);
  for (const setting of SECRETS_SETTINGS) user.delete(setting);
  user.set("encryptionsalt", sandbox.get("encryptionsalt"));
  if (!isMap(user.get("config"))) user.set("config", user.createNode({}));
  const leftOut = [...REAL_HEROKU_KEYS, ...(options.leaveOut ?? [])].filter((key) =>
    user.hasIn(["config", key]),
  );
  for (const key of leftOut) user.deleteIn(["config", key]);

  const records = new StandInRecords(workspace, stack);
  const wanted = securePaths(user);
  const ciphertext = (doc: Document, where: string[]) =>
    String(doc.getIn(["config", ...where, "secure"]));
  // The sandbox's own value stays where the user set it, or where it stands in for this ciphertext.
  const kept = wanted.filter((where) => {
    if (!sandbox.hasIn(["config", ...where, "secure"])) return false;
    const record = records.get(where);
    return (
      record === undefined ||
      record.sandbox !== ciphertext(sandbox, where) ||
      record.source === digest(ciphertext(user, where))
    );
  });
  const missing = wanted.filter((where) => !kept.includes(where));
  // A secret set in the sandbox where the user's file has none (`npm run sandbox -- pulumi config
  // set --secret …`, as adopt's commands are typed there) is the sandbox's own and stays; a
  // stand-in whose value the user's file no longer has goes with it.
  const wantedKeys = new Set(wanted.map((where) => JSON.stringify(where)));
  const own = securePaths(sandbox).filter((where) => {
    if (wantedKeys.has(JSON.stringify(where))) return false;
    const record = records.get(where);
    return record === undefined || record.sandbox !== ciphertext(sandbox, where);
  });
  const sources = new Map(missing.map((where) => [where, ciphertext(user, where)]));
  for (const where of wanted) user.deleteIn(["config", ...where]);
  for (const where of [...kept, ...own]) {
    user.setIn(["config", ...where], sandbox.getIn(["config", ...where]));
  }
  if (!user.hasIn(["config", "heroku:delays"])) {
    user.setIn(["config", "heroku:delays"], user.createNode(NO_DELAYS));
  }
  fs.writeFileSync(sandboxFile, user.toString());

  for (const [where, source] of sources) {
    const [key, ...inner] = where;
    const pathArgs = inner.length > 0 ? ["--path", cliPath(key, inner)] : [key];
    workspace.quiet([
      "config",
      "set",
      "--secret",
      ...pathArgs,
      standInFor(source),
      "--stack",
      stack,
    ]);
  }
  if (sources.size > 0) {
    const written = parseDocument(fs.readFileSync(sandboxFile, "utf8"));
    for (const [where, source] of sources) {
      records.set(where, { source: digest(source), sandbox: ciphertext(written, where) });
    }
    records.save();
  }
  return { standIns: missing.map((where) => where.join(".")), leftOut };
}

/** Which sandbox secrets are stand-ins: the digest of the user's ciphertext, and the sandbox's own. */
class StandInRecords {
  private readonly file: string;
  private readonly records: Record<string, { source: string; sandbox: string }>;

  constructor(workspace: SandboxWorkspace, stack: string) {
    this.file = path.join(workspace.projectDir, ".stand-ins", `${stack}.json`);
    this.records = fs.existsSync(this.file) ? JSON.parse(fs.readFileSync(this.file, "utf8")) : {};
  }

  get(where: string[]) {
    return this.records[JSON.stringify(where)];
  }

  set(where: string[], record: { source: string; sandbox: string }): void {
    this.records[JSON.stringify(where)] = record;
  }

  save(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.writeFileSync(this.file, `${JSON.stringify(this.records, null, 2)}\n`);
  }
}

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** Every `secure:` value under `config:`, as a key path. */
function securePaths(doc: Document): string[][] {
  const found: string[][] = [];
  const walk = (node: unknown, where: string[]): void => {
    if (!isMap(node)) return;
    const map = node as YAMLMap;
    if (
      map.items.length === 1 &&
      isScalar(map.items[0].key) &&
      map.items[0].key.value === "secure"
    ) {
      found.push(where);
      return;
    }
    for (const pair of map.items) {
      if (isScalar(pair.key)) walk(pair.value, [...where, String(pair.key.value)]);
    }
  };
  walk(doc.get("config", true), []);
  return found;
}

/** The CLI's `--path` syntax, each segment bracketed so dots and spaces in names stay names. */
function cliPath(key: string, inner: string[]): string {
  return `${key}${inner.map((part) => `[${JSON.stringify(part)}]`).join("")}`;
}
