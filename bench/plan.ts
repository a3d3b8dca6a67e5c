/**
 * Plan section: `npm run plan -- --check` (every stack planned in one process, snapshots
 * rendered and compared: the work of `--write` without the write) against a floor measured in
 * the same run — plain node loading @pulumi/pulumi, setting mocks and registering as many
 * custom resources as the plans declare (bench/plan-floor.js). Both are whole child processes
 * started the way a user starts them, interleaved so that a noisy moment hits each alike.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { PROJECT_DIR } from "../src/program/paths";
import type { BenchRow } from "./index";
import { median } from "./stats";

const RUNS = 11;
const WARM_UP = 2;
/** Exactly what `npm run plan` runs (package.json), minus npm's own start-up. */
const PLAN = ["-r", "./tools/register.js", path.join("tools", "plan.ts")];
const FLOOR = [path.join("bench", "plan-floor.js")];
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function benchPlan(): Promise<BenchRow[]> {
  return [...everyStack(), asTheReadmeRunsIt()];
}

function everyStack(): BenchRow[] {
  const customResources = countCustomResources([]);
  // --check exits 1 on a stale snapshot: still a full plan of every stack.
  const { measured: plan, floor } = againstFloor(
    () => timed(process.execPath, [...PLAN, "--check"], [0, 1]),
    customResources,
  );
  return [
    {
      figure: `plan of every stack (median of ${RUNS})`,
      value: seconds(median(plan)),
      baseline: `floor, ${customResources} custom resources: ${seconds(median(floor))}`,
      ratio: median(plan) / median(floor),
      goal: { atMost: 1.5 },
      note:
        `wall time of whole processes, interleaved after ${WARM_UP} warm-ups: ` +
        `\`node -r ./tools/register.js tools/plan.ts --check\` (TypeScript from the warm cache) ` +
        `vs \`node bench/plan-floor.js\` (plain JavaScript); fastest: plan ` +
        `${seconds(Math.min(...plan))}, floor ${seconds(Math.min(...floor))}`,
    },
  ];
}

/**
 * `npm run plan -- staging` as the README has a user type it, npm's own start included, against
 * the floor registering as many custom resources: the staging fixture, so that the row doesn't
 * depend on the project's own stack files (which are the user's).
 */
function asTheReadmeRunsIt(): BenchRow {
  const stack = path.join("test", "fixtures", "Pulumi.staging.yaml");
  const customResources = countCustomResources([stack]);
  const { measured: command, floor } = againstFloor(
    () => timed("npm", ["run", "plan", "--", stack], [0]),
    customResources,
  );
  return {
    figure: `npm run plan -- staging (median of ${RUNS})`,
    value: seconds(median(command)),
    baseline: `floor, ${customResources} custom resources: ${seconds(median(floor))}`,
    ratio: median(command) / median(floor),
    goal: { atMost: 1.5 },
    note: "the staging fixture, through npm as a user runs it; the floor is plain node (bench/plan-floor.js)",
  };
}

/** As many custom resources as the plans of `stacks` declare (all: none given), from their JSON. */
function countCustomResources(stacks: string[]): number {
  const run = spawnSync(process.execPath, [...PLAN, ...stacks, "--json"], {
    cwd: PROJECT_DIR,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`plan --json failed: ${run.stderr}`);
  const plans = [JSON.parse(run.stdout)].flat() as { resources: { custom: boolean }[] }[];
  return plans.flatMap((plan) => plan.resources).filter((resource) => resource.custom).length;
}

/** `measure` and the floor of `customResources`, interleaved after the warm-ups: samples in ms. */
function againstFloor(measure: () => number, customResources: number) {
  const measured: number[] = [];
  const floor: number[] = [];
  for (let run = 0; run < WARM_UP + RUNS; run++) {
    const value = measure();
    const floored = timed(process.execPath, [...FLOOR, String(customResources)], [0]);
    if (run >= WARM_UP) {
      measured.push(value);
      floor.push(floored);
    }
  }
  return { measured, floor };
}

/** Runs `command <args>` in the project to completion; returns its wall time in ms. */
function timed(command: string, args: string[], okStatuses: number[]): number {
  const started = performance.now();
  const run = spawnSync(command, args, { cwd: PROJECT_DIR, encoding: "utf8" });
  const elapsed = performance.now() - started;
  if (run.status === null || !okStatuses.includes(run.status)) {
    throw new Error(`${command} ${args.join(" ")} exited ${run.status}: ${run.stderr}`);
  }
  return elapsed;
}
