import * as fs from "fs";
import * as tar from "tar";
import * as path from "path";
import { listDeployableFiles } from "../../src/program/bundle-files";
import { APP_DIR, PROJECT_DIR } from "../../src/program/paths";
import { sourceFile } from "../../src/sandbox/api/routes/builds";
import { copyProject } from "../support/project-copy";
import { EngineSandbox, expectSuccess } from "../support/engine-sandbox";

/**
 * The program through the real engine and providers against the sandbox's Platform API, as a
 * user deploys it: staging from nothing, production promoting staging's slug, no-op previews
 * (from a second copy of the project too), a review stack's whole life, secrets kept secret, and
 * a custom domain. One deployment, built on from test to test.
 */

const ROUTES_MD = path.join(PROJECT_DIR, "reference", "heroku-provider", "ROUTES.md");
let sandbox: EngineSandbox;
beforeAll(async () => {
  sandbox = await EngineSandbox.start({
    staging: "Pulumi.staging.yaml",
    production: "Pulumi.production.yaml",
    "review-123": "Pulumi.review-123.yaml",
    domains: "Pulumi.domains.yaml",
  });
}, 120_000);
afterAll(async () => {
  // Every Platform API call the provider made is one reference/heroku-provider/ROUTES.md lists.
  const listed = new Set(
    [
      ...fs
        .readFileSync(ROUTES_MD, "utf8")
        .matchAll(/^\| `(GET|POST|PATCH|PUT|DELETE) (\/[^`]*)`[^|]*\|/gm),
    ].map(([, method, href]) => `${method} ${href.replace(/\{[^}]+\}/g, "{}")}`),
  );
  const called = new Set(
    sandbox.api.requests
      .filter((request) => request.route !== undefined)
      .map((request) => (request.route as string).replace(/\{[^}]+\}/g, "{}")),
  );
  await sandbox?.close();
  expect([...called].filter((route) => !listed.has(route))).toEqual([]);
});
afterEach(() => expect(sandbox.api.problems).toEqual([]));

const state = () => sandbox.api.platform.state;
const appNamed = (name: unknown) => state().apps.find((app) => app.name === name);

test("staging from nothing in one up: the API holds what the stack file says", async () => {
  expectSuccess(await sandbox.up("staging"));
  const outputs = await sandbox.outputs("staging");
  const app = appNamed(outputs.appName);
  expect(app).toMatchObject({ region: "us", stack: "heroku-24", id: outputs.appId });
  if (app === undefined) return;

  const config = app.config;
  expect(config).toMatchObject({ NODE_ENV: "production", LOG_LEVEL: "debug" });
  expect(config.SESSION_SECRET).toMatch(/^[A-Za-z0-9]{48}$/);
  expect(config.DATABASE_URL).toMatch(/^postgres:\/\//);

  const builds = state().builds.filter((build) => build.appId === app.id);
  expect(builds).toHaveLength(1);
  expect(builds[0]).toMatchObject({ status: "succeeded", slugId: outputs.slugId });
  const uploaded: string[] = [];
  tar.t({
    file: sourceFile(sandbox.api.platform, builds[0].sourceUrl) as string,
    sync: true,
    // The provider tars the bundle's directory, .bundle/app, under its own name.
    onReadEntry: (entry) =>
      entry.type === "File" && uploaded.push(entry.path.replace(/^app\//, "")),
  });
  expect(uploaded.sort()).toEqual(listDeployableFiles(APP_DIR).sort());

  const formation = state().formation.filter((entry) => entry.appId === app.id);
  expect(formation.map(({ type, quantity, size }) => `${type}=${quantity}:${size}`).sort()).toEqual(
    ["web=1:Basic", "worker=1:Basic"],
  );
  const pipeline = state().pipelines.find((candidate) => candidate.id === outputs.pipelineId);
  expect(pipeline?.name).toBe("heroku-app");
  expect(state().couplings.filter((coupling) => coupling.appId === app.id)).toEqual([
    expect.objectContaining({ pipelineId: outputs.pipelineId, stage: "staging" }),
  ]);
  const feature = state().features.find(
    (candidate) => candidate.appId === app.id && candidate.name === "runtime-dyno-metadata",
  );
  expect(feature?.enabled).toBe(true);
  expect(outputs).toMatchObject({
    webUrl: `http://127.0.0.1:${app.webPort}/`,
    formation: "web=1:basic worker=1:basic",
    configVarNames: ["LOG_LEVEL", "NODE_ENV"],
    sensitiveVarNames: ["SESSION_SECRET"],
    origin: { mode: "build", buildId: builds[0].id },
  });
});

