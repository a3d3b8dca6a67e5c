/**
 * A read-only client of the Heroku Platform API v3: GET only, `Accept: application/vnd.heroku+json;
 * version=3`, `Authorization: Bearer <key>`, list pagination through `Range`/`Next-Range`, and a
 * polite retry of 429 (rate limited) answers. Node's own fetch does the HTTP: the API is small
 * and JSON, and heroku-client (the npm package) adds a dependency for no behaviour we need.
 */

export const DEFAULT_API_URL = "https://api.heroku.com";
const ACCEPT = "application/vnd.heroku+json; version=3";

export interface HerokuApiOptions {
  /** `HEROKU_API_URL`, default https://api.heroku.com. */
  baseUrl?: string;
  apiKey: string;
  /** How many times a 429 is retried before giving up (default 3). */
  retries?: number;
  /** The wait before the first retry when Heroku gives no Retry-After; doubled each time (default 2 s). */
  backoffMs?: number;
  /** A request that has no answer after this long fails (default 30 s). */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export type ApiFailure =
  "unauthorized" | "forbidden" | "not-found" | "rate-limited" | "server" | "network" | "unexpected";

/** Why a request failed, in words a person can act on; never holds the API key. */
export class HerokuApiError extends Error {
  constructor(
    readonly failure: ApiFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "HerokuApiError";
  }
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
    this.retries = options.retries ?? 3;
    this.backoffMs = options.backoffMs ?? 2000;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms)));
  }

  /** One resource (`/apps/{app}`). */
  async get<T>(path: string): Promise<T> {
    return (await this.body(path, await this.request(path))) as T;
  }

  /** One resource that may not exist (an app's pipeline coupling): a 404 is undefined. */
  async find<T>(path: string): Promise<T | undefined> {
    const response = await this.request(path, undefined, true);
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    return (await this.body(path, response)) as T;
  }

  /**
   * Every item of a list, page by page: the first page as Heroku orders it (no Range: the
   * attributes a list may be ranged by differ per endpoint), then each Next-Range it answers.
   */
  async list<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    for (let range: string | null | undefined = undefined; range !== null;) {
      const response = await this.request(path, range);
      const page = await this.body(path, response);
      if (!Array.isArray(page)) throw unexpected(path, "a list");
      items.push(...(page as T[]));
      range = response.status === 206 ? response.headers.get("next-range") : null;
    }
    return items;
  }

  /** The first item of a list in a given order (`version ..; max=1, order=desc`): one request. */
  async first<T>(path: string, range: string): Promise<T | undefined> {
    const page = await this.body(path, await this.request(path, range));
    if (!Array.isArray(page)) throw unexpected(path, "a list");
    return page[0] as T | undefined;
  }

  private async request(path: string, range?: string, allowMissing = false): Promise<Response> {
    const url = `${this.baseUrl}${path}`;
    for (let attempt = 0; ; attempt++) {
      if (this.exhausted) {
        await this.sleep(this.backoffMs);
        this.exhausted = false;
      }
      this.requests.push(`GET ${path}${range ? ` (Range: ${range})` : ""}`);
      let response: Response;
      try {
        response = await fetch(url, {
          method: "GET",
          headers: {
            Accept: ACCEPT,
            Authorization: `Bearer ${this.options.apiKey}`,
            "User-Agent": "heroku-app-adopt",
            ...(range ? { Range: range } : {}),
          },
          signal: AbortSignal.timeout(this.timeoutMs),
          redirect: "error",
        });
      } catch (error) {
        throw new HerokuApiError(
          "network",
          `can't reach the Heroku API at ${this.baseUrl} (${networkReason(error, this.timeoutMs)})`,
        );
      }
      this.exhausted = response.headers.get("ratelimit-remaining") === "0";
      if (response.status === 404 && allowMissing) return response;
      if (response.status !== 429) return checked(path, response);
      await response.body?.cancel();
      if (attempt >= this.retries) {
        throw new HerokuApiError(
          "rate-limited",
          `Heroku's rate limit (429 Too Many Requests) held after ${this.retries} retries; try again in a few minutes`,
          429,
        );
      }
      await this.sleep(retryDelay(response, this.backoffMs * 2 ** attempt));
      this.exhausted = false; // that wait was the one the 429 asked for
    }
  }

  private async body(path: string, response: Response): Promise<unknown> {
    try {
      return await response.json();
    } catch {
      throw unexpected(path, "JSON");
    }
  }
}

/** Retry-After in seconds (Heroku's form) when given, else our own backoff. */
function retryDelay(response: Response, fallbackMs: number): number {
  const seconds = Number(response.headers.get("retry-after"));
  return response.headers.has("retry-after") && Number.isFinite(seconds) && seconds >= 0
    ? seconds * 1000
    : fallbackMs;
}

async function checked(path: string, response: Response): Promise<Response> {
  if (response.ok) return response;
  const detail = await errorId(response);
  const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ""}${detail}`;
  if (response.status === 404) {
    // Every path read is under /apps/{app}: a 404 means there is no such app (any more).
    throw new HerokuApiError(
      "not-found",
      `Heroku has no such app (${status}); check the name or id (heroku apps)`,
      404,
    );
  }
  if (response.status === 401) {
    throw new HerokuApiError(
      "unauthorized",
      `Heroku rejected the API key (${status}); check HEROKU_API_KEY (heroku authorizations:create)`,
      401,
    );
  }
  if (response.status === 403) {
    throw new HerokuApiError(
      "forbidden",
      `the API key may not read this app (${status}); use a key of an account with access to it`,
      403,
    );
  }
  if (response.status >= 500) {
    throw new HerokuApiError(
      "server",
      `Heroku answered ${status} to GET ${path}; try again later (status.heroku.com)`,
      response.status,
    );
  }
  throw new HerokuApiError(
    "unexpected",
    `Heroku answered ${status} to GET ${path}`,
    response.status,
  );
}

/** The API's error id (`{"id": "unauthorized", "message": …}`), never a header or the key. */
async function errorId(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { id?: unknown };
    return typeof body.id === "string" && /^[a-z_]+$/.test(body.id) ? `: ${body.id}` : "";
  } catch {
    return "";
  }
}

function unexpected(path: string, expected: string): HerokuApiError {
  return new HerokuApiError(
    "unexpected",
    `Heroku's answer to GET ${path} is not ${expected}, as the Platform API v3 answers; is HEROKU_API_URL right?`,
  );
}

function networkReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === "TimeoutError") {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
