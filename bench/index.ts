/**
 * `npm run bench`: measures this repo's moving parts against plain baselines, side by
 * side in one run, and prints one table. Exit status: 0 when every goal is met, 1 when one
 * is missed or a section could not run, 2 for bad arguments. Goals are ratios to a baseline
 * measured in the same run, so a slow or busy machine slows both sides alike.
 *
 * To add a section, export an async function returning BenchRow[] and list it below.
 */
import { benchApp } from "./app";
import { benchBundle } from "./bundle";
import { benchChange } from "./change";
import { benchLoad } from "./load";
import { benchDatabase } from "./database";
import { benchEngine } from "./engine";
import { benchPlan } from "./plan";
import { benchSandbox } from "./sandbox";
import { benchStart } from "./start";
import { benchTest } from "./test";
import { benchWorker } from "./worker";
import { PostgresMissingError } from "../src/local/postgres-binaries";

export interface BenchRow {
  /** What was measured, e.g. "bundle time (median of 15)". */
  figure: string;
  /** The measured value, with its unit. */
  value: string;
  /** The baseline it is compared with, named, with its unit. */
  baseline: string;
  /** value / baseline. */
  ratio: number;
  goal: { atMost: number } | { atLeast: number };
  /** How it was measured, when that matters to read the figure. */
  note?: string;
}

const sections: { name: string; run: () => Promise<BenchRow[]>; what: string }[] = [
  { name: "bundle", run: benchBundle, what: "bundle time against copying the same files" },
  { name: "app", run: benchApp, what: "GET / throughput against a bare Express hello-world" },
  {
    name: "database",
    run: benchDatabase,
    what: "GET /tasks/:id (a database read) against bare Express + pg (needs PostgreSQL)",
  },
  {
    name: "start",
    run: benchStart,
    what: "pulumi preview with the program as pulumi starts it, against it precompiled (needs the toolchain)",
  },
  { name: "plan", run: benchPlan, what: "npm run plan of every stack against a Pulumi SDK floor" },
  {
    name: "load",
    run: benchLoad,
    what: "planning a stack file of 20,000 config vars against one of a single var; linearity",
  },
  {
    name: "worker",
    run: benchWorker,
    what: "tasks/s draining a backlog of 1,000 against a SKIP LOCKED loop (needs PostgreSQL)",
  },
  {
    name: "change",
    run: benchChange,
    what: "plan --against through the engine against the plain pulumi preview of the same stacks (needs the toolchain)",
  },
  {
    name: "sandbox",
    run: benchSandbox,
    what: "up staging to a serving app, the build's share, a no-op up (needs the engine and PostgreSQL)",
  },
  {
    name: "test",
    run: benchTest,
    what: "npm test in three fresh clones against its 30 s budget (each clone runs npm ci)",
  },
  {
    name: "engine",
    run: benchEngine,
    what: "the offline loader against the real CLI's reading; install-engine.sh cached (needs Go or a CLI)",
  },
];

const USAGE = `usage: npm run bench [-- <section>…]

Measures each figure against a baseline in the same run and prints value, baseline, ratio and
goal. Exit status: 0 when every goal is met, 1 when one is missed or a section fails, 2 for bad
arguments. Sections (all by default):
${sections.map(({ name, what }) => `  ${name.padEnd(9)} ${what}`).join("\n")}
`;

async function main(): Promise<void> {
  // `npm run bench -- app plan` runs only those sections.
  const wanted = process.argv.slice(2);
  if (wanted.some((arg) => arg === "--help" || arg === "-h")) {
    process.stdout.write(USAGE);
    return;
  }
  const unknown = wanted.filter((name) => !sections.some((section) => section.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`bench: no section ${unknown.join(", ")}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const rows: (BenchRow & { section: string })[] = [];
  let failed = false;
  for (const section of sections.filter(
    ({ name }) => wanted.length === 0 || wanted.includes(name),
  )) {
    const started = performance.now();
    try {
      for (const row of await section.run()) rows.push({ section: section.name, ...row });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stderr.write(`bench: ${section.name} done in ${seconds} s\n`);
    } catch (error) {
      failed = true;
      // A missing PostgreSQL is one line that says how to install it, not a stack trace.
      const why = error instanceof PostgresMissingError ? error.message : (error as Error).stack;
      process.stderr.write(`bench: ${section.name} failed: ${why}\n`);
    }
  }
  process.stdout.write(formatTable(rows));
  process.exitCode = failed || rows.some((row) => !meetsGoal(row)) ? 1 : 0;
}

function formatTable(rows: (BenchRow & { section: string })[]): string {
  const header = ["section", "figure", "value", "baseline", "ratio", "goal", "status"];
  const cells = rows.map((row) => [
    row.section,
    row.figure,
    row.value,
    row.baseline,
    `${row.ratio.toFixed(2)}×`,
    "atMost" in row.goal ? `≤ ${row.goal.atMost}×` : `≥ ${row.goal.atLeast}×`,
    meetsGoal(row) ? "ok" : "MISSED",
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => line[column].length)),
  );
  const format = (line: string[]) =>
    line
      .map((cell, column) => cell.padEnd(widths[column]))
      .join("  ")
      .trimEnd();
  const notes = rows.filter((row) => row.note).map((row) => `- ${row.figure}: ${row.note}`);
  const missed = rows.filter((row) => !meetsGoal(row)).length;
  return [
    format(header),
    format(widths.map((width) => "-".repeat(width))),
    ...cells.map(format),
    "",
    ...notes,
    "",
    missed ? `MISSED: ${missed} of ${rows.length} goals` : `all ${rows.length} goals met`,
    "",
  ].join("\n");
}

function meetsGoal(row: BenchRow): boolean {
  return "atMost" in row.goal ? row.ratio <= row.goal.atMost : row.ratio >= row.goal.atLeast;
}

if (require.main === module) void main();
