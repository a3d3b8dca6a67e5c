/**
 * `npm run drift-summary -- <stack> <preview.json> <preview exit status>`: the drift workflow's
 * job summary (Markdown on stdout) from `pulumi preview --refresh --expect-no-changes --json`;
 * exits 1 when the stack drifted or the preview failed. Logic: src/drift/summary.ts.
 */
import * as fs from "fs";
import { driftReport } from "../src/drift/summary";
import type { PreviewDigest } from "../src/drift/summary";

const [stack, file, status] = process.argv.slice(2);
if (stack === undefined || file === undefined || !/^\d+$/.test(status ?? "")) {
  process.stderr.write("usage: npm run drift-summary -- <stack> <preview.json> <exit status>\n");
  process.exit(2);
}
let digest: PreviewDigest | undefined;
try {
  digest = JSON.parse(fs.readFileSync(file, "utf8")) as PreviewDigest;
} catch {
  digest = undefined; // no JSON: the preview failed before it printed any
}
const report = driftReport(stack, digest, Number(status));
process.stdout.write(report.markdown);
process.exitCode = report.failed ? 1 : 0;
