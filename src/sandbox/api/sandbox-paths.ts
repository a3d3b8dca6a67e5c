import * as fs from "fs";
import type { IncomingMessage, ServerResponse } from "http";
import type { Platform } from "./platform";
import { uploadSource } from "./routes/builds";
import { ApiError } from "./store";

/**
 * What Heroku serves from hosts other than its API, served here under `/sandbox/`: the source
 * blobs a build uploads (`PUT <put_url>`, no auth: a signed URL on Heroku) and fetches, and the
 * output streams of builds and release phases (plain text that ends when the work does), the
 * log sessions' streams (Logplex's, as `text/event-stream`: logplex.ts). Plus
 * `/sandbox/health`, which tells a starting sandbox the API is up.
 */
export interface SandboxPathRequest {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  body: Buffer;
  problems: string[];
}

const POLL_MS = 100;

export function serveSandboxPath(
  platform: Platform,
  { request, response, url, body }: SandboxPathRequest,
) {
  const text = (status: number, message: string) => {
    response.writeHead(status, { "Content-Type": "text/plain; charset=utf-8" });
    response.end(message);
  };
  const blob = /^\/sandbox\/blobs\/source-([0-9a-f-]{36})\.tgz$/.exec(url.pathname);
  if (blob && request.method === "PUT") {
    try {
      uploadSource(platform, blob[1], body);
    } catch (error) {
      return text(error instanceof ApiError ? error.status : 500, (error as Error).message);
    }
    return text(200, "");
  }
  if (blob && request.method === "GET") {
    const file = platform.store.blobPath(`source-${blob[1]}.tgz`);
    if (!fs.existsSync(file)) return text(404, "no such blob");
    response.writeHead(200, { "Content-Type": "application/octet-stream" });
    return fs.createReadStream(file).pipe(response);
  }
  const stream = /^\/sandbox\/streams\/(builds|releases)\/([0-9a-f-]{36})$/.exec(url.pathname);
  if (stream && request.method === "GET") {
    const find = () =>
      stream[1] === "builds"
        ? platform.state.builds.find((build) => build.id === stream[2])
        : platform.state.releases.find((release) => release.id === stream[2]);
    if (find() === undefined) return text(404, "no such output stream");
    return streamLog(find, response);
  }
  const logSession = /^\/sandbox\/log-sessions\/([0-9a-f-]{36})$/.exec(url.pathname);
  if (logSession && request.method === "GET") {
    // No auth, as Logplex's session URLs carry none: the session's id is the secret.
    const session = platform.logs.session(logSession[1]);
    if (session === undefined) return text(404, "no such log session");
    const lastEventId = request.headers["last-event-id"];
    return platform.logs.stream(
      session,
      response,
      typeof lastEventId === "string" ? lastEventId : undefined,
    );
  }
  if (url.pathname === "/sandbox/health") {
    response.writeHead(200, { "Content-Type": "application/json" });
    return response.end(JSON.stringify({ ok: true }));
  }
  return text(404, "not a sandbox path");
}

/** Writes a log's lines as they come; ends once its work is no longer pending. */
function streamLog(
  find: () => { log: string[]; status: string } | undefined,
  response: ServerResponse,
): void {
  response.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
  let sent = 0;
  const pump = () => {
    const record = find();
    const lines = record?.log ?? [];
    for (; sent < lines.length; sent++) response.write(`${lines[sent]}\n`);
    if (record === undefined || record.status !== "pending") {
      clearInterval(timer);
      response.end();
    }
  };
  const timer = setInterval(pump, POLL_MS);
  response.on("close", () => clearInterval(timer));
  pump();
}
