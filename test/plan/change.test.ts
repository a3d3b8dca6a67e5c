import * as fs from "fs";
import * as path from "path";
import { diffPlans } from "../../src/plan/change/diff";
import { changeToJson } from "../../src/plan/change/render";
import { changeWarnings, protectedError } from "../../src/plan/change/warnings";
import { TYPE } from "../../src/program/types";
import { changeOf, named, ops, plan, report, variant } from "../support/changes";
import type { Config } from "../support/changes";
import { fixture } from "../support/paths";

/**
 * The change plan's operations on real plans of the fixtures and edited copies of them: which
 * operation each resource gets, why, and what a reviewer is warned about.
 * test/plan/change-rows.test.ts covers the lifecycle rows that need the program's options,
 * secrets and rendering; test/plan/against.test.ts runs the command itself between git commits.
 */

describe("operations", () => {
  test("nothing changed: every resource is the same, placeholders included", async () => {
    const change = diffPlans(await plan(fixture("production")), await plan(fixture("production")));
    expect(ops(change)).toEqual({});
    expect(change.changes.length).toBeGreaterThan(10);
    expect(change.changedOutputs.size).toBe(0);
  });

  test("a scale change is one Formation update and nothing else", async () => {
    const change = await changeOf("production", (config) => {
      (config.formation as Record<string, Config>).web.quantity = 3;
    });
    expect(ops(change)).toEqual({ "heroku-formation-web": "update" });
    const web = named(change, "heroku-formation-web");
    expect(web.inputs).toEqual([
      expect.objectContaining({ path: "quantity", before: 2, after: 3 }),
    ]);
    expect(changeToJson(report("production", change)).changes).toContainEqual({
      name: "heroku-formation-web",
      type: TYPE.formation,
      op: "update",
      diffs: ["quantity"],
    });
  });

  test("a region change on staging replaces the app and everything on it, config included", async () => {
    const change = await changeOf("staging", (config) => (config.region = "eu"));
    expect(ops(change)).toEqual({
      "heroku-app": "replace",
      "heroku-config": "replace",
      "heroku-addon-database": "replace",
      "heroku-feature-runtime-dyno-metadata": "replace",
      "heroku-build": "replace",
      "heroku-formation-web": "replace",
      "heroku-formation-worker": "replace",
      "heroku-coupling": "replace",
    });
    const app = named(change, "heroku-app");
    expect(app.replaceBecause).toEqual(["region changed (ForceNew)"]);
    expect(app.deleteFirst).toBe(true); // the provider, since the program sets the app's name
    // The provider would only update its appId (writing nothing): the program's option replaces it.
    expect(named(change, "heroku-config").replaceBecause).toEqual([
      "appId follows replaced heroku-app (replaceOnChanges)",
    ]);
    expect(named(change, "heroku-coupling")).toMatchObject({ deleteFirst: true });
    const warnings = changeWarnings(named(change, "heroku-addon-database"), change.changes);
    expect(warnings).toEqual([
      expect.stringContaining("a new, empty add-on: the old one and its data are deleted"),
    ]);
    expect(changeWarnings(app, change.changes)).toEqual([expect.stringContaining("a new app")]);
    // The pipeline doesn't live on the app: it stays.
    expect(named(change, "heroku-pipeline").op).toBe("same");
  });

  test("a removed add-on is deleted, with its data", async () => {
    const change = await changeOf("staging", (config) => delete config.addons);
    expect(ops(change)).toEqual({ "heroku-addon-database": "delete" });
    expect(changeWarnings(named(change, "heroku-addon-database"), change.changes)).toEqual([
      "deletes the add-on and its data",
    ]);
  });

  test("a region change on production would replace protected resources: refused", async () => {
    const change = await changeOf("production", (config) => (config.region = "eu"));
    const refused = change.changes
      .filter((c) => protectedError(c).length > 0)
      .map(({ name }) => name);
    expect(refused).toEqual(["heroku-app", "heroku-addon-database"]);
    expect(protectedError(named(change, "heroku-app"))[0]).toMatch(
      /^protected: `pulumi up` would refuse to replace it/,
    );
    // Retained on delete, but Heroku deletes it with its app.
    expect(changeWarnings(named(change, "heroku-addon-database"), change.changes)).toEqual([
      "a new, empty add-on: the old one and its data are deleted with the old app",
    ]);
  });

  test("switching to a pinned slug replaces the release, never updates it", async () => {
    const slugId = "2f0f1b9e-58a4-4c1e-9f0b-7d3c2a1e6b55";
    const change = await changeOf("production", (config) => (config.deploy = { slugId }));
    expect(ops(change)).toEqual({ "heroku-release": "replace" });
    expect(named(change, "heroku-release").replaceBecause).toEqual([
      "description changed (replaceOnChanges)",
      "slugId changed (ForceNew)",
    ]);
    expect(changeWarnings(named(change, "heroku-release"), change.changes)).toEqual([
      expect.stringContaining("releases a different slug"),
    ]);
  });

  test("renaming the promoted stack replaces the release, which reads the new stack", async () => {
    const edited = variant("production", (config) => (config.deploy = { promoteFrom: "qa" }));
    fs.writeFileSync(
      path.join(path.dirname(edited), "Pulumi.qa.yaml"),
      "config:\n  heroku-app:stage: staging\n",
    );
    const change = diffPlans(await plan(fixture("production")), await plan(edited));
    expect(ops(change)).toEqual({ "heroku-release": "replace", "heroku-upstream-qa": "create" });
    expect(named(change, "heroku-release").replaceBecause).toEqual([
      "description changed (replaceOnChanges)",
      "slugId changed (ForceNew)",
    ]);
  });

  test("a deployed app with domains moving region: domains replaced delete-first, ACM off on the new app", async () => {
    const previousOutputs = { ...(await plan(fixture("extras"))).outputs };
    const before = await plan(fixture("extras"), { previousOutputs });
    const moved = variant("extras", (config) => (config.region = "us"));
    const change = diffPlans(before, await plan(moved, { previousOutputs }));
    expect(named(change, "heroku-app")).toMatchObject({ op: "replace", deleteFirst: true });
    expect(named(change, "heroku-app").inputs.map(({ path }) => path)).toEqual(["acm", "region"]);
    for (const name of ["heroku-domain-www-example-com", "heroku-domain-api-example-com"]) {
      expect(named(change, name)).toMatchObject({
        op: "replace",
        deleteFirst: true, // a hostname belongs to one app at a time
        replaceBecause: ["appId follows replaced heroku-app (ForceNew)"],
      });
      expect(changeWarnings(named(change, name), change.changes)).toEqual([
        expect.stringContaining("new DNS target"),
      ]);
    }
  });

  test("a stage change replaces the coupling, delete-first", async () => {
    const change = await changeOf("review-123", (config) => (config.stage = "development"));
    expect(ops(change)).toEqual({ "heroku-coupling": "replace" });
    expect(named(change, "heroku-coupling")).toMatchObject({
      replaceBecause: ["stage changed (ForceNew)"],
      deleteFirst: true,
    });
  });

  test("staging leaving the staging stage lets its pipeline go, which stays on Heroku", async () => {
    const change = await changeOf("staging", (config) => {
      config.stage = "development";
      config.pipelineStack = "acme/other-project/staging";
    });
    expect(ops(change)).toMatchObject({
      "heroku-pipeline": "delete",
      "heroku-coupling": "replace",
      // Another project's stack is named in full, so it can't collide with a stack of this one.
      "heroku-upstream-acme/other-project/staging": "create",
    });
    expect(changeWarnings(named(change, "heroku-pipeline"), change.changes)).toEqual([
      expect.stringContaining("kept on Heroku (retainOnDelete)"),
    ]);
  });

  test("a worker scaled to zero, a data add-on's new plan, a feature turned off: updates, with warnings", async () => {
    const change = await changeOf("staging", (config) => {
      (config.formation as Record<string, Config>).worker.quantity = 0;
      config.addons = { database: { plan: "heroku-postgresql:essential-1" } };
      config.features = { "runtime-dyno-metadata": false };
    });
    expect(ops(change)).toEqual({
      "heroku-formation-worker": "update",
      "heroku-addon-database": "update",
      "heroku-feature-runtime-dyno-metadata": "update",
    });
    expect(changeWarnings(named(change, "heroku-formation-worker"), change.changes)).toEqual([
      "scales worker to zero: no worker dyno runs",
    ]);
    expect(changeWarnings(named(change, "heroku-addon-database"), change.changes)).toEqual([
      expect.stringContaining("plan changes in place"),
    ]);
  });

  test("a removed feature is turned off (the provider's Delete disables it)", async () => {
    const change = await changeOf("staging", (config) => delete config.features);
    expect(ops(change)).toEqual({ "heroku-feature-runtime-dyno-metadata": "delete" });
    expect(
      changeWarnings(named(change, "heroku-feature-runtime-dyno-metadata"), change.changes),
    ).toEqual(["turns the runtime-dyno-metadata feature off on the app"]);
  });

  test("a new stack creates everything; a removed one deletes everything", async () => {
    const production = await plan(fixture("production"));
    expect(new Set(diffPlans(undefined, production).changes.map(({ op }) => op))).toEqual(
      new Set(["create"]),
    );
    const gone = diffPlans(production, undefined);
    expect(new Set(gone.changes.map(({ op }) => op))).toEqual(new Set(["delete"]));
    expect(
      gone.changes.filter((c) => protectedError(c).length > 0).map(({ name }) => name),
    ).toEqual(["heroku-app", "heroku-addon-database"]);
  });
});
