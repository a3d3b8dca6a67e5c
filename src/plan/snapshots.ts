import * as fs from "fs";
import * as path from "path";
import { renderMarkdown } from "./render";
import type { PlanReport } from "./report";
import { PROJECT_DIR } from "../program/paths";

/**
 * The committed plans: `plans/<stack>.md` for every stack file at the project root. A pull
 * request that changes what a stack declares changes its snapshot, so the review shows it.
 */

export const PLANS_DIR = path.join(PROJECT_DIR, "plans");
export const REFRESH_COMMAND = "npm run plan -- --write";

/** Snapshot file name → expected content, for every stack at the root. */
export type Snapshots = Map<string, string>;

export function snapshotFile(stack: string): string {
  return `${stack}.md`;
}

export function renderSnapshots(reports: readonly PlanReport[]): Snapshots {
  return new Map(
    reports.map((report) => [snapshotFile(report.plan.stack), renderMarkdown(report)]),
  );
}

/** One line per snapshot that is missing, stale, or left over from a stack file that is gone. */
export function staleSnapshots(expected: Snapshots, dir = PLANS_DIR): string[] {
  const problems: string[] = [];
  const shown = (file: string) => path.posix.join(path.basename(dir), file);
  for (const [file, content] of expected) {
    const committed = readIfExists(path.join(dir, file));
    if (committed === undefined) problems.push(`${shown(file)} is missing`);
    else if (committed !== content)
      problems.push(`${shown(file)} is stale (${firstDifference(committed, content)})`);
  }
  for (const file of snapshotFilesIn(dir)) {
    if (!expected.has(file)) problems.push(`${shown(file)} has no stack file any more`);
  }
  return problems;
}

/** Writes every snapshot and removes those of stacks that are gone; returns what changed. */
export function writeSnapshots(expected: Snapshots, dir = PLANS_DIR): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const changed: string[] = [];
  for (const [file, content] of expected) {
    if (readIfExists(path.join(dir, file)) === content) continue;
    fs.writeFileSync(path.join(dir, file), content);
    changed.push(`wrote ${path.posix.join(path.basename(dir), file)}`);
  }
  for (const file of snapshotFilesIn(dir)) {
    if (expected.has(file)) continue;
    fs.rmSync(path.join(dir, file));
    changed.push(`removed ${path.posix.join(path.basename(dir), file)}`);
  }
  return changed;
}

function snapshotFilesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith(".md"))
    .sort();
}

function readIfExists(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
}

/** `line 12: "│     quantity: 1" → "│     quantity: 2"`: enough to see what moved. */
function firstDifference(committed: string, expected: string): string {
  const was = committed.split("\n");
  const now = expected.split("\n");
  const line = now.findIndex((text, index) => text !== was[index]);
  const at = line === -1 ? now.length : line;
  return `line ${at + 1}: ${JSON.stringify(was[at] ?? "")} → ${JSON.stringify(now[at] ?? "")}`;
}
