import { diffPlans } from "../../src/plan/change/diff";
import type { StackChange } from "../../src/plan/change/diff";
import { changeToJson, renderChangeMarkdown, renderChangeText } from "../../src/plan/change/render";
import { changeWarnings, plaintextCredentialError } from "../../src/plan/change/warnings";
import type { Plan } from "../../src/plan/planned";
import { UNKNOWN_SECRET } from "../../src/program/config/secure";
import { TYPE } from "../../src/program/types";
import { changeOf, named, ops, plan, report, variant } from "../support/changes";
import type { Config } from "../support/changes";
import { fixture } from "../support/paths";

/**
 * The change plan beyond operations: the lifecycle rows a program's options decide (without
 * them, the plan flags what the provider would get wrong), values known only after deploy,
 * secrets, and how a change reads in text, Markdown and JSON.
 */

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

  test("a credential newly written in plaintext is named as one and refused, never changed (secret)", async () => {
    const token = "sk_live_0fake0fake0fake0fake0fake";
    const change = await changeOf("staging", (config) => {
      config.configVars = { ...(config.configVars as object), PAYMENTS: token };
    });
    expect(plaintextCredentialError(named(change, "heroku-config"), "staging")).toEqual([
      "given a new plaintext credential, vars.PAYMENTS (a Stripe secret key); move it to sensitiveVars: `pulumi config set --secret --path 'sensitiveVars.PAYMENTS' <value> --stack staging`, then delete configVars.PAYMENTS",
    ]);
    const text = renderChangeText([report("staging", change)]);
    expect(text).toContain("vars.PAYMENTS: a new plaintext credential (a Stripe secret key)");
    expect(text).not.toContain("changed (secret)");
    expect(text).not.toContain(token);
  });

  test("a drain's new URL (a new ciphertext) replaces the drain: its URL is ForceNew", async () => {
    const drain = (ciphertext: string) => (config: Config) =>
      (config.drains = { papertrail: { secure: ciphertext } });
    const change = diffPlans(
      await plan(variant("extras", drain("v1:AAAAb2xkLWRyYWlu"))),
      await plan(variant("extras", drain("v1:AAAAbmV3LWRyYWlu"))),
    );
    expect(ops(change)).toEqual({ "heroku-drain-papertrail": "replace" });
    expect(named(change, "heroku-drain-papertrail").replaceBecause).toEqual([
      "sensitiveUrl changed (ForceNew)",
    ]);
    expect(named(change, "heroku-drain-papertrail").inputs).toEqual([
      expect.objectContaining({ path: "sensitiveUrl", secret: true, before: "[secret]" }),
    ]);
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
    expect(Object.keys(json).sort()).toEqual(["against", "changes", "method", "stack"]);
    expect(json.against).toBe("main");
    expect(json.method).toBe("offline-model");
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
    // First what it compared, and that it is the model's answer, not the engine's.
    expect(text.split("\n").slice(0, 3)).toEqual([
      "Offline model (no engine ran: engine/README.md): main (abc1234) against the working tree. The live stacks may differ from main (abc1234); drift.yml checks that.",
      "",
      "production against main (abc1234): 9 to replace, 4 unchanged",
    ]);
    expect(text).toContain(
      '+- replace heroku-app: heroku:app/app:App (delete first)\n     region: "us" → "eu"\n     because: region changed (ForceNew)\n     error: protected',
    );
    const markdown = renderChangeMarkdown([report("production", change)]);
    expect(markdown).toContain(
      "Offline model (no engine ran: engine/README.md): `main (abc1234)` against the working tree. The live stacks may differ from `main (abc1234)`; drift.yml checks that.",
    );
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
    expect(renderChangeText([none])).toMatch(
      /^Offline model .*\n\nproduction against main \(abc1234\): 13 unchanged\n$/,
    );
    expect(renderChangeMarkdown([none])).toContain("No changes.");
  });
});
