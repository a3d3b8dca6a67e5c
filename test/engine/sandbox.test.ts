import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_DIR } from "../../src/program/paths";
import { standInFor } from "../../src/sandbox/engine/stacks";
import { runEngineVerb } from "../../src/sandbox/engine/verbs";
import { SANDBOX_PASSPHRASE } from "../../src/sandbox/engine/workspace";
import { loadStackFile } from "../../src/stack-files/load";
import { engineToolchain } from "../support/pulumi-cli";

/**
 * `npm run sandbox -- pulumi …` and the program verbs, with the real CLI: the sandbox keeps its own
 * copy of a stack (the user's plain config, its own secrets, stand-ins for the user's `secure:`
 * values it can't read) and never writes the user's stack file.
 */

const API = { url: "http://127.0.0.1:9/", key: "sandbox-test-key" };
/** What the sandbox said to the user (one line per note), captured instead of printed. */
let said: string[] = [];
beforeEach(() => {
  said = [];
  jest.spyOn(console, "error").mockImplementation((line: string) => void said.push(line));
});
afterEach(() => jest.restoreAllMocks());
let scratch: string;
let program: string;
let root: string;

beforeAll(() => {
  process.env.PATH = `${engineToolchain().bin}${path.delimiter}${process.env.PATH}`;
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-engine-"));
  program = path.join(scratch, "program");
  root = path.join(scratch, "sandbox");
  fs.mkdirSync(program);
  fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(program, "Pulumi.yaml"));
  fs.copyFileSync(
    path.join(PROJECT_DIR, "test", "fixtures", "Pulumi.extras.yaml"),
    path.join(program, "Pulumi.extras.yaml"),
  );
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const userFile = () => fs.readFileSync(path.join(program, "Pulumi.extras.yaml"), "utf8");
const CIPHERTEXT = "v1:AAAAAAAAAAAAAAAAnot-decryptable-here";
/** The user re-encrypts the drain's URL (a new secret, or the same one encrypted again). */
const encryptAgain = (from: string, to: string) =>
  fs.writeFileSync(path.join(program, "Pulumi.extras.yaml"), userFile().replace(from, to));
const drains = () => JSON.parse(sandboxConfig()["heroku-app:drains"].value ?? "");
const sandbox = (verb: "pulumi" | "preview", args: string[]) =>
  runEngineVerb(verb, args, API, { root, program: PROJECT_DIR, stacks: program });

/** The sandbox stack's config as the CLI reads it, secrets shown. */
function sandboxConfig(): Record<string, { value?: string; secret: boolean }> {
  const result = spawnSync(
    "pulumi",
    ["config", "--json", "--show-secrets", "--stack", "extras", "--non-interactive"],
    {
      cwd: path.join(root, "project"),
      encoding: "utf8",
      env: {
        ...process.env,
        PULUMI_BACKEND_URL: `file://${path.join(root, "state")}`,
        PULUMI_CONFIG_PASSPHRASE: SANDBOX_PASSPHRASE,
      },
    },
  );
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout);
}

