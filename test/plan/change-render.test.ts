import { changeToJson, renderChangeMarkdown, renderChangeText } from "../../src/plan/change/render";
import type { StackChangeReport } from "../../src/plan/change/render";
import type { ResourceChange } from "../../src/plan/change/steps";
import { UNKNOWN } from "../../src/plan/change/values";
import { changeWarnings } from "../../src/plan/change/warnings";
import { plaintextCredentialMark } from "../../src/guardrails/marks";
import { TYPE } from "../../src/program/types";

/**
 * The change plan's three renderings of a report (what the engine's preview became, see
 * test/engine/change-plan.test.ts): what changes and why, what the engine refuses, what a reviewer
 * must see; secrets and credentials named, never shown; reads and sames counted, not listed.
 */

const resource = (
  name: string,
  type: string,
  change: Partial<ResourceChange & { warnings: string[] }>,
) => ({
  name,
  type,
  op: "same" as const,
  inputs: [],
  replaceBecause: [],
  deleteFirst: false,
  values: {},
  retainOnDelete: false,
  errors: [],
  warnings: [],
  ...change,
});

const REPORT: StackChangeReport = {
  stack: "production",
  against: "main",
  label: "main (abc1234)",
  changes: [
    resource("heroku-app", TYPE.app, {
      op: "replace",
      inputs: [{ path: "region", before: "us", after: "eu", secret: false, follows: [] }],
      replaceBecause: ["region changed (provider)"],
      deleteFirst: true,
      warnings: ["a new app: a new *.herokuapp.com hostname"],
    }),
    resource("heroku-config", TYPE.config, {
      op: "update",
      inputs: [
        { path: "sensitiveVars.API_TOKEN", before: "x", after: "y", secret: true, follows: [] },
        {
          path: "vars.PAYMENTS",
          after: plaintextCredentialMark("a Stripe secret key"),
          secret: false,
          follows: [],
        },
        { path: "vars.NOTE", before: "a|b", after: "<c>*", secret: false, follows: [] },
      ],
      errors: ["given a new plaintext credential, vars.PAYMENTS (a Stripe secret key)"],
    }),
    resource("heroku-formation-web", TYPE.formation, {
      op: "replace",
      inputs: [
        {
          path: "appId",
          before: "1",
          after: UNKNOWN,
          secret: false,
          follows: ["replaced heroku-app"],
        },
      ],
      replaceBecause: ["appId follows replaced heroku-app (provider)"],
    }),
    resource("heroku-addon-database", TYPE.addon, {
      op: "delete",
      errors: ["refused by the engine: resource heroku-addon-database cannot be deleted"],
    }),
    resource("heroku-upstream-staging", TYPE.stackReference, { op: "read" }),
    resource("heroku-pipeline", TYPE.pipeline, {}),
  ],
  warnings: ["the engine stopped at its refusal"],
};

