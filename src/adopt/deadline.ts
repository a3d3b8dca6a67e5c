import { TimeoutError } from "./api-errors";
import type { Answer } from "./api-errors";

/**
 * One deadline per Platform API request, covering its headers and its whole body, and a request
 * out of time lets go of its connection: a tool that has said "no answer within 30 s" must then
 * exit, not sit on a socket the server keeps open.
 */

/** How long one request may take, unless ADOPT_REQUEST_TIMEOUT_MS says otherwise. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const REQUEST_TIMEOUT_VARIABLE = "ADOPT_REQUEST_TIMEOUT_MS";
/** Below this a healthy Heroku may not answer in time; past it a stalled one looks hung. */
const MIN_MS = 100;
const MAX_MS = 300_000;

/** ADOPT_REQUEST_TIMEOUT_MS's value in milliseconds (unset or empty: the default), or why not. */
export function requestTimeoutMs(
  env: Record<string, string | undefined>,
): { ms: number } | { problem: string } {
  const raw = env[REQUEST_TIMEOUT_VARIABLE];
  if (raw === undefined || raw === "") return { ms: DEFAULT_REQUEST_TIMEOUT_MS };
  const ms = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (ms >= MIN_MS && ms <= MAX_MS) return { ms };
  return {
    problem: `${REQUEST_TIMEOUT_VARIABLE} must be a whole number of milliseconds from ${MIN_MS} to ${MAX_MS} (how long one request to the Platform API may take), got ${JSON.stringify(raw)}`,
  };
}

/**
 * A fetch whose answer, body included, arrives within `timeoutMs` or fails with TimeoutError.
 * The body is read through its own reader, cancelled at the deadline: aborting the fetch alone
 * leaves undici's socket open while a body of announced length is still coming (Node 20), and
 * an open socket keeps the process alive.
 */
export async function fetchWithin(
  url: string,
  init: Omit<RequestInit, "signal">,
  timeoutMs: number,
): Promise<Answer> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new TimeoutError()), timeoutMs);
  try {
    const response = await fetch(url, { ...init, signal: deadline.signal });
    const body = await readWhole(response, deadline.signal);
    return {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      body,
    };
  } finally {
    clearTimeout(timer);
  }
}

async function readWhole(response: Response, signal: AbortSignal): Promise<string> {
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const release = () => void reader.cancel(signal.reason).catch(() => undefined);
  signal.addEventListener("abort", release, { once: true });
  if (signal.aborted) release();
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      // A stream cancelled at the deadline may end rather than fail: the text is cut short.
      if (signal.aborted) throw signal.reason;
      if (done) return text + decoder.decode();
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    // The deadline's own reason, whatever words the cancelled stream used.
    throw signal.aborted ? signal.reason : error;
  } finally {
    signal.removeEventListener("abort", release);
  }
}