test("the first command makes the stack: the user's plain config, a stand-in for each secret", () => {
  const before = userFile();
  expect(sandbox("pulumi", ["stack", "ls", "--stack", "extras"])).toBe(0);
  expect(userFile()).toBe(before);
  expect(said).toEqual([
    expect.stringMatching(
      /stand-in values for heroku-app:drains\.papertrail \(set your own: npm run sandbox -- pulumi config set --secret/,
    ),
  ]);

  const config = sandboxConfig();
  const user = loadStackFile("extras", program);
  for (const [key, value] of Object.entries(user.config)) {
    if (!user.secretKeys.includes(key))
      expect({ key, value: config[key]?.value }).toEqual({ key, value });
  }
  const standIn = standInFor(CIPHERTEXT);
  expect(standIn).toMatch(/^https:\/\/sandbox-stand-in\.invalid\/[0-9a-f]{16}$/);
  expect(config["heroku-app:drains"]).toEqual({
    value: JSON.stringify({ papertrail: standIn }),
    objectValue: { papertrail: standIn },
    secret: true,
  });
  // The provider waits nothing after creating an app or a domain in the sandbox.
  expect(JSON.parse(config["heroku:delays"].value ?? "")).toEqual({
    postAppCreateDelay: 0,
    postDomainCreateDelay: 0,
  });
});

test("a stand-in follows its ciphertext: a new one when the user's changes, the same one otherwise", () => {
  expect(sandbox("pulumi", ["stack", "ls", "--stack", "extras"])).toBe(0);
  expect(said).toEqual([]); // nothing new to stand in for
  expect(drains()).toEqual({ papertrail: standInFor(CIPHERTEXT) });

  encryptAgain(CIPHERTEXT, "v1:BBBBBBBBBBBBBBBBanother-ciphertext");
  expect(sandbox("pulumi", ["stack", "ls", "--stack", "extras"])).toBe(0);
  expect(said).toEqual([
    expect.stringContaining("stand-in values for heroku-app:drains.papertrail"),
  ]);
  expect(drains()).toEqual({ papertrail: standInFor("v1:BBBBBBBBBBBBBBBBanother-ciphertext") });
  expect(standInFor("v1:BBBBBBBBBBBBBBBBanother-ciphertext")).not.toBe(standInFor(CIPHERTEXT));
  encryptAgain("v1:BBBBBBBBBBBBBBBBanother-ciphertext", CIPHERTEXT);
});

test("a secret set in the sandbox stays, encrypted, and the user's file is never written", () => {
  const before = userFile();
  const set = [
    "config",
    "set",
    "--secret",
    "--path",
    "drains.papertrail",
    "syslog+tls://l.example:1",
  ];
  expect(sandbox("pulumi", [...set, "--stack", "extras"])).toBe(0);
  // The next command syncs the stack again: the user's plain config, the sandbox's secret kept.
  expect(sandbox("pulumi", ["stack", "ls", "--stack", "extras"])).toBe(0);
  expect(drains()).toEqual({ papertrail: "syslog+tls://l.example:1" });
  expect(userFile()).toBe(before);
  // Theirs stays when the user's ciphertext changes too: only a stand-in follows it.
  encryptAgain(CIPHERTEXT, "v1:CCCCCCCCCCCCCCCCa-third-one");
  expect(sandbox("pulumi", ["stack", "ls", "--stack", "extras"])).toBe(0);
  expect(drains()).toEqual({ papertrail: "syslog+tls://l.example:1" });
  encryptAgain("v1:CCCCCCCCCCCCCCCCa-third-one", CIPHERTEXT);
  const stackFile = fs.readFileSync(path.join(root, "project", "Pulumi.extras.yaml"), "utf8");
  expect(stackFile).not.toContain("l.example");
});

test("a verb that runs the program needs the language host and the providers, or says so", () => {
  const plugins = spawnSync(
    "bash",
    [path.join(PROJECT_DIR, "tools", "install-engine.sh"), "--plugins"],
    {
      stdio: "ignore",
    },
  );
  const status = sandbox("preview", ["extras"]);
  // Where the plugins are missing, it stops before the CLI, status 2; else the CLI runs the
  // program (this development stack's preview then needs staging deployed: not here).
  if (plugins.status === 2) {
    expect(status).toBe(2);
    expect(said.join("\n")).toMatch(
      /needs the Pulumi CLI's Node.js language host and the Heroku and random provider plugins/,
    );
  } else {
    expect(status).not.toBe(2);
  }
});

test("a program verb without a stack is a usage error", () => {
  expect(sandbox("preview", [])).toBe(2);
  expect(said).toEqual([
    "sandbox: preview needs a stack: npm run sandbox -- preview <stack> [pulumi flags]",
  ]);
});

describe("npm run sandbox", () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, ["-r", "./tools/register.js", "tools/sandbox.ts", ...args], {
      cwd: PROJECT_DIR,
      encoding: "utf8",
      env: { ...process.env, HEROKU_API_URL: "", HEROKU_API_KEY: "" },
    });

  test("an unknown verb is a usage error listing the verbs", () => {
    const result = run(["deploy"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      'sandbox: no verb "deploy" (verbs: up, preview, refresh, destroy, pulumi, api, env, stop, reset)',
    );
  });
});
