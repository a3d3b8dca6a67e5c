import type { z } from "zod";
import { shapeProblem } from "./shapes";
import { HerokuApiError, checked, networkReason, unexpected } from "./api-errors";
import { DEFAULT_REQUEST_TIMEOUT_MS, fetchWithin } from "./deadline";
import type { Answer } from "./api-errors";

export { HerokuApiError } from "./api-errors";
export type { ApiFailure } from "./api-errors";

/**
 * A read-only client of the Heroku Platform API v3: GET only, `Accept: application/vnd.heroku+json;
 * version=3`, `Authorization: Bearer <key>`, list pagination through `Range`/`Next-Range`, and a
 * polite retry of 429 (rate limited) answers. Node's own fetch does the HTTP: the API is small
 * and JSON, and heroku-client (the npm package) would still need everything below that a server
 * that misbehaves asks for: every answer checked against its shape (shapes.ts), paging that can't
 * go on forever, one deadline per request that covers the body, and no credential in any error.
 */

export const DEFAULT_API_URL = "https://api.heroku.com";
const ACCEPT = "application/vnd.heroku+json; version=3";
/** Pages of one list, and requests of one adoption, past which the server is not Heroku. */
const MAX_PAGES = 500;
const MAX_REQUESTS = 2000;
/**
 * The longest Retry-After waited out: Heroku gives tokens back at about 75 a minute (Dev Center,
 * "Rate Limits"); a longer wait is a server to try again later, not one to sit out silently.
 */
const MAX_RETRY_WAIT_MS = 60_000;

