import type { ServerResponse } from "http";
import { newId } from "./store";

/**
 * Each app's log, as Heroku's Logplex keeps it: the last 1,500 lines from every source (the
 * dynos' output as `app[web.1]`, the dyno manager's and the router's as `heroku[web.1]` and
 * `heroku[router]`, the API's own as `app[api]`), and log sessions that stream them. A session
 * (`POST /apps/{app}/log-sessions`) is a URL on the sandbox that streams as `text/event-stream`,
 * one `data:` line per log line (what the Heroku CLI reads), the recent lines first, then, with
 * `tail`, each new one as it comes. Lines carry an `id:` so a tail that reconnects (the CLI
 * does when a stream ends) resumes after the last line it got instead of repeating the backlog.
 * Kept in memory: a restarted API starts with empty logs, as a log session would lose them.
 */

export interface LogLine {
  /** Per app, increasing: the event id a reconnecting client sends back. */
  seq: number;
  at: Date;
  /** `app` or `heroku`. */
  source: string;
  /** `web.1`, `router`, `api`, `release.4821`. */
  dyno: string;
  text: string;
}

export interface LogSession {
  id: string;
  appId: string;
  dyno?: string;
  source?: string;
  lines: number;
  tail: boolean;
  createdAt: string;
}

/** Heroku keeps this many lines per app (`heroku logs -n` reads at most as many). */
export const LOG_LINES_KEPT = 1500;
/** The reconnect delay a client is told: short, so a non-tail `heroku logs` ends soon after. */
const RETRY_MS = 250;
/** A comment line now and then keeps an idle tail's connection open through proxies. */
const KEEP_ALIVE_MS = 15_000;

export class Logplex {
  private readonly kept = new Map<string, LogLine[]>();
  private readonly listeners = new Map<string, Set<(line: LogLine) => void>>();
  private readonly sessions = new Map<string, LogSession>();
  private seq = 0;

  write(appId: string, source: string, dyno: string, text: string): void {
    const line: LogLine = { seq: ++this.seq, at: new Date(), source, dyno, text };
    const lines = this.kept.get(appId) ?? [];
    lines.push(line);
    if (lines.length > LOG_LINES_KEPT) lines.splice(0, lines.length - LOG_LINES_KEPT);
    this.kept.set(appId, lines);
    for (const listener of this.listeners.get(appId) ?? []) listener(line);
  }

  /** The app's kept lines, oldest first. */
  lines(appId: string): readonly LogLine[] {
    return this.kept.get(appId) ?? [];
  }

  forget(appId: string): void {
    this.kept.delete(appId);
    for (const [id, session] of this.sessions)
      if (session.appId === appId) this.sessions.delete(id);
  }

  openSession(options: Omit<LogSession, "id" | "createdAt"> & { createdAt: string }): LogSession {
    const session = { id: newId(), ...options };
    this.sessions.set(session.id, session);
    return session;
  }

  session(id: string): LogSession | undefined {
    return this.sessions.get(id);
  }

  /**
   * Serves a session as an EventSource stream: the last `lines` lines that pass its filters (or
   * those after `lastEventId`, on a reconnect), then, with `tail`, new ones until the client goes.
   */
  stream(session: LogSession, response: ServerResponse, lastEventId: string | undefined): void {
    response.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache",
      Connection: "keep-alive",
    });
    response.write(`retry: ${RETRY_MS}\n\n`);
    const passes = (line: LogLine) => matches(session, line);
    const after = lastEventId === undefined ? undefined : Number(lastEventId);
    const backlog =
      after !== undefined && Number.isInteger(after)
        ? this.lines(session.appId).filter((line) => line.seq > after && passes(line))
        : this.lines(session.appId).filter(passes).slice(-session.lines);
    for (const line of backlog) response.write(event(line));
    if (!session.tail) {
      response.end();
      return;
    }
    const listener = (line: LogLine) => {
      if (passes(line)) response.write(event(line));
    };
    const listeners = this.listeners.get(session.appId) ?? new Set();
    listeners.add(listener);
    this.listeners.set(session.appId, listeners);
    const keepAlive = setInterval(() => response.write(": keep-alive\n\n"), KEEP_ALIVE_MS);
    response.on("close", () => {
      clearInterval(keepAlive);
      listeners.delete(listener);
    });
  }
}

/** `2024-01-01T12:00:00.123456+00:00 app[web.1]: text`, as `heroku logs` prints a line. */
export function formatLogLine(line: LogLine): string {
  const stamp = line.at.toISOString().replace(/Z$/, "000+00:00");
  return `${stamp} ${line.source}[${line.dyno}]: ${line.text}`;
}

/** `dyno` is a dyno (`web.1`) or a process type (`web`, `router`); `source` is `app` or `heroku`. */
function matches(session: LogSession, line: LogLine): boolean {
  if (session.source !== undefined && session.source !== line.source) return false;
  if (session.dyno === undefined) return true;
  return line.dyno === session.dyno || line.dyno.startsWith(`${session.dyno}.`);
}

function event(line: LogLine): string {
  // One `data:` line per log line: a stray carriage return would end it early.
  return `id: ${line.seq}\ndata: ${formatLogLine(line).replace(/[\r\n]/g, " ")}\n\n`;
}
