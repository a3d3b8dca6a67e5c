import { spawn } from "child_process";
import type { ChildProcess } from "child_process";
import * as readline from "readline";
import type { Dyno } from "./dynos";

/**
 * Runs dynos on this machine the way Heroku's dyno manager treats them: each dyno is its own
 * process group (a stand-in for its container), its output goes out line by line behind its
 * name, a stop sends SIGTERM to every process of every dyno and SIGKILL to what is left after
 * the grace period, and a dyno ends with its main process.
 */

/** Heroku's grace between SIGTERM and SIGKILL. */
export const GRACE_MS = 30_000;
/** Marks the runner's own lines; a dyno's name always has a dot, so it can't be mistaken. */
export const RUNNER_LABEL = "local";

export interface DynoExit {
  name: string;
  pid: number | undefined;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Exited (or failed to start) while nothing had asked it to stop: crashed, even with status 0. */
  unexpected: boolean;
  /** Still running at the end of the grace period, and killed. */
  killed: boolean;
}

export interface DynoRun {
  /** SIGTERM to every running dyno, SIGKILL to those left after the grace period. Idempotent. */
  stop(reason: string): void;
  /** SIGKILL to every running dyno, synchronously (for the runner's own `exit`). */
  kill(): void;
  /** Settles once every dyno has exited and its output is flushed. */
  done: Promise<DynoExit[]>;
}

export type Write = (text: string) => void;

/** `15:04:05 web.1 | text` for a dyno's lines, `15:04:05 local | text` for the runner's own. */
export function createLogger(names: readonly string[], write: Write, now = () => new Date()) {
  const width = Math.max(RUNNER_LABEL.length, ...names.map((name) => name.length));
  const line = (label: string, text: string) =>
    write(`${now().toTimeString().slice(0, 8)} ${label.padEnd(width)} | ${text}\n`);
  return { dyno: line, local: (text: string) => line(RUNNER_LABEL, text) };
}
export type LocalLogger = ReturnType<typeof createLogger>;

/**
 * The shell line for a Procfile command. A simple command is `exec`ed, so it is the dyno's main
 * process and gets the signals itself (dash, unlike bash, would otherwise stay in between); a
 * compound one (`a && b`, `a; b`, `a | b`) runs as written.
 */
export function shellCommand(command: string): string {
  const asWritten =
    /[;&|\n]/.test(command) || /^\s*([({!]|(if|for|while|until|case|exec)\b)/.test(command);
  return asWritten ? command : `exec ${command}`;
}

/** 0 for a clean run that was asked to stop; 1 if a dyno crashed, failed to stop, or was killed. */
export function runExitCode(exits: readonly DynoExit[]): number {
  const clean = ({ code, signal, unexpected, killed }: DynoExit) =>
    !unexpected && !killed && (code === 0 || (code === null && signal === "SIGTERM"));
  return exits.every(clean) ? 0 : 1;
}

export function describeExit({ code, signal }: Pick<DynoExit, "code" | "signal">): string {
  return signal !== null ? `by ${signal}` : `with status ${code}`;
}

export function runDynos(
  dynos: readonly Dyno[],
  options: { cwd: string; log: LocalLogger; graceMs?: number },
): DynoRun {
  const { cwd, log } = options;
  const graceMs = options.graceMs ?? GRACE_MS;
  const live = new Map<string, ChildProcess>();
  const killed = new Set<string>();
  let stopping = false;
  let graceTimer: NodeJS.Timeout | undefined;

  const signalDyno = (child: ChildProcess, signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal); // the whole process group: every process of the dyno
    } catch {
      // already gone
    }
  };

  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    if (live.size === 0) return;
    log.local(`${reason}: stopping all dynos (SIGTERM, then SIGKILL after ${graceMs / 1000} s)`);
    for (const child of live.values()) signalDyno(child, "SIGTERM");
    graceTimer = setTimeout(() => {
      for (const [name, child] of live) {
        log.local(`${name}: Error R12 (Exit timeout): still running after SIGTERM; SIGKILL`);
        killed.add(name);
        signalDyno(child, "SIGKILL");
      }
    }, graceMs);
  };

  const kill = () => {
    for (const child of live.values()) signalDyno(child, "SIGKILL");
  };

  const start = (dyno: Dyno) =>
    new Promise<DynoExit>((resolve) => {
      const child = spawn("/bin/sh", ["-c", shellCommand(dyno.command)], {
        cwd,
        env: dyno.env,
        detached: true, // its own process group; Ctrl-C reaches the runner, which sends SIGTERM
        stdio: ["ignore", "pipe", "pipe"],
      });
      live.set(dyno.name, child);
      log.local(
        `${dyno.name}: starting process with command \`${dyno.command}\` ` +
          `(pid ${child.pid ?? "none"}, PORT ${dyno.port})`,
      );
      for (const stream of [child.stdout, child.stderr]) {
        if (stream === null) continue;
        const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
        lines.on("line", (line) => log.dyno(dyno.name, line));
      }
      let startError: Error | undefined;
      child.on("error", (error) => (startError = error));
      // On Heroku the dyno ends with its main process; whatever it left behind goes with it.
      child.on("exit", () => signalDyno(child, "SIGKILL"));
      child.on("close", (code: number | null, signal: NodeJS.Signals | null) => {
        live.delete(dyno.name);
        const unexpected = !stopping;
        const exit: DynoExit = {
          name: dyno.name,
          pid: child.pid,
          code: startError ? null : code,
          signal: startError ? null : signal,
          unexpected,
          killed: killed.has(dyno.name),
        };
        const what = startError
          ? `could not start (${startError.message})`
          : `process exited ${describeExit(exit)}`;
        log.local(`${dyno.name}: ${what}${unexpected ? ": crashed" : ""}`);
        resolve(exit);
        if (unexpected) stop(`${dyno.name} crashed`);
        if (live.size === 0) clearTimeout(graceTimer);
      });
    });

  const done = Promise.all(dynos.map(start));
  return { stop, kill, done };
}
