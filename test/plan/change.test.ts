import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { diffPlans } from "../../src/plan/change/diff";
import type { ResourceChange, StackChange } from "../../src/plan/change/diff";
import { changeToJson, renderChangeMarkdown, renderChangeText } from "../../src/plan/change/render";
import type { StackChangeReport } from "../../src/plan/change/render";
import { changeWarnings, protectedError } from "../../src/plan/change/warnings";
import type { Plan } from "../../src/plan/planned";
import type { PlanOptions } from "../../src/plan/planned";
import { planReport } from "../../src/plan/report";
import { UNKNOWN_SECRET } from "../../src/program/config/schema";
import { TYPE } from "../../src/program/lifecycle";
import { loadProgram } from "../support/harness";
import { fixture } from "../support/paths";
import { writeStackFile } from "../support/stack-files";

/**
 * The change plan's logic on real plans of the fixtures and edited copies of them: which
 * operation each resource gets, why, and what a reviewer is warned about. Each row of the
 * lifecycle table that changes an operation is exercised here; test/plan/against.test.ts runs
 * the command itself between git commits.
 */

type Config = Record<string, unknown>;

/** Each file (with its options) is planned once: every plan loads the program afresh. */
const plans = new Map<string, Promise<Plan>>();
function plan(file: string, options?: PlanOptions): Promise<Plan> {
  const key = JSON.stringify([file, options]);
  if (!plans.has(key))
    plans.set(
      key,
      planReport(file, loadProgram, options).then((report) => report.plan),
    );
  return plans.get(key)!;
}

/** A copy of a fixture (same stack name) with its `heroku-app:` config edited. */
function variant(stack: string, edit: (config: Config) => void): string {
  const doc = parse(fs.readFileSync(fixture(stack), "utf8")) as { config: Config };
  const config: Config = Object.fromEntries(
    Object.entries(doc.config).map(([key, value]) => [key.replace(/^heroku-app:/, ""), value]),
  );
  edit(config);
  const entries = Object.fromEntries(
    Object.entries(config).map(([key, value]) => [`heroku-app:${key}`, value]),
  );
  return writeStackFile(stack, stringify({ config: entries }));
}

/** The change from a fixture to its edited copy. */
async function changeOf(stack: string, edit: (config: Config) => void): Promise<StackChange> {
  return diffPlans(await plan(fixture(stack)), await plan(variant(stack, edit)));
}

const ops = (change: StackChange) =>
  Object.fromEntries(
    change.changes.filter(({ op }) => op !== "same").map(({ name, op }) => [name, op]),
  );
const named = (change: StackChange, name: string) => change.changes.find((c) => c.name === name)!;
const report = (stack: string, change: StackChange): StackChangeReport => ({
  stack,
  against: "main",
  label: "main (abc1234)",
  changes: change.changes.map((c) => ({
    ...c,
    errors: protectedError(c),
    warnings: changeWarnings(c, change.changes),
  })),
  warnings: [],
});

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
      "heroku-upstream-staging": "create",
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

describe("the lifecycle rows that need the program's own options", () => {
  /** The same plan with one resource's recorded options taken away (a program without the fix). */
  const without = (planned: Plan, name: string, option: "replaceOnChanges"): Plan => ({
    ...planned,
    resources: planned.resources.map((r) => (r.name === name ? { ...r, [option]: [] } : r)),
  });

  test("without replaceOnChanges, a replaced app's config would only be updated: flagged", async () => {
    const before = await plan(fixture("staging"));
    const after = without(
      await plan(variant("staging", (config) => (config.region = "eu"))),
      "heroku-config",
      "replaceOnChanges",
    );
    const config = named(diffPlans(before, after), "heroku-config");
    expect(config.op).toBe("update");
    expect(changeWarnings(config, [])).toEqual([
      expect.stringContaining("appId: an update writes nothing to the new app"),
    ]);
  });

  test("without replaceOnChanges, a release's new description would be an update the provider refuses", async () => {
    const before = await plan(fixture("rollback"));
    const edited = variant(
      "rollback",
      (config) => (config.deploy = { slugId: "2f0f1b9e-58a4-4c1e-9f0b-7d3c2a1e6b55" }),
    );
    const after = await plan(edited);
    // The same slug: nothing to do.
    expect(named(diffPlans(before, after), "heroku-release").op).toBe("same");
    const renamed = {
      ...after,
      resources: after.resources.map((r) =>
        r.name === "heroku-release"
          ? { ...r, inputs: { ...r.inputs, description: "Release it again" } }
          : r,
      ),
    };
    expect(named(diffPlans(before, renamed), "heroku-release").op).toBe("replace");
    const release = named(
      diffPlans(before, without(renamed, "heroku-release", "replaceOnChanges")),
      "heroku-release",
    );
    expect(release.op).toBe("update");
    expect(changeWarnings(release, [])).toEqual([
      expect.stringContaining("refuses to change an existing release's description"),
    ]);
  });

  test("a removed formation entry leaves its dynos running: the plan says to scale to 0 first", async () => {
    const production = await plan(fixture("production"));
    const withoutWorker = {
      ...production,
      resources: production.resources.filter(({ name }) => name !== "heroku-formation-worker"),
    };
    const worker = named(diffPlans(production, withoutWorker), "heroku-formation-worker");
    expect(worker.op).toBe("delete");
    expect(changeWarnings(worker, [])).toEqual([
      expect.stringMatching(
        /worker dynos keep running at their last scale .*set its quantity to 0 and deploy first/,
      ),
    ]);
  });
});

