/**
 * Bundle section: bundleApp against GNU/BSD `tar czf` on the same file list (time), and
 * against gzipping each deployable file on its own (size).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { bundleApp, listDeployableFiles } from "../src/program/bundle";
import { APP_DIR } from "../src/program/paths";
import type { BenchRow } from "./index";
import { median } from "./stats";

const REPETITIONS = 15;
const WARM_UP = 3;

export async function benchBundle(): Promise<BenchRow[]> {
  const appDir = APP_DIR;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bench-bundle-"));
  try {
    const files = listDeployableFiles(appDir);
    const fileList = path.join(scratch, "files.txt");
    fs.writeFileSync(fileList, `${files.join("\n")}\n`);
    const tarball = path.join(scratch, "system.tar.gz");

    const runBundle = () => bundleApp({ appDir, outDir: scratch });
    const runSystemTar = () => {
      const run = spawnSync("tar", ["czf", tarball, "-C", appDir, "-T", fileList]);
      if (run.status !== 0) throw new Error(`tar czf failed: ${run.stderr}`);
    };
    // Interleaved, so that both see the same machine load and file cache.
    const bundleTimes: number[] = [];
    const tarTimes: number[] = [];
    for (let i = 0; i < WARM_UP + REPETITIONS; i++) {
      const bundleMs = timeMs(runBundle);
      const tarMs = timeMs(runSystemTar);
      if (i >= WARM_UP) {
        bundleTimes.push(bundleMs);
        tarTimes.push(tarMs);
      }
    }
    const bundleMs = median(bundleTimes);
    const tarMs = median(tarTimes);

    const bundle = runBundle();
    const separatelyGzipped = files
      .map((file) => gzipSync(fs.readFileSync(path.join(appDir, file)), { level: 9 }).length)
      .reduce((sum, size) => sum + size, 0);

    return [
      {
        figure: `bundle time (median of ${REPETITIONS})`,
        value: `${bundleMs.toFixed(1)} ms`,
        baseline: `tar czf: ${tarMs.toFixed(1)} ms`,
        ratio: bundleMs / tarMs,
        goal: { atMost: 2 },
        note: `${files.length} files; bundleApp lists, tars, gzips (level 9), hashes and renames in-process; tar czf is given the list and spawns gzip`,
      },
      {
        figure: "bundle size",
        value: `${bundle.bytes} B`,
        baseline: `files gzipped one by one: ${separatelyGzipped} B`,
        ratio: bundle.bytes / separatelyGzipped,
        goal: { atMost: 1.05 },
        note: `tar czf of the same list: ${fs.statSync(tarball).size} B`,
      },
    ];
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function timeMs(action: () => void): number {
  const started = performance.now();
  action();
  return performance.now() - started;
}
