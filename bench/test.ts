/**
 * Test section: `npm test` as the README has it, in fresh clones of this checkout's HEAD (each
 * after its own `npm ci`, npm's cache warm: what a contributor's first run costs), median of 3.
 * Its goal has no baseline to run beside it: it is a wall-clock budget, half a minute on this
 * project's machines (2 cores), so the row's ratio is to that budget.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_DIR } from "../src/program/paths";
import type { BenchRow } from "./index";
import { median } from "./stats";

const CLONES = 3;
const BUDGET_S = 30;

export async function benchTest(): Promise<BenchRow[]> {
  const seconds: number[] = [];
  for (let clone = 0; clone < CLONES; clone++) seconds.push(npmTestInFreshClone());
  const value = median(seconds);
  return [
    {
      figure: `\`npm test\` in a fresh clone (median of ${CLONES})`,
      value: `${value.toFixed(1)} s`,
      baseline: `the budget: ${BUDGET_S} s`,
      ratio: value / BUDGET_S,
      goal: { atMost: 1 },
      note: `each clone of HEAD after its own npm ci: ${seconds.map((s) => `${s.toFixed(1)} s`).join(", ")}; uncommitted changes are not in it`,
    },
  ];
}

/** Seconds `npm test` took in a new clone of HEAD; throws with npm's output when it fails. */
function npmTestInFreshClone(): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-test-"));
  try {
    run("git", ["clone", "-q", PROJECT_DIR, dir], PROJECT_DIR);
    run("npm", ["ci", "--no-audit", "--no-fund"], dir);
    const started = performance.now();
    run("npm", ["test"], dir);
    return (performance.now() - started) / 1000;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 64 << 20 });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-20);
    throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${output.join("\n")}`);
  }
}
