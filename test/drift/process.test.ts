import * as fs from "fs";
import * as path from "path";
import { driftReport } from "../../src/drift/summary";
import type { PreviewDigest } from "../../src/drift/summary";
import { FIXTURES_DIR, PROJECT_DIR } from "../support/paths";
import { runTool } from "../support/project-copy";
import { scratchDirs } from "../support/scratch";

/**
 * `npm run drift-summary` as the drift workflow starts it, a process of its own (the processes
 * tier, test/tiers.js): the report on stdout, exit 1 on drift or a failed preview, 0 without, 2
 * for bad arguments. What the report says is tested in-process (summary.test.ts).
 */

const scratch = scratchDirs();

const driftSummary = (args: string[]) => runTool(PROJECT_DIR, "drift-summary.ts", args);

test("Markdown on stdout, exit 1 on drift, 0 without, 2 for bad arguments", async () => {
  const dir = scratch("drift-");
  // What `pulumi preview --refresh --json` printed after `heroku ps:scale web=0`.
  const drifted = path.join(FIXTURES_DIR, "drift", "preview-refresh-scaled.json");
  const digest = JSON.parse(fs.readFileSync(drifted, "utf8")) as PreviewDigest;
  const clean = path.join(dir, "clean.json");
  fs.writeFileSync(clean, JSON.stringify({ steps: [], changeSummary: { same: 13 } }));

  const [bad, ok, missing, usage] = await Promise.all([
    driftSummary(["staging", drifted, "0"]),
    driftSummary(["staging", clean, "0"]),
    driftSummary(["staging", path.join(dir, "none.json"), "255"]),
    driftSummary(["staging"]),
  ]);
  expect(bad.status).toBe(1);
  expect(bad.out).toBe(driftReport("staging", digest, 0).markdown);
  expect({ status: ok.status, out: ok.out }).toEqual({
    status: 0,
    out: "## Drift: `staging`\n\nNo drift: the app matches the code (13 resources checked).\n",
  });
  expect(missing.status).toBe(1);
  expect(missing.out).toContain("The preview failed before it could compare");
  expect(usage.status).toBe(2);
}, 60_000);
