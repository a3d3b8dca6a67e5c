/**
 * Bundle section: bundleApp (selecting app/'s deployable files, hashing them and bringing
 * .bundle/app in line) against `cp` of the same file list into a fresh directory, each run. The
 * program pays this at every start, so it must stay near what copying the files costs.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
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
    const runBundle = () => bundleApp({ appDir, outDir: path.join(scratch, "bundle") });
    let copies = 0;
    const runCopy = () => {
      const target = path.join(scratch, `copy-${copies++}`);
      fs.mkdirSync(target);
      const run = spawnSync("cp", ["--parents", ...files, target], { cwd: appDir });
      if (run.status !== 0) throw new Error(`cp failed: ${run.stderr}`);
    };
    // Interleaved, so that both see the same machine load and file cache.
    const bundleTimes: number[] = [];
    const copyTimes: number[] = [];
    for (let i = 0; i < WARM_UP + REPETITIONS; i++) {
      const bundleMs = timeMs(runBundle);
      const copyMs = timeMs(runCopy);
      if (i >= WARM_UP) {
        bundleTimes.push(bundleMs);
        copyTimes.push(copyMs);
      }
    }
    const bundleMs = median(bundleTimes);
    const copyMs = median(copyTimes);
    return [
      {
        figure: `bundle time (median of ${REPETITIONS})`,
        value: `${bundleMs.toFixed(1)} ms`,
        baseline: `cp --parents of the same files: ${copyMs.toFixed(1)} ms`,
        ratio: bundleMs / copyMs,
        goal: { atMost: 2 },
        note: `${files.length} files; bundleApp lists them (ignore files, git ls-files), hashes them and rewrites only what changed in .bundle/app; cp writes every file anew`,
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
