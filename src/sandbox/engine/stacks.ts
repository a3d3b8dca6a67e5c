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
 * stay, and a `secure:` value of the user's (encrypted with their provider, unreadable here) that
 * the sandbox doesn't have yet gets a stand-in. The user's file is only read.
 */

/** The text a missing secret stands in with: obviously not a real one. */
export const STAND_IN = "sandbox-stand-in";

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
  const leftOut = REAL_HEROKU_KEYS.filter((key) => user.hasIn(["config", key]));
  for (const key of leftOut) user.deleteIn(["config", key]);

  const wanted = securePaths(user);
  for (const where of wanted) user.deleteIn(["config", ...where]);
  const kept = securePaths(sandbox);
  for (const where of kept) user.setIn(["config", ...where], sandbox.getIn(["config", ...where]));
  if (!user.hasIn(["config", "heroku:delays"])) {
    user.setIn(["config", "heroku:delays"], user.createNode(NO_DELAYS));
  }
  fs.writeFileSync(sandboxFile, user.toString());

  const missing = wanted.filter((where) => !kept.some((have) => same(have, where)));
  for (const [key, ...inner] of missing) {
    const pathArgs = inner.length > 0 ? ["--path", cliPath(key, inner)] : [key];
    workspace.quiet(["config", "set", "--secret", ...pathArgs, STAND_IN, "--stack", stack]);
  }
  return { standIns: missing.map((where) => where.join(".")), leftOut };
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

function same(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((part, index) => part === b[index]);
}

/** The CLI's `--path` syntax, each segment bracketed so dots and spaces in names stay names. */
function cliPath(key: string, inner: string[]): string {
  return `${key}${inner.map((part) => `[${JSON.stringify(part)}]`).join("")}`;
}
