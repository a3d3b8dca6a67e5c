import * as fs from "fs";
import { parse } from "yaml";
import { bundleApp } from "../../src/program/bundle";
import { OfflineRunError } from "../../src/plan/mock-run";
import type { Registration } from "../../src/plan/mock-run";
import { STAGING_OUTPUTS, STAGING_REFERENCE, runStack } from "../support/harness";
import type { StackRun } from "../support/harness";
import { writeStackFile } from "../support/stack-files";
import { fixture } from "../support/paths";

/**
 * The program on the fixtures test/fixtures/Pulumi.{staging,production}.yaml (the stacks as the
 * project first shipped them): the shipped stack files are the user's, checked for invariants only
 * (test/project/stack-files.test.ts).
 */

/** The fixture's own `heroku-app:` entries, read independently of the program's loader. */
function stackFile(stack: string): Record<string, unknown> {
  const doc = parse(fs.readFileSync(fixture(stack), "utf8"));
  return Object.fromEntries(
    Object.entries(doc.config as Record<string, unknown>).map(([key, value]) => [
      key.replace("heroku-app:", ""),
      value,
    ]),
  );
}

const HEROKU = "heroku:";
const names = (registrations: Registration[]) => registrations.map(({ name }) => name).sort();

describe.each(["staging", "production"])("the %s stack", (stack) => {
  let run: StackRun;
  const file = stackFile(stack);
  beforeAll(async () => {
    run = await runStack(fixture(stack));
  });

  test("declares one component holding every resource", () => {
    const [component, ...children] = run.registrations;
    expect(component).toMatchObject({
      type: "heroku-app:index:HerokuEnvironment",
      name: "heroku",
      parent: undefined,
    });
    for (const child of children) expect(child.parent).toBe("heroku");
  });

  test("an app in the configured region and Heroku stack, with a stable generated name", async () => {
    const app = run.get("heroku-app");
    expect(await run.input("heroku-app", "region")).toBe("us");
    expect(await run.input("heroku-app", "stack")).toBe("heroku-24");
    expect(await run.input("heroku-app", "name")).toMatch(
      new RegExp(`^heroku-app-${stack}-[a-z0-9]{6}$`),
    );
    expect(run.get("heroku-name-suffix").type).toBe("random:index/randomString:RandomString");
    // Config vars live on the ConfigAssociation only; on both, the diff would never settle.
    expect(app.props.configVars).toBeUndefined();
    expect(app.props.sensitiveConfigVars).toBeUndefined();
    expect(app.protect).toBe(file.protect === true);
  });

  test("one formation per Procfile process type, as configured, after the release, web first", async () => {
    const formations = run.ofType(`${HEROKU}formation/formation:Formation`);
    const configured = file.formation as Record<string, { quantity: number; size: string }>;
    expect(names(formations)).toEqual(["heroku-formation-web", "heroku-formation-worker"]);
    for (const [type, { quantity, size }] of Object.entries(configured)) {
      const name = `heroku-formation-${type}`;
      expect(await run.input(name, "type")).toBe(type);
      expect(await run.input(name, "quantity")).toBe(quantity);
      expect(await run.input(name, "size")).toBe(size);
      const releasedBy = stack === "staging" ? "heroku-build" : "heroku-release";
      // A new app runs one Basic web dyno: scaling others to another tier beside it fails.
      const after = type === "web" ? [releasedBy] : [releasedBy, "heroku-formation-web"];
      expect(run.get(name).dependsOn).toEqual(after);
    }
  });

  test("plain config vars as configured, SESSION_SECRET generated and secret", async () => {
    const config = run.get("heroku-config");
    expect(await run.input("heroku-config", "vars")).toEqual(file.configVars);
    const sensitive = (await run.input("heroku-config", "sensitiveVars")) as Record<string, string>;
    expect(Object.keys(sensitive)).toEqual(["SESSION_SECRET"]);
    expect(sensitive.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(run.log.generatedSecrets).toContain(sensitive.SESSION_SECRET);
    const { masked, secret } = await run.output("configVarNames");
    expect(secret).toBe(false);
    expect(masked).toEqual(Object.keys(file.configVars as object).sort());
    const resolved = await import("../../src/plan/mock-run").then(({ resolve }) =>
      resolve(config.props.sensitiveVars),
    );
    expect(resolved.secret).toBe(true);
    expect(resolved.masked).toEqual({ SESSION_SECRET: "[secret]" });
  });

  test("stack outputs carry names and ids, never a secret value", async () => {
    const outputs = await Promise.all(
      Object.keys(run.outputs).map(async (key) => [key, await run.output(key)] as const),
    );
    const text = JSON.stringify(outputs.map(([key, { value }]) => [key, value]));
    for (const secret of run.log.generatedSecrets) expect(text).not.toContain(secret);
    expect(outputs.filter(([, { secret }]) => secret)).toEqual([]);
    const byKey = Object.fromEntries(outputs.map(([key, { value }]) => [key, value]));
    expect(byKey.webUrl).toBe(`https://${byKey.appName}.herokuapp.com/`);
    expect(byKey.appId).toBe("heroku-app-uuid");
    const configured = file.formation as Record<string, { quantity: number; size: string }>;
    expect(byKey.formation).toBe(
      `web=${configured.web.quantity}:${configured.web.size} worker=${configured.worker.quantity}:${configured.worker.size}`,
    );
    expect(byKey.sensitiveVarNames).toEqual(["SESSION_SECRET"]);
  });

  test("couples the app to the pipeline at its stage", async () => {
    expect(await run.input("heroku-coupling", "stage")).toBe(file.stage);
    expect(await run.input("heroku-coupling", "appId")).toBe("heroku-app-uuid");
  });
});

describe("staging builds app/", () => {
  test("from the deterministic bundle, after config, add-ons and features are in place", async () => {
    const run = await runStack(fixture("staging"));
    const bundle = bundleApp();
    expect(await run.input("heroku-build", "source")).toEqual({
      path: bundle.path,
      version: bundle.checksum,
    });
    expect(run.get("heroku-build").dependsOn).toEqual(
      expect.arrayContaining([
        "heroku-config",
        "heroku-addon-database",
        "heroku-feature-runtime-dyno-metadata",
      ]),
    );
    expect(run.ofType(`${HEROKU}app/release:Release`)).toEqual([]);
    expect((await run.output("slugId")).value).toBe("slug-from-build");
    expect((await run.output("releaseId")).value).toBe("release-from-build");
    expect((await run.output("origin")).value).toEqual({
      mode: "build",
      bundleChecksum: bundle.checksum,
      buildId: "build-uuid",
    });
    // Staging owns the pipeline production promotes through.
    expect(await run.input("heroku-pipeline", "name")).toBe("heroku-app");
    expect(await run.input("heroku-coupling", "pipeline")).toBe("heroku-pipeline-id");
  });
});

describe("production promotes staging's slug", () => {
  let run: StackRun;
  beforeAll(async () => {
    run = await runStack(fixture("production"));
  });

  test("releases exactly the slug the staging stack reference returns, without building", async () => {
    expect(run.ofType(`${HEROKU}build/build:Build`)).toEqual([]);
    expect(await run.input("heroku-release", "slugId")).toBe(STAGING_OUTPUTS.slugId);
    expect(await run.input("heroku-release", "appId")).toBe("heroku-app-uuid");
    expect((await run.output("origin")).value).toEqual({
      mode: "promote",
      fromStack: "staging",
      slugId: STAGING_OUTPUTS.slugId,
    });
    expect((await run.output("releaseId")).value).toBe("release-uuid");
  });

  test("reads the staging stack once, for the slug and the pipeline", async () => {
    const references = run.ofType("pulumi:pulumi:StackReference");
    expect(references).toHaveLength(1);
    expect(await run.input(references[0].name, "name")).toBe(STAGING_REFERENCE);
    expect(await run.input("heroku-coupling", "pipeline")).toBe(STAGING_OUTPUTS.pipelineId);
    expect(run.ofType(`${HEROKU}pipeline/pipeline:Pipeline`)).toEqual([]);
  });

  test("protects the app and keeps its database even if the stack lets go of it", () => {
    expect(run.get("heroku-app").protect).toBe(true);
    expect(run.get("heroku-addon-database")).toMatchObject({ protect: true, retainOnDelete: true });
  });

  test("turns preboot on", async () => {
    expect(await run.input("heroku-feature-preboot", "enabled")).toBe(true);
    expect(await run.input("heroku-feature-preboot", "name")).toBe("preboot");
  });
});

describe("bad config registers nothing", () => {
  test.each([
    [
      "a dyno size",
      "heroku-app:formation:\n    web: {quantity: 1, size: standard-3x}",
      'Pulumi.bad.yaml: heroku-app:formation.web.size: "standard-3x" is not a Heroku dyno size',
    ],
    [
      "two deploy modes",
      "heroku-app:deploy: {build: true, slugId: 5d3b7a3e-1c0f-4f53-a5c3-3b0d5f6f7e01}",
      "Pulumi.bad.yaml: heroku-app:deploy: choose exactly one",
    ],
    [
      "a plaintext secret",
      "heroku-app:sensitiveVars:\n    API_TOKEN: hunter2",
      "Pulumi.bad.yaml: heroku-app:sensitiveVars.API_TOKEN: is stored in plaintext",
    ],
  ])("%s", async (_, entry, message) => {
    const error = await runStack(writeStackFile("bad", `config:\n  ${entry}\n`)).catch(
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(OfflineRunError);
    expect((error as OfflineRunError).message).toContain(message);
    expect((error as OfflineRunError).message).not.toContain("hunter2");
    expect((error as OfflineRunError).registrations).toEqual([]);
  });
});
