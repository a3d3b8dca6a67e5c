import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { runAdoptCommand } from "../../src/adopt/command";
import type { AdoptContext } from "../../src/adopt/command";
import { startFakeHerokuApi } from "../support/heroku-api-server";
import type { FakeApi } from "../support/heroku-api-server";
import { API, API_DOMAINS, WEB, acmeApi, acmeLegacy, acmeWeb } from "../support/heroku-apps";
import { scratchDirs } from "../support/scratch";

/**
 * `npm run adopt` against a hand-written Platform API stand-in (test/support/heroku-api-server.ts),
 * for what an app seeded through the sandbox's API can't show (adopt.test.ts has the rest): each
 * describe says why the sandbox can't.
 */

const API_KEY = "hrku-adopt-test-key-0123456789abcdef";
const scratchDir = scratchDirs();
let heroku: FakeApi;

beforeAll(async () => {
  heroku = await startFakeHerokuApi([acmeWeb, acmeApi, acmeLegacy], {
    apiKey: API_KEY,
    pageSize: 2,
  });
});
afterAll(() => heroku.close());

async function adopt(argv: string[], context: AdoptContext = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const projectDir = context.projectDir ?? scratchDir("adopt-fake-");
  const status = await runAdoptCommand(
    argv,
    { out: (text) => out.push(text), err: (text) => err.push(text) },
    {
      env: { HEROKU_API_KEY: API_KEY, HEROKU_API_URL: heroku.url },
      api: { backoffMs: 1 },
      ...context,
      projectDir,
    },
  );
  return { status, out: out.join(""), err: err.join(""), projectDir };
}

const stackFile = (dir: string, stack: string) => path.join(dir, `Pulumi.${stack}.yaml`);
const written = (dir: string) => fs.readdirSync(dir);
const entries = (file: string) => {
  const { config } = parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [key.replace(/^heroku-app:/, ""), value]),
  ) as Record<string, unknown>;
};

// The sandbox pages lists 200 to a page, as Heroku does, and keeps no request's headers.
describe("as Platform API v3 asks: headers, and lists two to a page", () => {
  test("GETs only, with the v3 Accept and the key as a Bearer token; the newest release by Range", async () => {
    heroku.requests.length = 0;
    expect((await adopt(["acme-web", "--stack", "acme"])).status).toBe(0);
    for (const request of heroku.requests) {
      expect(request).toMatchObject({
        method: "GET",
        accept: "application/vnd.heroku+json; version=3",
        authorization: `Bearer ${API_KEY}`,
      });
    }
    const releases = heroku.requests.filter((request) => request.path.endsWith("/releases"));
    expect(releases.map((request) => request.range)).toEqual(["version ..; max=1, order=desc"]);
    // Four features, two per page: two requests, the second with the first's Next-Range.
    const features = heroku.requests.filter((request) => request.path.endsWith("/features"));
    expect(features.map((request) => request.range)).toEqual([
      undefined,
      "id ]00000000-0000-4000-8000-000000000051..; max=200",
    ]);
  });

  test("pages through five domains two at a time, each page from the previous Next-Range", async () => {
    heroku.requests.length = 0;
    const { status, projectDir } = await adopt([API.id, "--stack", "acme-staging"]);
    expect(status).toBe(0);
    const pages = heroku.requests.filter((request) => request.path.endsWith("/domains"));
    expect(pages.map((request) => request.range)).toEqual([
      undefined,
      "id ]00000000-0000-4000-8000-000000000231..; max=200",
      "id ]00000000-0000-4000-8000-000000000233..; max=200",
    ]);
    const config = entries(stackFile(projectDir, "acme-staging"));
    expect(config.domains).toEqual(API_DOMAINS);
    expect(Object.keys((config.import as { domains: object }).domains)).toEqual(API_DOMAINS);
  });
});

// The sandbox has no add-on attachments (nor drains an add-on makes), and lists only custom domains.
describe("what belongs to others: an attached add-on, its drain, the herokuapp.com domain", () => {
  test("each noted and left out; the add-on's var not copied", async () => {
    const { status, out, projectDir } = await adopt(["acme-web", "--stack", "acme"]);
    expect(status).toBe(0);
    expect(out).toContain("PAPERTRAIL_API_TOKEN (from add-on papertrail-shared-777)");
    expect(out).toMatch(/add-on papertrail-shared-777: attached from the app acme-logging/);
    expect(out).toMatch(/log drain of add-on papertrail-shared-777: the add-on owns it/);
    const config = entries(stackFile(projectDir, "acme"));
    expect(Object.keys(config.addons as object)).toEqual(["database"]);
    expect(config.domains).toEqual(["www.acme.test", "api.acme.test"]);
    expect((config.import as { drains: object }).drains).toEqual({
      papertrailapp: `${WEB.id}:${WEB.drain}:sensitive`,
    });
    expect(fs.readFileSync(stackFile(projectDir, "acme"), "utf8")).not.toContain(
      "addon-token-not-copied",
    );
  });
});

// Heroku (and the sandbox) refuse a new app on an end-of-life stack and a var named BAD-NAME.
describe("an app from another time: an end-of-life stack, var names the program refuses", () => {
  test("the stack moves to the default, each var left out is named", async () => {
    const { status, out, projectDir } = await adopt(["acme-legacy", "--stack", "legacy"]);
    expect(status).toBe(0);
    expect(entries(stackFile(projectDir, "legacy"))).toMatchObject({
      stack: "heroku-24",
      deploy: { build: true },
    });
    for (const expected of [
      "stack: heroku-20 → heroku-24",
      "BAD-NAME (not a name this program accepts)",
      "HEROKU_APP_ID (set by Heroku)",
      "release: the app was never deployed; the first up builds app/ and releases it",
    ]) {
      expect(out).toContain(expected);
    }
  });
});

