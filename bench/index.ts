/**
 * `npm run bench`: measures this repo's moving parts against plain baselines, side by
 * side in one run, and prints one table. A missed goal is printed as MISSED but does not
 * fail the run: these are figures to read, not a timed test.
 *
 * To add a section, export an async function returning BenchRow[] and list it below.
 */
import { benchApp } from "./app";
import { benchBundle } from "./bundle";
import { benchLoad } from "./load";
import { benchPlan } from "./plan";

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

const sections: { name: string; run: () => Promise<BenchRow[]> }[] = [
  { name: "bundle", run: benchBundle },
  { name: "app", run: benchApp },
  { name: "plan", run: benchPlan },
  { name: "load", run: benchLoad },
];

async function main(): Promise<void> {
  // `npm run bench -- app plan` runs only those sections.
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !sections.some((section) => section.name === name));
  if (unknown.length > 0) {
    process.stderr.write(
      `bench: no section ${unknown.join(", ")} (${sections.map(({ name }) => name).join(", ")})\n`,
    );
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
      process.stderr.write(`bench: ${section.name} failed: ${(error as Error).stack}\n`);
    }
  }
  process.stdout.write(formatTable(rows));
  // A missed goal is a figure to look at; only a section that could not run fails.
  process.exitCode = failed ? 1 : 0;
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
