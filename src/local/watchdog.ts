import { spawn } from "child_process";
import * as path from "path";

/**
 * The owner's side of the watchdog (src/local/watchdog-process.js): a detached process that
 * stops what it was told about — dyno process groups, a database cluster — and deletes
 * temp dirs, once its owner is gone, however it went. A signal the owner can catch is
 * handled by the owner itself; this covers the ones it can't (SIGKILL, a crash).
 */

export interface Watchdog {
  /** Stop this process group if the owner dies: `signal`, then SIGKILL after the grace. */
  watchGroup(pgid: number, options: { stage: number; signal: NodeJS.Signals }): void;
  /** The group has ended (or was stopped by the owner). */
  unwatchGroup(pgid: number): void;
  /** Delete this directory if the owner dies, after the groups of the same stage. */
  removeDir(dir: string, stage: number): void;
  /** The directory is gone (or kept on purpose). */
  keepDir(dir: string): void;
  /** Done: the watchdog cleans what is still registered (normally nothing) and exits. */
  release(): void;
}

const WATCHDOG_SCRIPT = path.join(__dirname, "watchdog-process.js");

export function startWatchdog(graceMs: number): Watchdog {
  const child = spawn(process.execPath, [WATCHDOG_SCRIPT, String(graceMs)], {
    detached: true, // its own session: a signal to the owner's group or terminal spares it
    stdio: ["pipe", "ignore", "ignore"],
  });
  // Neither the process nor the pipe keeps the owner alive; the pipe closes when it exits.
  child.unref();
  const pipe = child.stdin!;
  pipe.on("error", () => undefined); // the watchdog died first: nothing left to tell it
  (pipe as unknown as { unref(): void }).unref();
  let released = false;
  const send = (command: object) => {
    if (!released) pipe.write(`${JSON.stringify(command)}\n`);
  };
  return {
    watchGroup: (pgid, { stage, signal }) => send({ watch: pgid, stage, signal }),
    unwatchGroup: (pgid) => send({ unwatch: pgid }),
    removeDir: (dir, stage) => send({ remove: dir, stage }),
    keepDir: (dir) => send({ keep: dir }),
    release: () => {
      if (released) return;
      released = true;
      pipe.end();
    },
  };
}