// The sandbox has no rate limit (Heroku's is per account, by the hour).
describe("rate limits", () => {
  test("a 429 is retried after the Retry-After Heroku sends, then the adoption goes on", async () => {
    const limited = await startFakeHerokuApi([acmeApi], {
      apiKey: API_KEY,
      rateLimited: { [`/apps/${API.id}/formation`]: { times: 2, retryAfter: "1" } },
    });
    const waits: number[] = [];
    try {
      const { status, err } = await adopt(["acme-api", "--stack", "limited"], {
        env: { HEROKU_API_KEY: API_KEY, HEROKU_API_URL: limited.url },
        api: { sleep: async (ms) => void waits.push(ms) },
      });
      expect({ status, err }).toEqual({ status: 0, err: "" });
      const formation = limited.requests.filter((request) => request.path.endsWith("/formation"));
      expect(formation).toHaveLength(3);
      expect(waits).toEqual([1000, 1000]);
    } finally {
      await limited.close();
    }
  });

  test("a Retry-After past a minute is not waited out: one line saying when to try again", async () => {
    const limited = await startFakeHerokuApi([acmeApi], {
      apiKey: API_KEY,
      rateLimited: { "/apps/acme-api": { times: 1, retryAfter: "86400" } },
    });
    const waits: number[] = [];
    try {
      const { status, err } = await adopt(["acme-api", "--stack", "limited"], {
        env: { HEROKU_API_KEY: API_KEY, HEROKU_API_URL: limited.url },
        api: { sleep: async (ms) => void waits.push(ms) },
      });
      expect({ status, err, waits }).toEqual({
        status: 1,
        err: "adopt: acme-api: Heroku's rate limit (429 Too Many Requests) asks to wait 86400 s before the next request; try again then\n",
        waits: [],
      });
    } finally {
      await limited.close();
    }
  });

  test("without Retry-After it backs off, doubling, and gives up after the retries", async () => {
    const limited = await startFakeHerokuApi([acmeApi], {
      apiKey: API_KEY,
      rateLimited: { "/apps/acme-api": { times: 100 } },
    });
    const waits: number[] = [];
    try {
      const { status, err, projectDir } = await adopt(["acme-api", "--stack", "limited"], {
        env: { HEROKU_API_KEY: API_KEY, HEROKU_API_URL: limited.url },
        api: { backoffMs: 5, sleep: async (ms) => void waits.push(ms) },
      });
      expect(status).toBe(1);
      expect(err).toBe(
        "adopt: acme-api: Heroku's rate limit (429 Too Many Requests) held after 3 retries; try again in a few minutes\n",
      );
      expect(limited.requests).toHaveLength(4);
      expect(waits).toEqual([5, 10, 20]);
      expect(fs.existsSync(stackFile(projectDir, "limited"))).toBe(false);
    } finally {
      await limited.close();
    }
  });

  test("an answer saying the tokens are spent (RateLimit-Remaining: 0) slows the next request", async () => {
    const spent = await startFakeHerokuApi([acmeApi], {
      apiKey: API_KEY,
      tokensSpent: ["/apps/acme-api"],
    });
    const waits: number[] = [];
    try {
      const { status } = await adopt(["acme-api", "--stack", "spent"], {
        env: { HEROKU_API_KEY: API_KEY, HEROKU_API_URL: spent.url },
        api: { backoffMs: 7, sleep: async (ms) => void waits.push(ms) },
      });
      expect(status).toBe(0);
      expect(waits).toEqual([7]);
    } finally {
      await spent.close();
    }
  });
});

// The sandbox neither forbids an app to its key nor fails on purpose.
describe("errors the sandbox doesn't make: one line naming the app, no file, never the key", () => {
  test("403, 5xx and no network", async () => {
    // A port nothing listens on: a server that never had a connection, closed.
    const gone = await startFakeHerokuApi([], { apiKey: API_KEY });
    await gone.close();
    const strict = await startFakeHerokuApi([acmeWeb, acmeApi], {
      apiKey: API_KEY,
      forbidden: ["acme-web"],
      failing: [`/apps/${API.id}/addons`],
    });
    const env = { HEROKU_API_KEY: API_KEY, HEROKU_API_URL: strict.url };
    try {
      const forbidden = await adopt(["acme-web", "--stack", "x"], { env });
      expect(forbidden.err).toMatch(
        /^adopt: acme-web: the API key may not read this app \(403 Forbidden: forbidden\)/,
      );
      const failing = await adopt(["acme-api", "--stack", "x"], { env });
      expect(failing.err).toBe(
        `adopt: acme-api: Heroku answered 503 Service Unavailable: service_unavailable to GET /apps/${API.id}/addons; try again later (status.heroku.com)\n`,
      );
      for (const { status, projectDir } of [forbidden, failing]) {
        expect(status).toBe(1);
        expect(written(projectDir)).toEqual([]);
      }
    } finally {
      await strict.close();
    }
    const offline = await adopt(["acme-web", "--stack", "x"], {
      env: { HEROKU_API_KEY: API_KEY, HEROKU_API_URL: gone.url },
    });
    expect(offline.status).toBe(1);
    expect(offline.err).toMatch(
      new RegExp(
        `^adopt: acme-web: can't reach the Heroku API at ${gone.url} \\(ECONNREFUSED\\)\\n$`,
      ),
    );
    expect(offline.err).not.toContain(API_KEY);
  });
});
