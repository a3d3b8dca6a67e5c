import * as fs from "fs";
import * as path from "path";
import { driftReport } from "../../src/drift/summary";
import type { PreviewDigest } from "../../src/drift/summary";
import { PROJECT_DIR } from "../../src/program/paths";
import { copyProject } from "../support/project-copy";
import { EngineSandbox, expectSuccess } from "../support/engine-sandbox";
import { editStackFile } from "../support/stack-files";

/**
 * A user's day through the real engine and providers, against the sandbox's Platform API:
 * staging and production deployed, then what people do to them — change a stack file in a pull
 * request, roll back, make changes by hand, move a review stack's stage, drop a process type,
 * move staging to another region — each judged by what the API holds afterwards.
 */

const FIXTURES = path.join(PROJECT_DIR, "test", "fixtures");
let sandbox: EngineSandbox;
beforeAll(async () => {
  sandbox = await EngineSandbox.start({
    staging: "Pulumi.staging.yaml",
    production: "Pulumi.production.yaml",
    "review-7": "Pulumi.review-123.yaml",
  });
  expectSuccess(await sandbox.up("staging"));
  expectSuccess(await sandbox.up("production"));
}, 300_000);
afterAll(() => sandbox?.close());
afterEach(() => expect(sandbox.api.problems).toEqual([]));

