import { scratchDirs } from "../support/scratch";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { bundleApp } from "../../src/program/bundle";
import { resolve } from "../../src/plan/mock-run";
import { toPlan } from "../../src/plan/planned";
import { planToJson, renderMarkdown, renderTree } from "../../src/plan/render";
import { listStacks, loadStackFile } from "../../src/stack-files/load";
import type { StackFile } from "../../src/stack-files/load";
import { runStack } from "../support/harness";
import { APP_DIR, PROJECT_DIR, fixture } from "../support/paths";

const scratchDir = scratchDirs();

/**
 * Secret hygiene, end to end: every secret a stack can hold — configured ones, as the CLI hands
 * them over decrypted, and the ones the program generates — is hunted through everything this
 * product writes: stack outputs (unwrapped), plan text, Markdown and JSON, the committed plan
 * snapshots and the app bundle. (The local run's logs: test/local/command.test.ts reads each
 * dyno's real SESSION_SECRET from /proc and hunts it in the runner's output.)
 */

const fresh = (label: string) => `${label}-${randomBytes(12).toString("hex")}`;
const configured = {
  STRIPE_API_KEY: fresh("sk_live"),
  DATABASE_PASSWORD: fresh("pw"),
};
const drainUrl = `syslog+tls://logs.example.com:6514?token=${fresh("drain")}`;

/** Production (the fixture) as `pulumi up` would see it after `pulumi config set --secret …`. */
function decryptedProduction(): StackFile {
  const file = loadStackFile(fixture("production"));
  return {
    ...file,
    config: {
      ...file.config,
      "heroku-app:sensitiveVars": JSON.stringify(configured),
      "heroku-app:drains": JSON.stringify({ papertrail: drainUrl }),
    },
    secretKeys: [...file.secretKeys, "heroku-app:sensitiveVars", "heroku-app:drains"],
  };
}

function expectNoSecret(where: string, text: string, secrets: readonly string[]): void {
  const leaked = secrets.filter((secret) => text.includes(secret));
  expect({ where, leaked }).toEqual({ where, leaked: [] });
}

describe("no secret leaves the program in plaintext", () => {
  let secrets: string[];
  let run: Awaited<ReturnType<typeof runStack>>;

  beforeAll(async () => {
    run = await runStack(decryptedProduction());
    secrets = [...Object.values(configured), drainUrl, ...run.log.generatedSecrets];
  });

  test("the program did receive and generate the secrets (so the hunt can find them)", async () => {
    expect(run.log.generatedSecrets).toHaveLength(1);
    const sensitive = await run.input("heroku-config", "sensitiveVars");
    expect(sensitive).toEqual({ ...configured, SESSION_SECRET: run.log.generatedSecrets[0] });
    expect(await run.input("heroku-drain-papertrail", "sensitiveUrl")).toBe(drainUrl);
  });

  test("stack outputs, unwrapped", async () => {
    const outputs = await resolve(run.outputs);
    expectNoSecret("stack outputs", JSON.stringify(outputs.value), secrets);
    expect(outputs.value).toMatchObject({
      sensitiveVarNames: ["DATABASE_PASSWORD", "SESSION_SECRET", "STRIPE_API_KEY"],
    });
  });

  test("plan text, Markdown and JSON", async () => {
    const report = { plan: await toPlan(decryptedProduction(), run), warnings: [] };
    const texts = {
      tree: renderTree(report),
      markdown: renderMarkdown(report),
      json: JSON.stringify(planToJson(report)),
    };
    for (const [where, text] of Object.entries(texts))
      expectNoSecret(`plan ${where}`, text, secrets);
    // The hunt is real: the names are there, the values are not.
    expect(texts.tree).toContain("STRIPE_API_KEY: [secret]");
  });

  test("committed plan snapshots", () => {
    for (const stack of listStacks()) {
      const snapshot = fs.readFileSync(path.join(PROJECT_DIR, "plans", `${stack}.md`), "utf8");
      expectNoSecret(`plans/${stack}.md`, snapshot, secrets);
      expect(snapshot).toContain("SESSION_SECRET: [secret]");
    }
  });

  test("the app bundle, even with a .env holding a secret in the app's directory", () => {
    const scratch = scratchDir("hygiene-");
    const appDir = path.join(scratch, "app");
    fs.cpSync(APP_DIR, appDir, {
      recursive: true,
      filter: (source) => !source.includes(`${path.sep}node_modules`),
    });
    fs.writeFileSync(path.join(appDir, ".env"), `STRIPE_API_KEY=${configured.STRIPE_API_KEY}\n`);
    const bundle = bundleApp({ appDir, outDir: scratch });
    const bundled = fs
      .readdirSync(bundle.path, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile());
    const contents = bundled
      .map(
        (entry) =>
          `${entry.name}\n${fs.readFileSync(path.join(entry.parentPath, entry.name), "latin1")}`,
      )
      .join("\n");
    expectNoSecret("app bundle", contents, secrets);
    expect(bundled.map((entry) => entry.name)).toContain("package.json");
  });
});
