import * as fs from "fs";
import * as path from "path";
import { driftReport } from "../../src/drift/summary";
import type { PreviewDigest } from "../../src/drift/summary";
import { PROJECT_DIR } from "../support/paths";

/**
 * The drift workflow's job summary, from what `pulumi preview --refresh --json` prints (the
 * CLI's preview digest: steps with op, urn, diffReasons, replaceReasons, detailedDiff).
 */

const urn = (type: string, name: string) =>
  `urn:pulumi:production::heroku-app::heroku-app:index:HerokuEnvironment$${type}::${name}`;
const FEATURE = urn("heroku:app/feature:Feature", "heroku-feature-preboot");

/** Someone ran `heroku ps:scale web=1` and `heroku features:disable preboot`. */
const DRIFTED: PreviewDigest = {
  steps: [
    {
      op: "same",
      urn: "urn:pulumi:production::heroku-app::pulumi:pulumi:Stack::heroku-app-production",
    },
    {
      op: "update",
      urn: urn("heroku:formation/formation:Formation", "heroku-formation-web"),
      diffReasons: ["quantity"],
      detailedDiff: { quantity: { kind: "update" } },
    },
    {
      op: "update",
      urn: FEATURE,
      diffReasons: ["enabled"],
      detailedDiff: { enabled: { kind: "update" } },
    },
    { op: "same", urn: urn("heroku:app/app:App", "heroku-app") },
  ],
  changeSummary: { same: 11, update: 2 },
};

describe("the drift summary", () => {
  test("names each drifted resource, its type, the change and the properties; the job fails", () => {
    const { failed, markdown } = driftReport("production", DRIFTED, 255);
    expect(failed).toBe(true);
    expect(markdown).toContain("## Drift: `production`");
    expect(markdown).toContain(
      "| `heroku-formation-web` | `heroku:formation/formation:Formation` | update | `quantity` |",
    );
    expect(markdown).toContain(
      "| `heroku-feature-preboot` | `heroku:app/feature:Feature` | update | `enabled` |",
    );
    expect(markdown).not.toContain("heroku-app`");
    expect(markdown).toContain("make it in `Pulumi.production.yaml`");
  });

  test("a replacement's three steps are one row, with the property that forces it", () => {
    const { markdown } = driftReport(
      "staging",
      {
        steps: [
          { op: "replace", urn: FEATURE, replaceReasons: ["name"] },
          { op: "create-replacement", urn: FEATURE, replaceReasons: ["name"] },
          { op: "delete-replaced", urn: FEATURE },
        ],
      },
      255,
    );
    const rows = markdown.split("\n").filter((line) => line.startsWith("| `"));
    expect(rows).toEqual([
      "| `heroku-feature-preboot` | `heroku:app/feature:Feature` | replace | `name` |",
    ]);
  });

  test("no change: no drift, and the job passes", () => {
    const clean = { steps: [{ op: "same", urn: FEATURE }], changeSummary: { same: 13 } };
    expect(driftReport("staging", clean, 0)).toEqual({
      failed: false,
      markdown:
        "## Drift: `staging`\n\nNo drift: the app matches the code (13 resources checked).\n",
    });
  });

  test("a preview that failed is a failure too, with its errors, never a clean bill", () => {
    const errored = driftReport(
      "staging",
      {
        steps: [],
        diagnostics: [{ severity: "error", message: "error: Error retrieving drain\n404" }],
      },
      255,
    );
    expect(errored.failed).toBe(true);
    expect(errored.markdown).toContain("The preview failed (exit 255)");
    expect(errored.markdown).toContain("> error: Error retrieving drain\n> 404");
    expect(driftReport("staging", undefined, 1)).toMatchObject({ failed: true });
  });
});

test("the CLI's own digest of a --refresh preview: its refresh steps are reads, not drift", () => {
  // Printed by pulumi v3.248.0 (`npm run sandbox -- preview staging --refresh --json`, trimmed to
  // the fields read here) after `web` was scaled to 0 by hand: a `refresh` step per resource read,
  // then the steps of the next `up`.
  const file = path.join(PROJECT_DIR, "test", "fixtures", "drift", "preview-refresh-scaled.json");
  const digest = JSON.parse(fs.readFileSync(file, "utf8")) as PreviewDigest;
  expect(digest.steps?.filter((step) => step.op === "refresh").length).toBeGreaterThan(10);
  const report = driftReport("staging", digest, 0);
  expect(report.failed).toBe(true);
  const rows = report.markdown.split("\n").filter((line) => line.startsWith("| `"));
  expect(rows).toEqual([
    "| `heroku-formation-web` | `heroku:formation/formation:Formation` | update | `quantity` |",
  ]);
});