describe("values known only after deploy, and secrets", () => {
  test("a new slug from staging (app/ changed) reaches production as a new release", async () => {
    const production = await plan(fixture("production"));
    const change = diffPlans(production, production, (stack, output) =>
      stack === "organization/heroku-app/staging" ? output === "slugId" : undefined,
    );
    expect(ops(change)).toEqual({ "heroku-release": "replace" });
    expect(named(change, "heroku-release").replaceBecause).toEqual([
      "slugId follows staging's new slugId (ForceNew)",
    ]);
    expect(change.changedOutputs).toEqual(new Set(["origin", "releaseId", "slugId"]));
  });

  test("a changed secret shows as changed (secret), never its value; an unchanged one is the same", async () => {
    const secure = (ciphertext: string) => (config: Config) =>
      (config.sensitiveVars = { API_TOKEN: { secure: ciphertext } });
    const before = await plan(variant("staging", secure("v1:AAAAold-ciphertext")));
    const same = diffPlans(before, await plan(variant("staging", secure("v1:AAAAold-ciphertext"))));
    expect(ops(same)).toEqual({});
    const change = diffPlans(
      before,
      await plan(variant("staging", secure("v1:AAAAnew-ciphertext"))),
    );
    expect(ops(change)).toEqual({ "heroku-config": "update" });
    expect(named(change, "heroku-config").inputs).toEqual([
      expect.objectContaining({ path: "sensitiveVars.API_TOKEN", secret: true }),
    ]);
    const texts = [
      renderChangeText([report("staging", change)]),
      renderChangeMarkdown([report("staging", change)]),
      JSON.stringify(changeToJson(report("staging", change))),
    ];
    for (const text of texts) {
      expect(text).toContain("sensitiveVars.API_TOKEN");
      expect(text).not.toMatch(/ciphertext|decrypted by the Pulumi CLI/);
      expect(text).not.toContain(UNKNOWN_SECRET);
    }
    expect(texts[0]).toContain("sensitiveVars.API_TOKEN: changed (secret)");
  });

  test("a domain added to a deployed stack: ACM turns on in place, the domain is created", async () => {
    const previous = await plan(fixture("extras"));
    const previousOutputs = { ...previous.outputs };
    const before = await plan(fixture("extras"), { previousOutputs });
    const after = await plan(
      variant(
        "extras",
        (config) => (config.domains = [...(config.domains as string[]), "shop.example.com"]),
      ),
      { previousOutputs },
    );
    const change = diffPlans(before, after);
    expect(ops(change)).toEqual({ "heroku-domain-shop-example-com": "create" });
    expect(named(change, "heroku-app").after?.inputs.acm).toBe(true);
    // The same edit to a stack never deployed: ACM stays off for the first deploy.
    expect(
      (await plan(fixture("extras"))).resources.find(({ name }) => name === "heroku-app")?.inputs
        .acm,
    ).toBe(false);
  });
});

describe("rendering", () => {
  let change: StackChange;
  beforeAll(async () => {
    change = await changeOf("production", (config) => (config.region = "eu"));
  });

  test("JSON: stack, against, changes with name, type, op, diffs, replaceBecause, warnings", () => {
    const json = changeToJson(report("production", change));
    expect(Object.keys(json).sort()).toEqual(["against", "changes", "stack"]);
    expect(json.against).toBe("main");
    for (const entry of json.changes) {
      expect(["create", "update", "replace", "delete", "same"]).toContain(entry.op);
      expect(entry.type).toMatch(/^[a-z-]+:[A-Za-z/]+:[A-Za-z]+$/);
      expect(
        Object.keys(entry).every((key) =>
          ["name", "type", "op", "diffs", "replaceBecause", "warnings"].includes(key),
        ),
      ).toBe(true);
      expect("replaceBecause" in entry).toBe(entry.op === "replace");
    }
    const app = json.changes.find(({ name }) => name === "heroku-app")!;
    expect(app).toEqual({
      name: "heroku-app",
      type: TYPE.app,
      op: "replace",
      diffs: ["region"],
      replaceBecause: ["region changed (ForceNew)"],
      warnings: [expect.stringMatching(/^protected: /), expect.stringMatching(/^a new app/)],
    });
  });

  test("text and Markdown: what changes and why, protected resources as errors", () => {
    const text = renderChangeText([report("production", change)]);
    expect(text.split("\n")[0]).toBe(
      "production against main (abc1234): 9 to replace, 4 unchanged",
    );
    expect(text).toContain(
      '+- replace heroku-app: heroku:app/app:App (delete first)\n     region: "us" → "eu"\n     because: region changed (ForceNew)\n     error: protected',
    );
    const markdown = renderChangeMarkdown([report("production", change)]);
    expect(markdown).toContain("### `production` against `main (abc1234)`");
    expect(markdown).toMatch(
      /\| \*\*replace\*\* \| `heroku-app` +\| `heroku:app\/app:App` +\| region: "us" → "eu"<br>because: region changed \(ForceNew\)<br>deleted before it is re-created/,
    );
    expect(markdown).toContain("**Refused: `pulumi up` would stop here**");
    expect(markdown).toContain("- `heroku-app`: protected: `pulumi up` would refuse to replace it");
  });

  test("a change with nothing to do says so", async () => {
    const production = await plan(fixture("production"));
    const none = report("production", diffPlans(production, production));
    expect(renderChangeText([none])).toBe("production against main (abc1234): 13 unchanged\n");
    expect(renderChangeMarkdown([none])).toContain("No changes.");
  });
});

// Keep the type import used: a change's shape is what the renderers take.
export type { ResourceChange };
