/**
 * Load section: a stack file with 20,000 config vars must plan in about a second more than a
 * stack file with one, and twice the vars must cost about twice the extra time (loading stays
 * linear: the YAML reader's duplicate-key check, for one, used to be quadratic). Whole
 * `npm run plan -- <file>` processes, as a user runs them, interleaved so a noisy moment hits
 * each alike; the baseline is the same stack file with one config var, in the same run.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_DIR } from "../src/program/paths";
import type { BenchRow } from "./index";
import { median } from "./stats";

const RUNS = 5;
const WARM_UP = 1;
const VARS = 20_000;
/** Exactly what `npm run plan` runs (package.json), minus npm's own start-up. */
const PLAN = ["-r", "./tools/register.js", path.join("tools", "plan.ts")];

export async function benchLoad(): Promise<BenchRow[]> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bench-load-"));
  try {
    const files = [1, VARS, 2 * VARS].map((count) => writeStackFile(scratch, count));
    const times: number[][] = files.map(() => []);
    for (let run = 0; run < WARM_UP + RUNS; run++) {
      files.forEach((file, index) => {
        const elapsed = timePlan(file);
        if (run >= WARM_UP) times[index].push(elapsed);
      });
    }
    const [one, many, twice] = times.map(median);
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    return [
      {
        figure: `plan of a stack file with ${VARS.toLocaleString("en")} config vars (median of ${RUNS})`,
        value: seconds(many),
        baseline: `the same with 1 config var: ${seconds(one)}`,
        ratio: many / one,
        goal: { atMost: 2.5 },
        note: `wall time of whole \`node -r ./tools/register.js tools/plan.ts <file>\` processes, interleaved after ${WARM_UP} warm-up; the extra for ${VARS.toLocaleString("en")} vars: ${seconds(many - one)}`,
      },
      {
        figure: `extra time for ${(2 * VARS).toLocaleString("en")} config vars vs ${VARS.toLocaleString("en")}`,
        value: seconds(twice - one),
        baseline: `extra for ${VARS.toLocaleString("en")}: ${seconds(many - one)}`,
        ratio: (twice - one) / (many - one),
        goal: { atMost: 2.5 },
        note: "linear loading doubles the extra time (2×); a quadratic step would quadruple it",
      },
    ];
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** A review stack whose only difference is `count` plain config vars. */
function writeStackFile(dir: string, count: number): string {
  const file = path.join(dir, `Pulumi.vars-${count}.yaml`);
  const vars = Array.from({ length: count }, (_, index) => `    VAR_${index}: value-${index}`);
  fs.writeFileSync(file, ["config:", "  heroku-app:configVars:", ...vars, ""].join("\n"));
  return file;
}

function timePlan(file: string): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, [...PLAN, file], {
    cwd: PROJECT_DIR,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const elapsed = performance.now() - started;
  if (run.status !== 0) throw new Error(`plan of ${file} exited ${run.status}: ${run.stderr}`);
  return elapsed;
}
