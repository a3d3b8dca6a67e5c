import * as fs from "fs";

/**
 * Whether a process still runs. Unlike isRunning (scratch.ts), a zombie doesn't count: an
 * orphan whose parent died (the case these tests make) is reaped by PID 1, and where PID 1
 * doesn't reap (some containers, this CI's included) it stays a zombie — dead, not running.
 */
export function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Polls `condition` until it holds; fails with `what` after `ms`. */
export async function waitUntil(what: string, condition: () => boolean, ms: number) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