export interface HerokuApiOptions {
  /** `HEROKU_API_URL`, default https://api.heroku.com. */
  baseUrl?: string;
  apiKey: string;
  /** How many times a 429 is retried before giving up (default 3). */
  retries?: number;
  /** The wait before the first retry when Heroku gives no Retry-After; doubled each time (default 2 s). */
  backoffMs?: number;
  /** A request that has no whole answer after this long fails (default 30 s; see deadline.ts). */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export class HerokuApi {
  readonly baseUrl: string;
  /** Every request made, `GET /apps/x`, in order: what the tool did, for a reader and the tests. */
  readonly requests: string[] = [];
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** The last answer said the rate limit's tokens are spent: wait before the next request. */
  private exhausted = false;

  constructor(private readonly options: HerokuApiOptions) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_API_URL).replace(/\/+$/, "");
    // Checked before any request, and never echoed: either would put a credential in a message.
    // eslint-disable-next-line no-control-regex -- control characters are what it looks for
    if (/[\x00-\x1f\x7f]/.test(options.apiKey)) {
      throw new HerokuApiError(
        "unauthorized",
        "HEROKU_API_KEY holds a line break or another control character; copy the key again (heroku auth:token)",
      );
    }
    let url: URL;
    try {
      url = new URL(this.baseUrl);
    } catch {
      throw new HerokuApiError(
        "network",
        "HEROKU_API_URL is not a URL (e.g. https://api.heroku.com)",
      );
    }
    if (url.username !== "" || url.password !== "") {
      throw new HerokuApiError(
        "network",
        "HEROKU_API_URL holds a user name or password; the API takes its key from HEROKU_API_KEY: remove them from the URL",
      );
    }
    this.retries = options.retries ?? 3;
    this.backoffMs = options.backoffMs ?? 2000;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.sleep = options.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms)));
  }

  /** One resource (`/apps/{app}`), checked against its shape. */
  async get<T>(path: string, schema: z.ZodType<T>): Promise<T> {
    return shaped(path, schema, parsed(path, await this.request(path)));
  }

  /** One resource that may not exist (an app's pipeline coupling): a 404 is undefined. */
  async find<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
    const answer = await this.request(path, undefined, true);
    return answer.status === 404 ? undefined : shaped(path, schema, parsed(path, answer));
  }

  /**
   * Every item of a list, page by page: the first page as Heroku orders it (no Range: the
   * attributes a list may be ranged by differ per endpoint), then each Next-Range it answers —
   * never one it gave before, and never more than MAX_PAGES pages.
   */
  async list<T>(path: string, schema: z.ZodType<T[]>): Promise<T[]> {
    const items: T[] = [];
    const ranges = new Set<string>();
    for (let range: string | null | undefined = undefined; range !== null;) {
      const answer = await this.request(path, range);
      items.push(...shaped(path, schema, parsed(path, answer)));
      range = answer.status === 206 ? answer.headers.get("next-range") : null;
      if (range !== null && (ranges.has(range) || ranges.size >= MAX_PAGES)) {
        const why = ranges.has(range)
          ? `gives a Next-Range it gave before (${ranges.size + 1} pages)`
          : `goes on past ${MAX_PAGES} pages`;
        throw new HerokuApiError(
          "unexpected",
          `the list at GET ${path} ${why}: its paging would never end; is HEROKU_API_URL right?`,
        );
      }
      if (range !== null) ranges.add(range);
    }
    return items;
  }

  /** The first item of a list in a given order (`version ..; max=1, order=desc`): one request. */
  async first<T>(path: string, range: string, schema: z.ZodType<T[]>): Promise<T | undefined> {
    return shaped(path, schema, parsed(path, await this.request(path, range)))[0];
  }

  /** One GET, its body read whole under the same deadline as its headers. */
  private async request(path: string, range?: string, allowMissing = false): Promise<Answer> {
    const url = `${this.baseUrl}${path}`;
    for (let attempt = 0; ; attempt++) {
      if (this.exhausted) {
        await this.sleep(this.backoffMs);
        this.exhausted = false;
      }
      if (this.requests.length >= MAX_REQUESTS) {
        throw new HerokuApiError(
          "unexpected",
          `${MAX_REQUESTS} requests and still reading: stopped; is HEROKU_API_URL right?`,
        );
      }
      this.requests.push(`GET ${path}${range ? ` (Range: ${range})` : ""}`);
      let answer: Answer;
      try {
        answer = await fetchWithin(url, this.init(range), this.timeoutMs);
      } catch (error) {
        const reason = this.scrub(networkReason(error, this.timeoutMs));
        throw new HerokuApiError(
          "network",
          `can't reach the Heroku API at ${this.baseUrl} (${reason})`,
        );
      }
      this.exhausted = answer.headers.get("ratelimit-remaining") === "0";
      if (answer.status === 404 && allowMissing) return answer;
      if (answer.status !== 429) return checked(path, answer);
      if (attempt >= this.retries) {
        throw new HerokuApiError(
          "rate-limited",
          `Heroku's rate limit (429 Too Many Requests) held after ${this.retries} retries; try again in a few minutes`,
          429,
        );
      }
      const delay = retryDelay(answer.headers, this.backoffMs * 2 ** attempt);
      if (delay > MAX_RETRY_WAIT_MS) {
        // Waited out, it would look like a tool that hangs.
        throw new HerokuApiError(
          "rate-limited",
          `Heroku's rate limit (429 Too Many Requests) asks to wait ${delay / 1000} s before the next request; try again then`,
          429,
        );
      }
      await this.sleep(delay);
      this.exhausted = false; // that wait was the one the 429 asked for
    }
  }

  private init(range: string | undefined): RequestInit {
    return {
      method: "GET",
      headers: {
        Accept: ACCEPT,
        Authorization: `Bearer ${this.options.apiKey}`,
        "User-Agent": "heroku-app-adopt",
        ...(range ? { Range: range } : {}),
      },
      redirect: "error",
    };
  }

  /** A message with the API key taken out, wherever a library put it. */
  private scrub(message: string): string {
    const key = this.options.apiKey;
    return key.length >= 4 ? message.split(key).join("[the API key]") : message;
  }
}

function parsed(path: string, answer: Answer): unknown {
  try {
    return JSON.parse(answer.body);
  } catch {
    throw unexpected(path, "JSON");
  }
}

function shaped<T>(path: string, schema: z.ZodType<T>, value: unknown): T {
  const problem = shapeProblem(schema, value);
  if (problem !== undefined) {
    throw new HerokuApiError(
      "unexpected",
      `Heroku's answer to GET ${path} is not what the Platform API v3 answers (${problem}); is HEROKU_API_URL right?`,
    );
  }
  return value as T;
}

/** Retry-After in seconds (Heroku's form) when given, else our own backoff. */
function retryDelay(headers: Headers, fallbackMs: number): number {
  const seconds = Number(headers.get("retry-after"));
  return headers.has("retry-after") && Number.isFinite(seconds) && seconds >= 0
    ? seconds * 1000
    : fallbackMs;
}
