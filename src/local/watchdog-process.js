"use strict";

/**
 * The watchdog process (started by src/local/watchdog.ts): cleans up after an owner that
 * died without the chance to (SIGKILL, the OOM killer, a crash). It sits in its own session
 * with a pipe from its owner on stdin, reading one JSON command per line:
 *   {"watch": <pgid>, "stage": <n>, "signal": "SIGTERM"}   a process group to stop
 *   {"unwatch": <pgid>}                                     it has ended
 *   {"remove": "<dir>", "stage": <n>}  /  {"keep": "<dir>"} a directory to delete / not
 * When the pipe closes — the owner exited, whatever the reason — every stage still
 * registered is cleaned in order (dynos before the database they use): its groups get their
 * signal, SIGKILL after the grace period, then its directories are deleted. An owner that
 * cleaned up itself has unregistered everything, so the watchdog just exits.
 * Plain JavaScript, so it starts without the TypeScript hook. Usage: node <this> <graceMs>
 */

const fs = require("node:fs");
const readline = require("node:readline");

const graceMs = Number(process.argv[2]) || 30_000;
const groups = new Map(); // pgid → { stage, signal }
const dirs = new Map(); // dir → stage
const POLL_MS = 100;

// The owner's terminal going away must not take the watchdog with it.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => undefined);

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  let command;
  try {
    command = JSON.parse(line);
  } catch {
    return;
  }
  if (Number.isInteger(command.watch)) {
    groups.set(command.watch, { stage: command.stage || 0, signal: command.signal || "SIGTERM" });
  } else if (Number.isInteger(command.unwatch)) {
    groups.delete(command.unwatch);
  } else if (typeof command.remove === "string") {
    dirs.set(command.remove, command.stage || 0);
  } else if (typeof command.keep === "string") {
    dirs.delete(command.keep);
  }
});
lines.on("close", () => {
  cleanUp().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});

async function cleanUp() {
  const stages = [...new Set([...groups.values()].map((g) => g.stage).concat([...dirs.values()]))];
  for (const stage of stages.sort((a, b) => a - b)) {
    const members = [...groups].filter(([, group]) => group.stage === stage);
    for (const [pgid, { signal }] of members) signalGroup(pgid, signal);
    const deadline = Date.now() + graceMs;
    while (members.some(([pgid]) => groupAlive(pgid)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    for (const [pgid] of members) signalGroup(pgid, "SIGKILL");
    for (const [dir, dirStage] of dirs) {
      if (dirStage === stage) fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/**
 * Whether a process of the group still runs. On Linux, zombies don't count: an orphan's
 * exit is reaped by PID 1, and where PID 1 doesn't reap (some containers) it stays a zombie.
 */
function groupAlive(pgid) {
  if (!fs.existsSync("/proc/self/stat")) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(pgrp) === pgid && state !== "Z") return true;
  }
  return false;
}