test("JSON: per resource its op, the changed paths, why it is replaced, what is refused or warned", () => {
  const json = changeToJson(REPORT);
  expect(Object.keys(json).sort()).toEqual(["against", "changes", "method", "stack", "warnings"]);
  expect(json.method).toBe("engine-sandbox");
  expect(json.changes.map(({ name, op }) => [name, op])).toEqual([
    ["heroku-app", "replace"],
    ["heroku-config", "update"],
    ["heroku-formation-web", "replace"],
    ["heroku-addon-database", "delete"],
    ["heroku-upstream-staging", "read"],
    ["heroku-pipeline", "same"],
  ]);
  expect(json.changes[0]).toEqual({
    name: "heroku-app",
    type: TYPE.app,
    op: "replace",
    diffs: ["region"],
    replaceBecause: ["region changed (provider)"],
    warnings: ["a new app: a new *.herokuapp.com hostname"],
  });
  expect(json.changes[3].warnings).toEqual([
    "refused by the engine: resource heroku-addon-database cannot be deleted",
  ]);
  expect(JSON.stringify(json)).not.toMatch(/"x"|"y"|Stripe secret key"\]/);
});

test("text: how it was answered first, then each change and why; reads and sames counted", () => {
  const text = renderChangeText([REPORT]);
  const lines = text.split("\n");
  expect(lines[0]).toBe(
    "The Pulumi engine, in a throwaway sandbox: each stack deployed as main (abc1234) has it, then previewed at the working tree. What this change does to the stacks as main (abc1234) deploys them; the live stacks may differ (`pulumi preview` with credentials, and drift.yml, answer for those).",
  );
  expect(lines[2]).toBe(
    "production against main (abc1234): 2 to replace, 1 to delete, 1 to update, 1 read, 1 unchanged",
  );
  expect(text).toContain(
    '+- replace heroku-app: heroku:app/app:App (delete first)\n     region: "us" → "eu"\n     because: region changed (provider)\n     warning: a new app',
  );
  expect(text).toContain("     sensitiveVars.API_TOKEN: changed (secret)\n");
  expect(text).toContain("     vars.PAYMENTS: a new plaintext credential (a Stripe secret key)\n");
  expect(text).toContain(
    "     appId: (known after deploy), follows replaced heroku-app\n     because: appId follows replaced heroku-app (provider)",
  );
  expect(text).toContain(
    "-  delete heroku-addon-database: heroku:addon/addon:Addon\n     error: refused by the engine",
  );
  expect(text).not.toContain("heroku-upstream-staging");
  expect(text).not.toContain("heroku-pipeline");
  expect(text.endsWith("\nwarning: the engine stopped at its refusal\n")).toBe(true);
});

test("Markdown: one table, the refusals and the warnings under it, markup escaped", () => {
  const markdown = renderChangeMarkdown([REPORT]);
  expect(
    markdown.startsWith(
      "## What `pulumi up` would do\n\nThe Pulumi engine, in a throwaway sandbox: each stack deployed as `main (abc1234)`",
    ),
  ).toBe(true);
  expect(markdown).toContain("### `production` against `main (abc1234)`");
  expect(markdown).toMatch(
    /\| \*\*replace\*\* \| `heroku-app` +\| `heroku:app\/app:App` +\| region: "us" → "eu"<br>because: region changed \(provider\)<br>deleted before it is re-created +\|/,
  );
  expect(markdown).toContain('vars.NOTE: "a\\|b" → "&lt;c&gt;\\*"');
  expect(markdown).toContain(
    "**Refused: `pulumi up` would stop here**\n\n- `heroku-addon-database`: refused by the engine",
  );
  expect(markdown).toContain("- `heroku-config`: given a new plaintext credential");
  expect(markdown).toContain("**Warnings**\n\n- `heroku-app`: a new app");
});

test("a change with nothing to do says so", () => {
  const none = { ...REPORT, changes: [resource("heroku-app", TYPE.app, {})], warnings: [] };
  expect(renderChangeText([none])).toMatch(
    /\n\nproduction against main \(abc1234\): 1 unchanged\n$/,
  );
  expect(renderChangeMarkdown([none])).toContain("No changes.");
});

describe("what a reviewer is told about a process type that goes", () => {
  // The program declares a Formation per Procfile type: one is deleted only when the Procfile
  // drops its type, or with the app. The provider's Delete makes no API call; what stops the
  // dynos is the release without the type (test/engine/lifecycle.test.ts saw it), or the app's
  // deletion.
  const worker = resource("heroku-formation-worker", TYPE.formation, {
    op: "delete",
    values: { type: "worker", quantity: 1, size: "basic" },
  });

  test("dropped from the Procfile: its dynos stop with the release without it", () => {
    expect(changeWarnings(worker, [worker])).toEqual([
      "app/Procfile no longer has worker: its dynos stop when the release without it goes out",
    ]);
  });

  test("with the app: its dynos stop with the app", () => {
    const app = resource("heroku-app", TYPE.app, { op: "delete" });
    expect(changeWarnings(worker, [app, worker])).toEqual(["worker dynos stop with the app"]);
  });
});
