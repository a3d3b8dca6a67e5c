/**
 * What a failed Platform API request means, in words a person can act on: never a header, the
 * key, or a body's text beyond Heroku's error id.
 */

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

/** An answer, its body read whole. */
export interface Answer {
  status: number;
  statusText: string;
  headers: Headers;
  body: string;
}

export class TimeoutError extends Error {
  override name = "TimeoutError";
}

export function checked(path: string, response: Answer): Answer {
  if (response.status >= 200 && response.status < 300) return response;
  const detail = errorId(response);
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
function errorId(response: Answer): string {
  try {
    const body = JSON.parse(response.body) as { id?: unknown };
    return typeof body.id === "string" && /^[a-z_]+$/.test(body.id) ? `: ${body.id}` : "";
  } catch {
    return "";
  }
}

export function unexpected(path: string, expected: string): HerokuApiError {
  return new HerokuApiError(
    "unexpected",
    `Heroku's answer to GET ${path} is not ${expected}, as the Platform API v3 answers; is HEROKU_API_URL right?`,
  );
}

export function networkReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === "TimeoutError") {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
