import { spawn } from "child_process";
import type { ChildProcess } from "child_process";
import * as fs from "fs";
import * as readline from "readline";
import type { Dyno } from "./dynos";
import type { Watchdog } from "./watchdog";

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

/** A dyno that listens on no port: the release phase. */
export type OneOffDyno = Omit<Dyno, "port">;

/** `15:04:05 web.1 | text` for a dyno's lines, `15:04:05 local | text` for the runner's own. */
export function createLogger(names: readonly string[], write: Write, now = () => new Date()) {
  const width = Math.max(RUNNER_LABEL.length, ...names.map((name) => name.length));
  const line = (label: string, text: string) =>
    write(`${now().toTimeString().slice(0, 8)} ${label.padEnd(width)} | ${text}\n`);
  return { dyno: line, local: (text: string) => line(RUNNER_LABEL, text) };
}
export type LocalLogger = ReturnType<typeof createLogger>;

/**
 * The shell a Procfile command runs in: bash, as on Heroku's stack images, so `VAR=x node …`,
 * `exit 3` or `a && b` mean there what they mean here. bash runs a lone simple command by
 * exec'ing it, so the app itself is the dyno's main process and gets the signals.
 */
export function dynoShell(exists: (file: string) => boolean = fs.existsSync): string {
  return exists("/bin/bash") ? "/bin/bash" : "/bin/sh";
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

export interface SuperviseOptions {
  cwd: string;
  log: LocalLogger;
  graceMs?: number;
  /** Stops the dynos if the runner dies without the chance to (SIGKILL). */
  watchdog?: Watchdog;
}

/** Watchdog stage of the dynos: stopped before the services they use. */
export const DYNO_STAGE = 0;

/** How a dyno's main process ended: code null if it could not start (`error`) or was signalled. */
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: unknown;
}

/** A dyno's process group, started: `exited` settles once it is gone and its output flushed. */
export interface DynoProcess {
  child: ChildProcess | undefined;
  pid: number | undefined;
  exited: Promise<ExitStatus>;
}

/**
 * Starts one dyno in its own process group, each line of its output given to `line`. The
 * primitive both `npm run local` and the sandbox's dyno manager (src/sandbox/dynos) run dynos
 * with, so the two stop, kill and read dynos the same way. Throws nothing: a dyno that can't
 * start (an environment Node refuses) settles `exited` with the error.
 */
export function spawnDyno(
  dyno: OneOffDyno,
  options: { cwd: string; line: (text: string) => void; watchdog?: Watchdog },
): DynoProcess {
  const { cwd, watchdog } = options;
  let child: ChildProcess;
  try {
    child = spawn(dynoShell(), ["-c", dyno.command], {
      cwd,
      env: dyno.env,
      detached: true, // its own process group; Ctrl-C reaches the runner, which sends SIGTERM
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    return {
      child: undefined,
      pid: undefined,
      exited: Promise.resolve({ code: null, signal: null, error }),
    };
  }
  const pid = child.pid;
  if (pid !== undefined) watchdog?.watchGroup(pid, { stage: DYNO_STAGE, signal: "SIGTERM" });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream === null) continue;
    const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
    lines.on("line", options.line);
  }
  let startError: Error | undefined;
  child.on("error", (error) => (startError = error));
  // On Heroku the dyno ends with its main process; whatever it left behind goes with it. A
  // process that left the group (`setsid daemon &`) may still hold the output pipe, so the dyno
  // is over once its group is gone, not once every copy of the pipe is closed: the pipes are
  // closed then, after a moment for the last lines to be read.
  child.on("exit", () => {
    signalGroup(child, "SIGKILL");
    void groupGone(pid).then(() =>
      setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
      }, LAST_LINES_MS).unref(),
    );
  });
  const exited = new Promise<ExitStatus>((resolve) =>
    child.on("close", (code: number | null, signal: NodeJS.Signals | null) => {
      if (pid !== undefined) watchdog?.unwatchGroup(pid);
      resolve(startError ? { code: null, signal: null, error: startError } : { code, signal });
    }),
  );
  return { child, pid, exited };
}

