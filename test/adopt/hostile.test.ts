import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { runAdoptCommand } from "../../src/adopt/command";
import { HerokuApi, HerokuApiError } from "../../src/adopt/heroku-api";
import { readLiveApp } from "../../src/adopt/live-app";
import { renderStackFile } from "../../src/adopt/stack-file";
import { PROJECT_DIR } from "../../src/program/paths";

/**
 * `npm run adopt` against a Platform API that misbehaves, each a real HTTP server on loopback:
 * 200s of the wrong shape, paging that never ends, a body that stalls, credentials where a
 * library would echo them, an app id that would walk up the URL. Each fails fast, names the app
 * and the field, and prints no secret and no stack trace.
 */

const KEY = "sandbox-key-0123456789";
const APP_ID = "00000000-0000-4000-8000-000000000001";
const named = (name: string) => ({ id: "00000000-0000-4000-8000-0000000000aa", name });
const APP = {
  id: APP_ID,
  name: "acme",
  region: named("us"),
  build_stack: named("heroku-24"),
  team: null,
  acm: false,
};

type Handler = (url: URL, response: http.ServerResponse, seen: string[]) => void;

/** A server answering with `handler`; every path it was asked, in order. */
async function serve(handler: Handler): Promise<{ url: string; seen: string[]; close(): void }> {
  const seen: string[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    seen.push(url.pathname);
    handler(url, response, seen);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

const json = (response: http.ServerResponse, body: unknown, status = 200, headers = {}) => {
  response.writeHead(status, { "Content-Type": "application/json", ...headers });
  response.end(JSON.stringify(body));
};

/** An app whose every part is empty, but for what `parts` overrides. */
const app =
  (parts: Record<string, unknown> = {}): Handler =>
  (url, response) => {
    const part = url.pathname.replace(`/apps/${APP_ID}/`, "");
    if (url.pathname === "/apps/acme") return json(response, APP);
    if (Object.hasOwn(parts, part)) return json(response, parts[part]);
    if (part === "config-vars") return json(response, {});
    if (part === "pipeline-couplings") return json(response, { id: "not_found" }, 404);
    return json(response, []);
  };

async function failure(
  handler: Handler,
  options = {},
): Promise<{ message: string; seen: string[] }> {
  const server = await serve(handler);
  try {
    const api = new HerokuApi({ baseUrl: server.url, apiKey: KEY, ...options });
    await readLiveApp(api, "acme");
    throw new Error("expected the adoption to fail");
  } catch (error) {
    expect(error).toBeInstanceOf(HerokuApiError);
    return { message: (error as Error).message, seen: server.seen };
  } finally {
    server.close();
  }
}

describe("a 200 of the wrong shape names the app, the request and the field", () => {
  test.each<[string, Handler, RegExp]>([
    [
      "a null region",
      (url, response) => json(response, { ...APP, region: null }),
      /^app acme: Heroku's answer to GET \/apps\/acme is not what the Platform API v3 answers \(region: .*\)/,
    ],
    [
      "no build_stack",
      (url, response) => json(response, { ...APP, build_stack: undefined }),
      /\(build_stack: /,
    ],
    [
      "a formation size of null",
      app({ formation: [{ id: "f", type: "web", quantity: 1, size: null }] }),
      /GET \/apps\/[-0-9a-f]+\/formation .*\(\[0\]\.size: /,
    ],
    [
      "a null config-vars body",
      app({ "config-vars": null }),
      /GET \/apps\/[-0-9a-f]+\/config-vars .*\(the answer: /,
    ],
    [
      "an add-on without config_vars",
      app({
        addons: [
          { ...named("db"), plan: named("p"), addon_service: named("s"), app: named("acme") },
        ],
      }),
      /\/addons .*\(\[0\]\.config_vars: /,
    ],
    [
      "a buildpack entry without its buildpack",
      app({ "buildpack-installations": [{ ordinal: 0 }] }),
      /\(\[0\]\.buildpack: /,
    ],
    [
      "an app id that isn't one",
      (url, response) => json(response, { ...APP, id: "../../../account" }),
      /\(id: is not a UUID\)/,
    ],
  ])("%s", async (_, handler, expected) => {
    const { message, seen } = await failure(handler);
    expect(message).toMatch(expected);
    expect(seen).not.toContain("/account/config-vars");
  });
});

describe("paging that never ends stops", () => {
  test("the same Next-Range every time: stopped at the second, naming the list", async () => {
    const again = await failure((url, response) => {
      if (url.pathname.endsWith("/formation")) {
        return json(response, [], 206, { "Next-Range": "id ]abc..; max=200" });
      }
      return app()(url, response, []);
    });
    expect(again.message).toMatch(
      /the list at GET \/apps\/[-0-9a-f]+\/formation gives a Next-Range it gave before \(2 pages\)/,
    );
    expect(again.seen.filter((seenPath) => seenPath.endsWith("/formation"))).toHaveLength(2);
  });

  test("empty pages with a new Next-Range each time: stopped after 500 pages", async () => {
    let page = 0;
    const { message, seen } = await failure((url, response) => {
      if (url.pathname.endsWith("/formation")) {
        return json(response, [], 206, { "Next-Range": `id ]${page++}..; max=200` });
      }
      return app()(url, response, []);
    });
    expect(message).toMatch(/formation goes on past 500 pages/);
    expect(seen.filter((seenPath) => seenPath.endsWith("/formation")).length).toBeLessThanOrEqual(
      501,
    );
  });
});

test("headers sent, then the body stalls: out of time at the deadline, not undici's 300 s", async () => {
  const started = Date.now();
  const { message } = await failure(
    (url, response) => {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.write('{"id": "'); // and nothing more
    },
    { timeoutMs: 300 },
  );
  expect(message).toMatch(
    /can't reach the Heroku API at http:\/\/127\.0\.0\.1:\d+ \(no answer within 0\.3 s\)/,
  );
  expect(Date.now() - started).toBeLessThan(5000);
});

describe("no credential in any message", () => {
  const adopt = async (env: Record<string, string>, args = ["acme", "--stack", "acme"]) => {
    const out: string[] = [];
    const err: string[] = [];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-hostile-"));
    fs.copyFileSync(path.join(__dirname, "..", "..", "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    try {
      const status = await runAdoptCommand(
        [...args, "--dir", dir],
        { out: (text) => out.push(text), err: (text) => err.push(text) },
        { env },
      );
      return { status, output: out.join("") + err.join(""), written: fs.readdirSync(dir) };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };

  test("an API key with a line break: refused before any request, never shown", async () => {
    const server = await serve(app());
    try {
      const secret = "hunter2-0123456789";
      const result = await adopt({
        HEROKU_API_KEY: `${secret}\nX-Evil: 1`,
        HEROKU_API_URL: server.url,
      });
      expect(result.status).toBe(1);
      expect(result.output).toContain(
        "HEROKU_API_KEY holds a line break or another control character",
      );
      expect(result.output).not.toContain(secret);
      expect(result.output).not.toMatch(/\n\s+at /); // no stack trace
      expect(server.seen).toEqual([]);
    } finally {
      server.close();
    }
  });

  test("a password in HEROKU_API_URL: refused before any request, never shown", async () => {
    const result = await adopt({
      HEROKU_API_KEY: KEY,
      HEROKU_API_URL: "http://user:PASSWORD-123@127.0.0.1:9",
    });
    expect(result.status).toBe(1);
    expect(result.output).toContain("HEROKU_API_URL holds a user name or password");
    expect(result.output).not.toContain("PASSWORD-123");
  });

  test("arguments are checked before the first request: a 300-character stack, a --dir that is a file", async () => {
    const server = await serve(app());
    try {
      const env = { HEROKU_API_KEY: KEY, HEROKU_API_URL: server.url };
      const long = await adopt(env, ["acme", "--stack", "s".repeat(300)]);
      expect(long.status).toBe(2);
      expect(long.output).toContain("--stack <stack> names the new stack (1 to 100 letters");
      const file = path.join(os.tmpdir(), `adopt-not-a-dir-${process.pid}`);
      fs.writeFileSync(file, "");
      try {
        const out: string[] = [];
        const status = await runAdoptCommand(
          ["acme", "--stack", "acme", "--dir", file],
          { out: (t) => out.push(t), err: (t) => out.push(t) },
          { env },
        );
        expect(status).toBe(2);
        expect(out.join("")).toContain(`--dir ${file}: not a directory`);
      } finally {
        fs.rmSync(file);
      }
      expect(server.seen).toEqual([]);
    } finally {
      server.close();
    }
  });
});

test("the file adopt writes loads as written: values the CLI would read otherwise are quoted", () => {
  const text = renderStackFile(
    {
      config: {
        appName: "acme",
        configVars: { MODE: "0o17", MERGE: "<<", WHEN: "2024-01-02", ON: "on" },
      },
      imports: { app: APP_ID },
      secrets: [],
      notes: [],
      changes: [],
    },
    { project: "heroku-app", stack: "acme", app: "acme", appId: APP_ID },
  );
  expect(text).toMatch(/MODE: "0o17"/);
  expect(text).toMatch(/WHEN: "2024-01-02"/);
});

describe("ADOPT_REQUEST_TIMEOUT_MS", () => {
  const adopt = async (value: string) => {
    const err: string[] = [];
    const status = await runAdoptCommand(
      ["acme", "--stack", "acme", "--dir", PROJECT_DIR],
      { out: () => undefined, err: (text) => err.push(text) },
      {
        env: {
          HEROKU_API_KEY: "k-0123456789",
          HEROKU_API_URL: "http://127.0.0.1:9",
          ADOPT_REQUEST_TIMEOUT_MS: value,
        },
      },
    );
    return { status, err: err.join("") };
  };

  test.each(["99", "300001", "1e3", "0x100", " 500", "-1", "1.5", "300 ms"])(
    "%j is refused before any request, naming the range",
    async (value) => {
      const { status, err } = await adopt(value);
      expect(status).toBe(2);
      expect(err).toBe(
        `adopt: ADOPT_REQUEST_TIMEOUT_MS must be a whole number of milliseconds from 100 to 300000 (how long one request to the Platform API may take), got ${JSON.stringify(value)}\n`,
      );
    },
  );
});
