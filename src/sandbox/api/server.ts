import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as path from "path";
import { HyperSchema, describeErrors } from "./hyper-schema";
import type { MatchedLink } from "./hyper-schema";
import { pageOf } from "./paging";
import { Platform } from "./platform";
import { ROUTES } from "./routes";
import { restartProcessType } from "./routes/dynos";
import { Answer } from "./routes/route";
import { RecordsOnlyRuntime } from "./runtime";
import type { Runtime } from "./runtime";
import { serveSandboxPath } from "./sandbox-paths";
import { ApiError, Store } from "./store";

/**
 * The sandbox's Heroku Platform API: a real HTTP server on loopback, answering every route the
 * Heroku provider and the Heroku CLI use (routes/), with Heroku's rules (platform.ts) and state
 * that survives a restart (store.ts). Every request is matched to a link of the hyper-schema and
 * its body checked against the link's schema; every JSON answer is checked against the link's
 * target schema. What fails either is a problem of the sandbox's (or of its client's): it is
 * answered as Heroku would (404, 422) or as a 500, and kept in `problems` for the tests.
 */

export interface SandboxApiOptions {
  /** Where its state lives (`.sandbox/api`). */
  dir: string;
  /** The port to listen on; 0 picks a free one. */
  port?: number;
  runtime?: Runtime;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The link it matched (`app Info`), or undefined. */
  link?: string;
  /** That link's method and href (`GET /apps/{app}`). */
  route?: string;
  status: number;
  /** Its User-Agent: which client made it (`heroku-cli/11.10.0 linux`, the provider's). */
  agent?: string;
}

export interface SandboxApi {
  url: string;
  key: string;
  platform: Platform;
  requests: RecordedRequest[];
  /** Requests no link matched and answers their schema refused: each a bug somewhere. */
  problems: string[];
  close(): Promise<void>;
}

const HEROKU_JSON = "application/json; charset=utf-8";
let schema: HyperSchema | undefined;