/** spawnDyno for `npm run local`: its lines behind its name, its start said as the runner's. */
function startDyno(dyno: OneOffDyno, options: SuperviseOptions, describe: string) {
  const { log } = options;
  const started = spawnDyno(dyno, { ...options, line: (line) => log.dyno(dyno.name, line) });
  if (started.child === undefined) {
    // e.g. an environment Node refuses to pass on: one line, not a stack trace
    void started.exited.then(({ error }) =>
      log.local(`${dyno.name}: could not start (${(error as Error).message})`),
    );
    return started;
  }
  log.local(
    `${dyno.name}: starting process with command \`${dyno.command}\` (pid ${started.pid ?? "none"}${describe})`,
  );
  return started;
}

/** How long a dyno's last output lines get to arrive once its process group is gone. */
const LAST_LINES_MS = 200;

/** Settles once no process of the group is left (or after 5 s: the kernel owes us nothing). */
async function groupGone(pid: number | undefined): Promise<void> {
  if (pid === undefined) return;
  for (let waited = 0; waited < 5000; waited += 20) {
    try {
      process.kill(-pid, 0);
    } catch {
      return; // ESRCH: nothing of the group is left
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A signal to every process of the dyno's group; nothing if it is gone already. */
export function signalGroup(child: ChildProcess | undefined, signal: NodeJS.Signals) {
  if (child?.pid === undefined) return;
  try {
    process.kill(-child.pid, signal); // the whole process group: every process of the dyno
  } catch {
    // already gone
  }
}

/**
 * A one-off dyno (the release phase): runs to its end; resolves with its exit status, or null
 * when it could not start or was killed by a signal. `stop` sends SIGTERM to it.
 */
export function runOneOff(dyno: OneOffDyno, options: SuperviseOptions) {
  const { child, exited } = startDyno(dyno, options, "");
  const done = exited.then((exit) => {
    const what =
      exit.error !== undefined
        ? `could not start (${(exit.error as Error).message})`
        : `process exited ${describeExit(exit)}`;
    options.log.local(`${dyno.name}: ${what}`);
    return exit.error === undefined && exit.signal === null ? exit.code : null;
  });
  return { done, stop: () => signalGroup(child, "SIGTERM") };
}

export function runDynos(dynos: readonly Dyno[], options: SuperviseOptions): DynoRun {
  const { log } = options;
  const graceMs = options.graceMs ?? GRACE_MS;
  const live = new Map<string, ChildProcess>();
  const killed = new Set<string>();
  let stopping = false;
  let graceTimer: NodeJS.Timeout | undefined;

  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    if (live.size === 0) return;
    log.local(`${reason}: stopping all dynos (SIGTERM, then SIGKILL after ${graceMs / 1000} s)`);
    for (const child of live.values()) signalGroup(child, "SIGTERM");
    graceTimer = setTimeout(() => {
      for (const [name, child] of live) {
        log.local(`${name}: Error R12 (Exit timeout): still running after SIGTERM; SIGKILL`);
        killed.add(name);
        signalGroup(child, "SIGKILL");
      }
    }, graceMs);
  };

  const kill = () => {
    for (const child of live.values()) signalGroup(child, "SIGKILL");
  };

  const start = async (dyno: Dyno): Promise<DynoExit> => {
    const { child, exited } = startDyno(dyno, options, `, PORT ${dyno.port}`);
    if (child) live.set(dyno.name, child);
    const { code, signal, error } = await exited;
    live.delete(dyno.name);
    const unexpected = !stopping;
    const exit: DynoExit = {
      name: dyno.name,
      pid: child?.pid,
      code,
      signal,
      unexpected,
      killed: killed.has(dyno.name),
    };
    const what =
      error !== undefined
        ? `could not start (${(error as Error).message})`
        : `process exited ${describeExit(exit)}`;
    if (child) log.local(`${dyno.name}: ${what}${unexpected ? ": crashed" : ""}`);
    if (unexpected) stop(`${dyno.name} crashed`);
    if (live.size === 0) clearTimeout(graceTimer);
    return exit;
  };

  const done = Promise.all(dynos.map(start));
  return { stop, kill, done };
}
