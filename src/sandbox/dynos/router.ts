import { randomUUID } from "crypto";
import * as http from "http";

/**
 * A minimal Heroku router for one app, on its loopback `web_url` port: each request goes to the
 * next web dyno that is up (round robin), with the headers Heroku's router adds
 * (X-Forwarded-For/-Proto/-Port, X-Request-Id, X-Request-Start, Via), and one
 * `heroku[router]: at=info method=… path=… dyno=… connect=… service=… status=… bytes=…` line per
 * request. Heroku's error codes where they apply, with its "Application error" page: H10 (every web
 * dyno crashed), H14 (no web dyno), H20 (none came up in 75 s while some were starting: requests
 * wait for them, as Heroku's router queues them), H12 (no answer in 30 s), H13 (the dyno closed
 * the connection without answering), H80 (maintenance mode).
 *
 * Left out: HTTPS and the `*.herokuapp.com` host (it is plain HTTP on 127.0.0.1), HTTP/2,
 * WebSockets (no Upgrade is passed on), request queueing limits, the 55-second idle window of a
 * streaming answer, session affinity, the 8 KB header limit and `X-Forwarded-Host` rewriting.
 */

export interface RouterChoice {
  /** Web dynos that are up, by name and port. */
  up: readonly { name: string; port: number }[];
  starting: boolean;
  /** Whether the app has any web dyno at all (crashed ones count). */
  any: boolean;
  maintenance: boolean;
}

export interface RouterTimings {
  /** H20: how long a request waits for a starting web dyno (Heroku: 75 s). */
  bootWaitMs: number;
  /** H12: how long a dyno has to answer (Heroku: 30 s). */
  requestTimeoutMs: number;
}

export const ROUTER_TIMINGS: RouterTimings = { bootWaitMs: 75_000, requestTimeoutMs: 30_000 };
const WAIT_POLL_MS = 100;

export class Router {
  private server: http.Server | undefined;
  private next = 0;

  constructor(
    readonly port: number,
    private readonly choose: () => RouterChoice,
    private readonly log: (text: string) => void,
    private readonly timings: RouterTimings = ROUTER_TIMINGS,
  ) {}

  /** Listens on the app's port; rejects (EADDRINUSE) when something else has it. */
  async listen(): Promise<void> {
    const server = http.createServer((request, response) => void this.route(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async route(request: http.IncomingMessage, response: http.ServerResponse) {
    const started = Date.now();
    const requestId = String(request.headers["x-request-id"] ?? randomUUID());
    // Heroku's order: at (and code, desc), the request, then the dyno and the timings.
    const line = (lead: Record<string, string>, fields: Record<string, string | number>) => {
      const request_ = {
        method: request.method ?? "GET",
        path: JSON.stringify(request.url ?? "/"),
        host: request.headers.host ?? `127.0.0.1:${this.port}`,
        request_id: requestId,
        fwd: JSON.stringify(request.socket.remoteAddress ?? ""),
      };
      const text = Object.entries({ ...lead, ...request_, ...fields })
        .map(([key, value]) => `${key}=${value}`)
        .join(" ");
      this.log(text);
    };
    const error = (code: string, desc: string, status = 503, dyno = "") => {
      line(
        { at: "error", code, desc: JSON.stringify(desc) },
        {
          dyno,
          connect: "0ms",
          service: `${Date.now() - started}ms`,
          status,
          bytes: APPLICATION_ERROR.length,
          protocol: "http",
        },
      );
      response.writeHead(status, { "Content-Type": "text/html; charset=utf-8" });
      response.end(APPLICATION_ERROR);
    };
    let choice = this.choose();
    if (choice.maintenance) return error("H80", "Maintenance mode");
    const deadline = started + this.timings.bootWaitMs;
    while (choice.up.length === 0 && choice.starting && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
      choice = this.choose();
    }
    if (choice.up.length === 0) {
      if (!choice.any) return error("H14", "No web processes running");
      if (choice.starting) return error("H20", "App boot timeout");
      return error("H10", "App crashed");
    }
    const dyno = choice.up[this.next++ % choice.up.length];
    const upstream = http.request({
      host: "127.0.0.1",
      port: dyno.port,
      method: request.method,
      path: request.url,
      headers: {
        ...request.headers,
        "x-forwarded-for": request.socket.remoteAddress ?? "",
        "x-forwarded-proto": "http",
        "x-forwarded-port": String(this.port),
        "x-request-id": requestId,
        "x-request-start": String(started),
        via: "1.1 vegur",
      },
    });
    let connected = started;
    upstream.once("socket", (socket) => socket.once("connect", () => (connected = Date.now())));
    upstream.setTimeout(this.timings.requestTimeoutMs, () => {
      upstream.destroy();
      if (!response.headersSent) error("H12", "Request timeout", 503, dyno.name);
    });
    upstream.once("response", (answer) => {
      let bytes = 0;
      answer.on("data", (chunk: Buffer) => (bytes += chunk.length));
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
      answer.once("end", () =>
        line(
          { at: "info" },
          {
            dyno: dyno.name,
            connect: `${connected - started}ms`,
            service: `${Date.now() - connected}ms`,
            status: answer.statusCode ?? 502,
            bytes,
            protocol: "http",
          },
        ),
      );
    });
    upstream.once("error", () => {
      if (!response.headersSent) error("H13", "Connection closed without response", 503, dyno.name);
      else response.destroy();
    });
    request.pipe(upstream);
  }
}

/** Heroku's page for a request the router could not serve. */
const APPLICATION_ERROR = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Application Error</title></head>
<body><h1>Application error</h1>
<p>An error occurred in the application and your page could not be served. If you are the application owner, check your logs for details: <code>heroku logs --tail</code></p>
</body></html>
`;