test("production releases staging's slug, with no build of its own", async () => {
  expectSuccess(await sandbox.up("production"));
  const staging = await sandbox.outputs("staging");
  const outputs = await sandbox.outputs("production");
  const app = appNamed(outputs.appName);
  if (app === undefined) throw new Error("no production app");
  expect(state().builds.filter((build) => build.appId === app.id)).toEqual([]);
  const current = sandbox.api.platform.render.currentRelease(app);
  expect(current?.slugId).toBe(staging.slugId);
  expect(outputs).toMatchObject({ slugId: staging.slugId, origin: { mode: "promote" } });
  expect(state().couplings.find((coupling) => coupling.appId === app.id)).toMatchObject({
    pipelineId: staging.pipelineId,
    stage: "production",
  });
});

test("a second preview changes nothing; nor does one from a second copy of the project", async () => {
  expectSuccess(await sandbox.preview("staging", "--expect-no-changes"));
  const copy = copyProject("engine-second-clone", {});
  try {
    // Another umask and other mtimes than this checkout's: the bundle must not see them.
    for (const file of listDeployableFiles(`${copy.dir}/app`)) {
      const where = `${copy.dir}/app/${file}`;
      fs.chmodSync(where, 0o600);
      fs.utimesSync(where, new Date(2001, 1, 1), new Date(2001, 1, 1));
    }
    const second = sandbox.withProgram(copy.dir);
    const builds = state().builds.length;
    expectSuccess(await sandbox.pulumi("staging", ["preview", "--expect-no-changes"], second));
    expectSuccess(await sandbox.pulumi("staging", ["up", "--yes", "--expect-no-changes"], second));
    expect(state().builds).toHaveLength(builds);
  } finally {
    fs.rmSync(copy.dir, { recursive: true, force: true });
  }
});

test("a review stack's up, destroy and stack rm leave nothing of it; staging's pipeline stays", async () => {
  expectSuccess(await sandbox.up("review-123"));
  const review = await sandbox.outputs("review-123");
  const app = appNamed(review.appName);
  expect(state().couplings.find((coupling) => coupling.appId === app?.id)?.stage).toBe("review");

  expectSuccess(await sandbox.pulumi("review-123", ["destroy", "--yes", "--skip-preview"]));
  expectSuccess(await sandbox.pulumi("review-123", ["stack", "rm", "--yes"]));
  const left = JSON.stringify(state());
  expect(left).not.toContain(String(review.appId));
  expect(left).not.toContain(String(review.appName));
  const pipelineId = (await sandbox.outputs("staging")).pipelineId;
  expect(state().pipelines.map((pipeline) => pipeline.id)).toContain(pipelineId);
});

test("no sensitive value in plaintext: state, stack outputs or any command's output", async () => {
  const staging = appNamed((await sandbox.outputs("staging")).appName);
  if (staging === undefined) throw new Error("no staging app");
  const secrets = [staging.config.SESSION_SECRET, staging.config.DATABASE_URL];
  const seen = [
    sandbox.stateText("staging"),
    sandbox.stateText("production"),
    JSON.stringify(await sandbox.outputs("staging")),
    (await sandbox.preview("staging", "--diff")).stdout,
    (await sandbox.pulumi("staging", ["stack", "export"])).stdout,
  ].join("\n");
  for (const secret of secrets) expect(seen).not.toContain(secret);
  expect(JSON.stringify(await sandbox.outputs("staging", true))).not.toContain(secrets[0]);
});

test("a new stack with a custom domain: the domain at once, ACM once the app runs", async () => {
  const first = await sandbox.up("domains");
  expectSuccess(first);
  expect(first.stdout + first.stderr).toMatch(
    /ACM \(TLS for the custom domains\) is turned on by the next `pulumi up`/,
  );
  const app = appNamed((await sandbox.outputs("domains")).appName);
  if (app === undefined) throw new Error("no app");
  expect(state().domains.filter((domain) => domain.appId === app.id)).toEqual([
    expect.objectContaining({
      hostname: "shop.example.com",
      cname: expect.stringMatching(/\.herokudns\.com$/),
    }),
  ]);
  expect(app.acm).toBe(false);
  expectSuccess(await sandbox.up("domains"));
  expect(appNamed(app.name)?.acm).toBe(true);
  expectSuccess(await sandbox.preview("domains", "--expect-no-changes"));
});