export async function startSandboxApi(options: SandboxApiOptions): Promise<SandboxApi> {
  schema ??= new HyperSchema();
  const hyperSchema = schema;
  const store = new Store(options.dir);
  let base = "";
  const platform = new Platform(store, options.runtime ?? new RecordsOnlyRuntime(), () => base);
  const requests: RecordedRequest[] = [];
  const problems: string[] = [];
  const accessLog = fs.createWriteStream(path.join(options.dir, "access.log"), { flags: "a" });
  const problem = (text: string) => {
    problems.push(text);
    accessLog.write(`PROBLEM ${text}\n`);
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", base);
      let matchedRoute: string | undefined;
      const send = (status: number, body: unknown, link?: string) => {
        const method = request.method ?? "";
        const agent = request.headers["user-agent"];
        requests.push({ method, path: url.pathname, link, route: matchedRoute, status, agent });
        accessLog.write(`${request.method} ${url.pathname} ${status} ${link ?? "-"}\n`);
        response.writeHead(status, {
          "Content-Type": HEROKU_JSON,
          "Request-Id": String(request.headers["request-id"] ?? ""),
          "RateLimit-Remaining": "4500",
        });
        response.end(JSON.stringify(body));
      };
      const fail = (error: ApiError, link?: string) =>
        send(error.status, { id: error.id, message: error.message }, link);
      try {
        const body = Buffer.concat(chunks);
        if (url.pathname.startsWith("/sandbox/")) {
          return serveSandboxPath(platform, { request, response, url, body, problems });
        }
        if (!authorized(request.headers.authorization, store.state.key)) {
          return fail(new ApiError(401, "unauthorized", "Invalid credentials provided."));
        }
        const offSchema = OFF_SCHEMA.find(
          (route) => route.method === request.method && route.pattern.test(url.pathname),
        );
        if (offSchema !== undefined) {
          matchedRoute = `${offSchema.method} ${offSchema.href}`;
          const params = (offSchema.pattern.exec(url.pathname) ?? [])
            .slice(1)
            .map(decodeURIComponent);
          const answer = offSchema.handle(params, platform);
          if (request.method !== "GET") store.save();
          return send(answer.status, answer.body, offSchema.name);
        }
        const matched = hyperSchema.match(request.method ?? "GET", url.pathname);
        if (matched.length === 0) {
          problem(`no link of the Platform API's schema matches ${request.method} ${url.pathname}`);
          return fail(new ApiError(404, "not_found", "The requested API endpoint was not found."));
        }
        const parsed = readBody(body);
        const { link, params } = chooseLink(matched, parsed);
        matchedRoute = `${link.method} ${link.href}`;
        const route = ROUTES[link.name];
        if (route === undefined) {
          problem(`the sandbox doesn't serve ${link.name} (${link.method} ${link.href})`);
          return fail(
            new ApiError(
              404,
              "not_found",
              `The sandbox doesn't serve ${link.method} ${link.href}.`,
            ),
            link.name,
          );
        }
        const result = route(
          { params, body: parsed ?? {}, headers: request.headers, query: url.searchParams },
          platform,
        );
        const answer =
          result instanceof Answer
            ? result
            : new Answer(link.method === "POST" ? 201 : 200, result);
        const validate = link.validateAnswer();
        if (validate !== undefined && !validate(answer.body)) {
          problem(`${link.name}: the answer doesn't fit its schema: ${describeErrors(validate)}`);
          return fail(
            new ApiError(
              500,
              "sandbox_error",
              `The sandbox's answer to ${link.name} doesn't fit its schema.`,
            ),
            link.name,
          );
        }
        if (request.method !== "GET") store.save();
        // Lists are paged (a GET); a batch update answers with all it changed, in its order.
        const page =
          Array.isArray(answer.body) && request.method === "GET"
            ? pageOf(answer.body as Record<string, unknown>[], request.headers.range)
            : undefined;
        if (page !== undefined) {
          for (const [name, value] of Object.entries(page.headers)) response.setHeader(name, value);
          return send(page.status, page.items, link.name);
        }
        return send(answer.status, answer.body, link.name);
      } catch (error) {
        if (error instanceof ApiError) return fail(error);
        problem(`${request.method} ${url.pathname}: ${(error as Error).stack ?? String(error)}`);
        return fail(
          new ApiError(
            500,
            "internal_server_error",
            "The sandbox failed; see .sandbox/api/access.log.",
          ),
        );
      }
    });
  });

  await new Promise<void>((listening, failed) => {
    server.once("error", failed);
    server.listen(options.port ?? 0, "127.0.0.1", listening);
  });
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  platform.resume();
  return {
    url: base,
    key: store.state.key,
    platform,
    requests,
    problems,
    close: async () => {
      platform.close();
      server.closeAllConnections();
      await new Promise<void>((closed) => server.close(() => closed()));
      await platform.runtime.close?.(); // its dynos and databases stop; their data stays
      await new Promise<void>((ended) => accessLog.end(ended));
    },
  };
}

/**
 * Routes a client of the real Heroku calls that the Platform API's schema lacks, served on purpose
 * rather than left as a hole; each is listed in docs/sandbox.md. Their answers have no schema
 * to be checked against.
 */
const OFF_SCHEMA: {
  name: string;
  method: string;
  href: string;
  pattern: RegExp;
  handle(params: string[], platform: Platform): Answer;
}[] = [
  {
    // `heroku ps:restart --process-type web` (CLI 11.10).
    name: "formation Restart (not in the schema)",
    method: "DELETE",
    href: "/apps/{app}/formations/{type}",
    pattern: /^\/apps\/([^/]+)\/formations\/([^/]+)$/,
    handle: ([app, type], platform) => restartProcessType(platform, app, type),
  },
];

/** Basic (the provider: `email:key`, or `:key`) or Bearer (the Heroku CLI, curl) with the key. */
function authorized(header: string | undefined, key: string): boolean {
  if (header === undefined) return false;
  const [scheme, credentials = ""] = header.split(" ", 2);
  if (scheme.toLowerCase() === "bearer") return credentials === key;
  if (scheme.toLowerCase() !== "basic") return false;
  const decoded = Buffer.from(credentials, "base64").toString("utf8");
  return decoded.slice(decoded.indexOf(":") + 1) === key;
}

function readBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new ApiError(400, "bad_request", "Invalid JSON in the request body.");
  }
}

/** The link whose request schema the body fits (links may share a method and href), or 422. */
function chooseLink(matched: MatchedLink[], body: unknown): MatchedLink {
  let firstError = "";
  for (const candidate of matched) {
    const validate = candidate.link.validateRequest();
    if (validate === undefined || validate(body ?? {})) return candidate;
    firstError ||= describeErrors(validate);
  }
  throw new ApiError(422, "invalid_params", `Invalid params: ${firstError}`);
}
