import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { driftReport } from "../../src/drift/summary";
import type { PreviewDigest } from "../../src/drift/summary";
import { FIXTURES_DIR, PROJECT_DIR } from "../support/paths";
import { scratchDirs } from "../support/scratch";
import { TYPESCRIPT_NODE_ARGS } from "../support/typescript-node";

/**
 * `npm run drift-summary` as the drift workflow starts it, a process of its own (the processes
 * tier, test/tiers.js): the report on stdout, exit 1 on drift or a failed preview, 0 without, 2
 * for bad arguments. What the report says is tested in-process (summary.test.ts).
 */

const scratch = scratchDirs();

const driftSummary = (args: string[]) =>
  new Promise<{ code: unknown; stdout: string }>((done) =>
    execFile(
      process.execPath,
      [...TYPESCRIPT_NODE_ARGS, path.join(PROJECT_DIR, "tools", "drift-summary.ts"), ...args],
      (error, stdout) => done({ code: error?.code ?? 0, stdout }),
    ),
  );

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
  expect(bad.code).toBe(1);
  expect(bad.stdout).toBe(driftReport("staging", digest, 0).markdown);
  expect(ok).toEqual({
    code: 0,
    stdout: "## Drift: `staging`\n\nNo drift: the app matches the code (13 resources checked).\n",
  });
  expect(missing.code).toBe(1);
  expect(missing.stdout).toContain("The preview failed before it could compare");
  expect(usage.code).toBe(2);
}, 60_000);