const state = () => sandbox.api.platform.state;
async function app(stack: string) {
  const name = (await sandbox.outputs(stack)).appName;
  const found = state().apps.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no app for ${stack}`);
  return found;
}
const formationOf = (appId: string) =>
  Object.fromEntries(
    state()
      .formation.filter((entry) => entry.appId === appId)
      .map((entry) => [entry.type, `${entry.quantity}:${entry.size}`]),
  );
/** Resolves once none of the app's releases is still in its release phase. */
async function releasesSettled(appId: string): Promise<void> {
  const pending = () =>
    state().releases.some((release) => release.appId === appId && release.status === "pending");
  for (let tries = 0; pending() && tries < 200; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(pending()).toBe(false);
}
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), "utf8");

/** A change made by hand, through the API, as the Heroku CLI would make it. */
async function byHand(method: string, route: string, body: unknown) {
  const response = await fetch(`${sandbox.api.url}${route}`, {
    method,
    headers: {
      Authorization: `Bearer ${sandbox.api.key}`,
      Accept: "application/vnd.heroku+json; version=3",
      "Content-Type": "application/json",
    },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
}

test("drift made by hand: named by the drift check, without a stack trace, and undone by up", async () => {
  const production = await app("production");
  await byHand("PATCH", `/apps/${production.id}/formation/web`, { quantity: 5 });
  await byHand("PATCH", `/apps/${production.id}/config-vars`, { LOG_LEVEL: "trace", EXTRA: "1" });

  const preview = await sandbox.preview("production", "--refresh", "--expect-no-changes", "--json");
  expect(preview.status).not.toBe(0);
  const report = driftReport(
    "production",
    JSON.parse(preview.stdout) as PreviewDigest,
    preview.status,
  );
  expect(report.failed).toBe(true);
  expect(report.markdown).toMatch(/heroku-formation-web[^\n]*update[^\n]*quantity/);
  expect(report.markdown).toMatch(/heroku-config[^\n]*update[^\n]*vars/);
  expect(report.markdown).not.toMatch(/\n\s+at /); // no stack trace

  expectSuccess(await sandbox.up("production", "--refresh"));
  expect(formationOf(production.id).web).toBe("2:Standard-1X");
  expect(production.config.LOG_LEVEL).toBe("info");
  // A var the stack doesn't declare is not the provider's to see (docs/drift.md says so).
  expect(production.config.EXTRA).toBe("1");
  expectSuccess(await sandbox.preview("production", "--refresh", "--expect-no-changes"));
});

test("a pull request's edits: exactly those, in place; then nothing to do", async () => {
  const production = await app("production");
  const releases = state().releases.filter((release) => release.appId === production.id).length;
  editStackFile(sandbox.stacksDir, "production", (file) => {
    file.set("formation", ["web", "quantity"], 3);
    file.set("formation", ["worker", "size"], "standard-2x");
    file.set("configVars", ["FEATURE_X"], "on");
    file.set("domains", [], ["shop.example.com"]);
  });
  sandbox.writeStack("qa", fixture("Pulumi.review-123.yaml"));
  editStackFile(sandbox.stacksDir, "qa", (file) => file.set("stage", [], "development"));

  const preview = await sandbox.preview("production", "--json");
  expectSuccess(preview);
  const steps = (JSON.parse(preview.stdout) as PreviewDigest).steps ?? [];
  // Reads of other stacks' outputs aside, these and nothing else; the app's only change is ACM,
  // turned on with its first custom domain.
  const changed = steps
    .filter((step) => step.op !== "same" && step.op !== "read")
    .map((step) => `${step.op} ${step.urn.split("::").pop()}`);
  expect(changed.sort()).toEqual(
    [
      "create heroku-domain-shop-example-com",
      "update heroku-app",
      "update heroku-config",
      "update heroku-formation-web",
      "update heroku-formation-worker",
    ].sort(),
  );
  const appStep = steps.find((step) => step.urn.endsWith("::heroku-app"));
  expect(Object.keys(appStep?.detailedDiff ?? {})).toEqual(["acm"]);
  expectSuccess(await sandbox.up("production"));
  expect(await app("production")).toMatchObject({ id: production.id });
  expect(formationOf(production.id)).toEqual({ web: "3:Standard-1X", worker: "1:Standard-2X" });
  expect(production.config.FEATURE_X).toBe("on");
  expect(
    state()
      .domains.filter((domain) => domain.appId === production.id)
      .map((d) => d.hostname),
  ).toEqual(["shop.example.com"]);
  // One config change, one release; scaling and domains cut none.
  expect(state().releases.filter((release) => release.appId === production.id)).toHaveLength(
    releases + 1,
  );
  expectSuccess(await sandbox.preview("production", "--expect-no-changes"));

  expectSuccess(await sandbox.up("qa"));
  const qa = await app("qa");
  expect(state().couplings.find((coupling) => coupling.appId === qa.id)?.stage).toBe("development");
});

test("rollback: production pinned to an older slug is a new release of it, with no build", async () => {
  const production = await app("production");
  const staging = await app("staging");
  const oldSlug = (await sandbox.outputs("production")).slugId as string;
  // A newer staging build (another app/ version), promoted to production.
  const copy = copyProject("lifecycle-newer-app", {});
  try {
    fs.appendFileSync(path.join(copy.dir, "app", "src", "server.js"), "\n// a newer version\n");
    const newer = sandbox.withProgram(copy.dir);
    expectSuccess(await sandbox.pulumi("staging", ["up", "--yes", "--skip-preview"], newer));
    expectSuccess(await sandbox.pulumi("production", ["up", "--yes", "--skip-preview"], newer));
  } finally {
    fs.rmSync(copy.dir, { recursive: true, force: true });
  }
  const promoted = (await sandbox.outputs("production")).slugId;
  expect(promoted).not.toBe(oldSlug);
  const builds = state().builds.length;

  editStackFile(sandbox.stacksDir, "production", (file) => {
    file.delete("deploy", "promoteFrom");
    file.set("deploy", ["slugId"], oldSlug);
  });
  expectSuccess(await sandbox.up("production"));
  expect(state().builds).toHaveLength(builds);
  expect(sandbox.api.platform.render.currentRelease(production)?.slugId).toBe(oldSlug);
  expect(await sandbox.outputs("production")).toMatchObject({
    slugId: oldSlug,
    origin: { mode: "slug" },
  });
  expect(staging.id).toBe((await app("staging")).id);
});

test("removing production's protected database: refused by the engine, nothing deleted", async () => {
  const production = await app("production");
  const addons = state().addons.filter((addon) => addon.appId === production.id);
  const current = fs.readFileSync(path.join(sandbox.stacksDir, "Pulumi.production.yaml"), "utf8");
  editStackFile(sandbox.stacksDir, "production", (file) => file.delete("addons"));
  const preview = await sandbox.preview("production");
  expect(preview.status).not.toBe(0);
  expect(preview.stdout + preview.stderr).toMatch(/protected/);
  const up = await sandbox.up("production");
  expect(up.status).not.toBe(0);
  expect(state().addons.filter((addon) => addon.appId === production.id)).toEqual(addons);
  sandbox.writeStack("production", current);
});

test("a review stack moved to development: the coupling moves, no 'already a member'", async () => {
  expectSuccess(await sandbox.up("review-7"));
  const review = await app("review-7");
  editStackFile(sandbox.stacksDir, "review-7", (file) => file.set("stage", [], "development"));
  expectSuccess(await sandbox.up("review-7"));
  expect(
    state()
      .couplings.filter((coupling) => coupling.appId === review.id)
      .map((c) => c.stage),
  ).toEqual(["development"]);
});

test("a process type dropped from the Procfile: its dynos go with the release that drops it", async () => {
  const staging = await app("staging");
  expect(formationOf(staging.id).worker).toBe("1:Basic");
  const copy = copyProject("lifecycle-no-worker", {});
  try {
    const procfile = path.join(copy.dir, "app", "Procfile");
    const types = fs.readFileSync(procfile, "utf8").split("\n");
    fs.writeFileSync(procfile, types.filter((line) => !line.startsWith("worker:")).join("\n"));
    // The same pull request drops it from the stack file, which may only scale Procfile types.
    editStackFile(sandbox.stacksDir, "staging", (file) => file.delete("formation", "worker"));
    const without = sandbox.withProgram(copy.dir);
    const preview = await sandbox.pulumi("staging", ["preview", "--json"], without);
    expectSuccess(preview);
    const deleted = ((JSON.parse(preview.stdout) as PreviewDigest).steps ?? []).filter(
      (step) => step.op === "delete",
    );
    expect(deleted.map((step) => step.urn.split("::").pop())).toEqual(["heroku-formation-worker"]);
    expectSuccess(await sandbox.pulumi("staging", ["up", "--yes", "--skip-preview"], without));
  } finally {
    fs.rmSync(copy.dir, { recursive: true, force: true });
  }
  // `up` returns once the build succeeds; its release (and the formation it brings) follows its
  // release phase, on Heroku as here.
  await releasesSettled(staging.id);
  expect(formationOf(staging.id)).toEqual({ web: "1:Basic" });
});

test("staging moved to another region: a new app with its vars, add-on and coupling; production untouched", async () => {
  const old = await app("staging");
  const production = await app("production");
  const productionReleases = state().releases.filter(
    (release) => release.appId === production.id,
  ).length;
  const pipelineId = (await sandbox.outputs("staging")).pipelineId;
  editStackFile(sandbox.stacksDir, "staging", (file) => file.set("region", [], "eu"));
  expectSuccess(await sandbox.up("staging"));
  const moved = await app("staging");
  expect(moved.id).not.toBe(old.id);
  expect(moved.region).toBe("eu");
  expect(state().apps.find((candidate) => candidate.id === old.id)).toBeUndefined();
  expect(moved.config).toMatchObject({ NODE_ENV: "production", LOG_LEVEL: "debug" });
  expect(moved.config.SESSION_SECRET).toMatch(/^[A-Za-z0-9]{48}$/);
  expect(moved.config.DATABASE_URL).toMatch(/^postgres:/);
  expect(state().addons.filter((addon) => addon.appId === moved.id)).toHaveLength(1);
  expect(state().couplings.find((coupling) => coupling.appId === moved.id)).toMatchObject({
    pipelineId,
    stage: "staging",
  });
  expect(state().releases.filter((release) => release.appId === production.id)).toHaveLength(
    productionReleases,
  );
  expectSuccess(await sandbox.preview("staging", "--expect-no-changes"));
});
