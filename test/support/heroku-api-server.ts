import * as http from "http";
import type { AddressInfo } from "net";

/**
 * A Heroku Platform API v3 stand-in on loopback: a real HTTP server answering the GETs `npm run
 * adopt` makes with Platform-API-shaped JSON, paging lists with Range/Next-Range the way Heroku
 * does (at any page size), and failing on request (401, 403, 404, 429, 5xx). It records every
 * request with its headers. For what the sandbox's own API (src/sandbox/api) can't seed or
 * doesn't do; everything else is tested against that.
 */

/** One app's answers, by the path under /apps/{id}: `""` is the app itself. */
export interface FakeApp {
  app: { id: string; name: string } & Record<string, unknown>;
  /** `config-vars`, `formation`, `addons`, `domains`, `features`, `log-drains`, … */
  paths: Record<string, unknown>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  accept?: string;
  authorization?: string;
  range?: string;
}

export interface FakeApiOptions {
  apiKey: string;
  /** Items per page of a list, at most (Heroku's default is 200; small here to page). */
  pageSize?: number;
  /** Paths answered 429 this many times before they answer normally. */
  rateLimited?: Record<string, { times: number; retryAfter?: string }>;
  /** App names or ids that answer 403. */
  forbidden?: string[];
  /** Paths that answer 503. */
  failing?: string[];
  /** Paths whose answer says the rate limit's tokens are spent (RateLimit-Remaining: 0). */
  tokensSpent?: string[];
}

export interface FakeApi {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const JSON_TYPE = "application/json; charset=utf-8";

export async function startFakeHerokuApi(
  apps: readonly FakeApp[],
  options: FakeApiOptions,
): Promise<FakeApi> {
  const requests: RecordedRequest[] = [];
  const limited = new Map(Object.entries(options.rateLimited ?? {}));
  const pageSize = options.pageSize ?? 200;

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const path = decodeURIComponent(url.pathname);
    requests.push({
      method: request.method ?? "",
      path,
      accept: request.headers.accept,
      authorization: request.headers.authorization,
      range: request.headers.range,
    });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, {
        "Content-Type": JSON_TYPE,
        "RateLimit-Remaining": options.tokensSpent?.includes(path) ? "0" : "4000",
        ...headers,
      });
      response.end(JSON.stringify(body));
    };
    const error = (status: number, id: string, message: string, headers = {}) =>
      send(status, { id, message }, headers);

    if (request.method !== "GET") return error(405, "method_not_allowed", "GET only here");
    if (request.headers.accept !== "application/vnd.heroku+json; version=3") {
      return error(400, "bad_request", "Accept must ask for version 3");
    }
    if (request.headers.authorization !== `Bearer ${options.apiKey}`) {
      return error(401, "unauthorized", "Invalid credentials provided.");
    }
    const limit = limited.get(path);
    if (limit && limit.times > 0) {
      limit.times -= 1;
      const headers: Record<string, string> = { "RateLimit-Remaining": "0" };
      if (limit.retryAfter !== undefined) headers["Retry-After"] = limit.retryAfter;
      return error(429, "rate_limit", "Your account reached the API rate limit", headers);
    }
    if (options.failing?.includes(path)) {
      return error(503, "service_unavailable", "Heroku is temporarily unavailable");
    }
    const match = /^\/apps\/([^/]+)(?:\/(.+))?$/.exec(path);
    const app = match && apps.find(({ app }) => app.id === match[1] || app.name === match[1]);
    if (!match || !app) return error(404, "not_found", "Couldn't find that app.");
    if (options.forbidden?.some((name) => name === app.app.name || name === app.app.id)) {
      return error(403, "forbidden", "You do not have access to the app.");
    }
    const sub = match[2] ?? "";
    const body = sub === "" ? app.app : app.paths[sub];
    if (body === undefined) {
      const what = sub === "pipeline-couplings" ? "pipeline coupling" : "resource";
      return error(404, "not_found", `Couldn't find that ${what}.`);
    }
    if (!Array.isArray(body)) return send(200, body);
    return sendPage(body, request.headers.range, pageSize, send);
  });

  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((closed) => server.close(() => closed())),
  };
}

/**
 * A list answered as Heroku does: `Range: <field> <first>..; max=<n>[, order=desc]`, a page of
 * at most `max` (and the server's own page size) items, and 206 with `Next-Range:
 * ]<last>..; max=<n>` while more remain.
 */
function sendPage(
  items: readonly Record<string, unknown>[],
  range: string | undefined,
  pageSize: number,
  send: (status: number, body: unknown, headers?: Record<string, string>) => void,
) {
  const parsed = /^(\w+) (\]?)([^.;]*)\.\.(?:; (.*))?$/.exec(range ?? "id ..");
  if (!parsed) return send(400, { id: "bad_request", message: "Invalid Range header." });
  const [, field, exclusive, first, params = ""] = parsed;
  const settings = Object.fromEntries(
    params
      .split(/[,;]/)
      .map((param) => param.trim().split("="))
      .filter(([key]) => key),
  );
  const max = Math.min(Number(settings.max ?? 200), pageSize);
  const sorted = [...items].sort((a, b) => {
    const order = String(a[field]).localeCompare(String(b[field]), "en", { numeric: true });
    return settings.order === "desc" ? -order : order;
  });
  let start = 0;
  if (first !== "") {
    start = sorted.findIndex((item) => String(item[field]) === first);
    if (start < 0) return send(400, { id: "bad_request", message: "Invalid Range header." });
    if (exclusive) start += 1;
  }
  const page = sorted.slice(start, start + max);
  const more = start + max < sorted.length;
  const headers: Record<string, string> = more
    ? {
        "Next-Range": `${field} ]${String(page[page.length - 1][field])}..; max=${settings.max ?? 200}`,
      }
    : {};
  return send(more ? 206 : 200, page, headers);
}
