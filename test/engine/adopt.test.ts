import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { PROJECT_DIR } from "../../src/program/paths";
import { EngineSandbox, expectSuccess } from "../support/engine-sandbox";
import { expectOk, runShell } from "../support/shell";
import { seedApp } from "../support/seed-app";
import type { SeededApp } from "../support/seed-app";

/**
 * An app made by hand, adopted, then deployed by the program through the real engine and
 * providers: seeded through the sandbox API's routes as `heroku create`, `config:set`, an add-on,
 * a domain, a drain, a feature, `pipelines:create` and a `git push` leave it; `npm run adopt`
 * against that API; the secret commands it prints, run for real in the sandbox's workspace; the
 * first `up` imports every part (the Release is a new release of the running slug, not an
 * import; the pipeline is renamed after the project) and the next preview has nothing to do;
 * `npm run adopt -- --done`, and still nothing to do.
 */

const STACK = "acme";
const SECRETS = {
  "sensitiveVars.STRIPE_API_KEY": "sk_live_51Hadoptenginetest0000000",
  "drains.example": "syslog+tls://logs.example.com:40123",
};
let sandbox: EngineSandbox;
let seeded: SeededApp;
let adopted: { status: number | null; out: string; err: string };
beforeAll(async () => {
  sandbox = await EngineSandbox.start({});
  seeded = await seedApp(sandbox.api, {
    name: "acme-shop",
    region: "us",
    config: {
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      STRIPE_API_KEY: SECRETS["sensitiveVars.STRIPE_API_KEY"],
    },
    addons: [{ plan: "heroku-postgresql:essential-0" }],
    domains: ["shop.acme.test"],
    drains: [SECRETS["drains.example"]],
    features: ["runtime-dyno-metadata"],
    pipeline: { name: "acme", stage: "staging" },
    push: "app",
    scale: { web: { quantity: 1, size: "basic" }, worker: { quantity: 1, size: "basic" } },
  });
  adopted = await runShell(
    PROJECT_DIR,
    `npm run --silent adopt -- acme-shop --stack ${STACK} --dir '${sandbox.stacksDir}'`,
    { HEROKU_API_URL: sandbox.api.url, HEROKU_API_KEY: sandbox.api.key },
  );
}, 300_000);
afterAll(() => sandbox?.close());
afterEach(() => expect(sandbox.api.problems).toEqual([]));

const state = () => sandbox.api.platform.state;
const ofApp = <T extends { appId: string }>(records: T[]) =>
  records.filter((record) => record.appId === seeded.id);
const stackFile = () => path.join(sandbox.stacksDir, `Pulumi.${STACK}.yaml`);

test("adopt reads the seeded app and prints the command for each secret", () => {
  expect({ status: adopted.status, err: adopted.err }).toEqual({ status: 0, err: "" });
  const config = (parse(fs.readFileSync(stackFile(), "utf8")) as { config: object }).config;
  expect(config).toMatchObject({
    "heroku-app:appName": "acme-shop",
    "heroku-app:addons": { database: { name: seeded.addons[0].name } },
    "heroku-app:deploy": { slugId: seeded.slugId },
    "heroku-app:import": { app: seeded.id },
  });
  const commands = adopted.out
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("pulumi config set"));
  expect(commands).toEqual(
    Object.keys(SECRETS).map(
      (where) => `pulumi config set --secret --path '${where}' --stack ${STACK}`,
    ),
  );
  for (const value of Object.values(SECRETS)) {
    expect(adopted.out).not.toContain(value);
    expect(fs.readFileSync(stackFile(), "utf8")).not.toContain(value);
  }
});

test("the secret commands, run for real; the first up adopts the app as it is", async () => {
  expectSuccess(await sandbox.pulumi(STACK, ["config"])); // the sandbox's copy of the stack
  const commands = adopted.out
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("pulumi config set"));
  for (const command of commands) {
    const where = /--path '([^']+)'/.exec(command)?.[1] as keyof typeof SECRETS;
    // As typed at its prompt; the CLI reads it from stdin.
    const run = await runShell(
      sandbox.workspace.projectDir,
      command,
      sandbox.workspace.env,
      SECRETS[where],
    );
    expectOk(run);
  }
  const builds = state().builds.length;
  const up = await sandbox.up(STACK);
  expectSuccess(up);

  // The same app and parts, adopted in place: nothing recreated, the add-on keeps its name.
  expect(state().apps.map((app) => app.id)).toEqual([seeded.id]);
  expect(ofApp(state().addons).map(({ id, name }) => ({ id, name }))).toEqual([
    { id: seeded.addons[0].id, name: seeded.addons[0].name },
  ]);
  expect(ofApp(state().domains).map(({ id }) => id)).toEqual([seeded.domains[0].id]);
  // Staging owns its pipeline: imported with its coupling, renamed after the project.
  expect(state().pipelines.map(({ id, name }) => ({ id, name }))).toEqual([
    { id: seeded.coupling?.pipelineId, name: "heroku-app" },
  ]);
  expect(ofApp(state().couplings).map(({ id }) => id)).toEqual([seeded.coupling?.id]);
  expect(ofApp(state().drains).map(({ id, url }) => ({ id, url }))).toEqual([
    { id: seeded.drains[0].id, url: SECRETS["drains.example"] },
  ]);
  expect(
    ofApp(state().features)
      .filter((feature) => feature.enabled)
      .map((feature) => feature.id),
  ).toEqual([seeded.features[0].id]);
  // A new release of the slug it ran, with no build; the vars as they were, plus the program's.
  expect(state().builds).toHaveLength(builds);
  const app = state().apps[0];
  expect(sandbox.api.platform.render.currentRelease(app)?.slugId).toBe(seeded.slugId);
  expect(app.config).toMatchObject({
    NODE_ENV: "production",
    LOG_LEVEL: "info",
    STRIPE_API_KEY: SECRETS["sensitiveVars.STRIPE_API_KEY"],
  });
  expect(app.config.DATABASE_URL).toMatch(/^postgres:/);
  expect(app.config.SESSION_SECRET).toMatch(/^[A-Za-z0-9]{48}$/);
  expect(up.stdout + up.stderr).not.toContain(SECRETS["sensitiveVars.STRIPE_API_KEY"]);

  expectSuccess(await sandbox.preview(STACK, "--expect-no-changes"));
  expectSuccess(await sandbox.preview(STACK, "--refresh", "--expect-no-changes"));
});

test("adopt --done drops the import ids; the next preview still has nothing to do", async () => {
  const done = await runShell(
    PROJECT_DIR,
    `npm run --silent adopt -- --done ${STACK} --dir '${sandbox.stacksDir}'`,
  );
  expectOk(done);
  expect(fs.readFileSync(stackFile(), "utf8")).not.toContain("heroku-app:import");
  expectSuccess(await sandbox.preview(STACK, "--expect-no-changes"));
  expectSuccess(await sandbox.preview(STACK, "--refresh", "--expect-no-changes"));
});
