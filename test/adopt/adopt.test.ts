import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse, parseDocument } from "yaml";
import { runAdoptCommand } from "../../src/adopt/command";
import type { AdoptContext } from "../../src/adopt/command";
import { planToJson, renderTree } from "../../src/plan/render";
import { planReport } from "../../src/plan/report";
import { loadProgram } from "../support/harness";
import { startFakeHerokuApi } from "../support/heroku-api-server";
import type { FakeApi } from "../support/heroku-api-server";
import {
  API,
  API_DOMAINS,
  CREDENTIALS,
  WEB,
  acmeApi,
  acmeLegacy,
  acmeWeb,
} from "../support/heroku-apps";
import { PROJECT_DIR } from "../support/paths";
import { scratchDirs } from "../support/scratch";
import { TYPESCRIPT_NODE_ARGS } from "../support/typescript-node";

/**
 * `npm run adopt` against a real HTTP server on loopback that answers as the Heroku Platform API
 * does: the stack file it writes describes the live app, imports every importable resource,
 * plans offline with the real program, and holds no credential.
 */

const API_KEY = "hrku-adopt-test-key-0123456789abcdef";
const scratchDir = scratchDirs();
/**
 * A project folder of its own, with the staging stack an adopted stack's pipelineStack names by
 * default: what is planned and refused never depends on the user's stack files.
 */
const STAGING_FILE = "Pulumi.staging.yaml";
function scratch(prefix: string): string {
  const dir = scratchDir(prefix);
  fs.writeFileSync(path.join(dir, STAGING_FILE), "config:\n  heroku-app:stage: staging\n");
  return dir;
}
/** What adopt wrote into a folder from scratch(). */
const written = (dir: string) => fs.readdirSync(dir).filter((file) => file !== STAGING_FILE);
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
  const projectDir = context.projectDir ?? scratch("adopt-");
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
const entries = (file: string) => {
  const { config } = parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [key.replace(/^heroku-app:/, ""), value]),
  ) as Record<string, unknown>;
};

/** What `pulumi config set --secret --path <path>` leaves in the file: a `secure:` leaf. */
function setSecretsAsTheCliDoes(file: string, paths: string[]) {
  const doc = parseDocument(fs.readFileSync(file, "utf8"));
  for (const secretPath of paths) {
    const [key, name] = secretPath.split(".");
    doc.setIn(["config", `heroku-app:${key}`, name], { secure: "v1:AAAAencryptedbythecli" });
  }
  fs.writeFileSync(file, doc.toString());
}

const plan = (file: string) => planReport(file, loadProgram);

describe("a personal app with every part", () => {
  let run: Awaited<ReturnType<typeof adopt>>;
  let file: string;
  beforeAll(async () => {
    heroku.requests.length = 0;
    run = await adopt(["acme-web", "--stack", "acme"]);
    file = stackFile(run.projectDir, "acme");
  });

  test("reads the app with GETs only, as Platform API v3, with the key as a Bearer token", () => {
    expect(run.status).toBe(0);
    expect(heroku.requests.length).toBeGreaterThanOrEqual(10);
    for (const request of heroku.requests) {
      expect(request).toMatchObject({
        method: "GET",
        accept: "application/vnd.heroku+json; version=3",
        authorization: `Bearer ${API_KEY}`,
      });
    }
    const paths = new Set(heroku.requests.map((request) => request.path));
    const base = `/apps/${WEB.id}`;
    expect([...paths].sort()).toEqual(
      [
        "/apps/acme-web",
        `${base}/config-vars`,
        `${base}/formation`,
        `${base}/addons`,
        `${base}/domains`,
        `${base}/features`,
        `${base}/log-drains`,
        `${base}/pipeline-couplings`,
        `${base}/releases`,
        `${base}/buildpack-installations`,
      ].sort(),
    );
    const releases = heroku.requests.filter((request) => request.path === `${base}/releases`);
    expect(releases.map((request) => request.range)).toEqual(["version ..; max=1, order=desc"]);
  });

  test("follows Next-Range through every page of a list", () => {
    // Four features, two per page: two requests, the second with the first's Next-Range.
    const features = heroku.requests.filter((request) => request.path.endsWith("/features"));
    expect(features.map((request) => request.range)).toEqual([
      undefined,
      "id ]00000000-0000-4000-8000-000000000051..; max=200",
    ]);
  });

  test("writes the app as it is: name, region, stage, formation, add-on, domains, features", () => {
    const config = entries(file);
    expect(config).toMatchObject({
      appName: "acme-web",
      region: "us",
      stack: "heroku-24",
      stage: "production",
      protect: true,
      // The slug the app runs, released anew (not imported: see the next test).
      deploy: { slugId: WEB.slug },
      formation: {
        web: { quantity: 2, size: "standard-1x" },
        worker: { quantity: 1, size: "standard-1x" },
      },
      addons: {
        database: { plan: "heroku-postgresql:essential-1", name: "postgresql-rigid-12345" },
      },
      domains: ["www.acme.test", "api.acme.test"],
      features: { preboot: true, "runtime-dyno-metadata": true },
    });
    expect(config.team).toBeUndefined();
    // Plain config vars only, as text, and none an add-on provides.
    expect(config.configVars).toEqual({
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      WEB_CONCURRENCY: "2",
      FEATURE_FLAG: "yes",
      API_VERSION: "1.10",
    });
    expect(fs.readFileSync(file, "utf8")).toMatch(/FEATURE_FLAG: "yes"\n\s+API_VERSION: "1.10"/);
  });

  test("an import id for every importable resource, in the provider's formats", () => {
    // No release: the first up's config change cuts a release before the import would read one,
    // and the engine refuses to replace an imported resource (src/adopt/to-stack.ts).
    expect(entries(file).deploy).not.toHaveProperty("description");
    expect(entries(file).import).toEqual({
      app: WEB.id,
      coupling: WEB.coupling,
      formation: { web: `${WEB.id}:web`, worker: `${WEB.id}:worker` },
      addons: { database: WEB.addon },
      domains: {
        "www.acme.test": `${WEB.id}:${WEB.domains[0]}`,
        "api.acme.test": `${WEB.id}:${WEB.domains[1]}`,
      },
      drains: { papertrailapp: `${WEB.id}:${WEB.drain}:sensitive` },
      features: {
        preboot: `${WEB.id}:preboot`,
        "runtime-dyno-metadata": `${WEB.id}:runtime-dyno-metadata`,
      },
    });
  });

  test("no credential in the file or the output; the exact command to set each one", () => {
    const written = fs.readFileSync(file, "utf8");
    for (const value of [...Object.values(CREDENTIALS), API_KEY, "addon-token-not-copied"]) {
      expect(written).not.toContain(value);
      expect(run.out + run.err).not.toContain(value);
    }
    const commands = run.out
      .split("\n")
      .filter((line) => line.trim().startsWith("pulumi config set"));
    expect(commands.map((line) => line.trim())).toEqual([
      "pulumi config set --secret --path 'sensitiveVars.STRIPE_API_KEY' --stack acme",
      "pulumi config set --secret --path 'sensitiveVars.SENTRY_DSN' --stack acme",
      "pulumi config set --secret --path 'drains.papertrailapp' --stack acme",
    ]);
    expect(run.out).toContain("DATABASE_URL (from add-on postgresql-rigid-12345)");
    expect(run.out).toContain("PAPERTRAIL_API_TOKEN (from add-on papertrail-shared-777)");
    expect(run.out).toMatch(/add-on papertrail-shared-777: attached from the app acme-logging/);
    expect(run.out).toMatch(/log drain of add-on papertrail-shared-777: the add-on owns it/);
  });

  test("until the drain's URL is set, the plan refuses the drain's import id, naming the command", async () => {
    const failure = await plan(file).catch((error: unknown) => error);
    const problems = (failure as { cause?: { problems?: string[] } }).cause?.problems ?? [];
    expect(problems).toEqual([
      expect.stringContaining(
        "heroku-app:import.drains.papertrailapp: drain \"papertrailapp\" has no URL yet: set it with `pulumi config set --secret --path 'drains.papertrailapp' --stack acme`",
      ),
    ]);
  });

  test("once the secrets are set, it plans offline with an import id on every importable resource, the release created", async () => {
    const copy = stackFile(scratch("adopted-"), "acme");
    fs.copyFileSync(file, copy);
    setSecretsAsTheCliDoes(copy, [
      "sensitiveVars.STRIPE_API_KEY",
      "sensitiveVars.SENTRY_DSN",
      "drains.papertrailapp",
    ]);
    const report = await plan(copy);
    const json = planToJson(report);
    const imports = Object.fromEntries(
      json.resources.filter((resource) => resource.import !== null).map((r) => [r.name, r.import]),
    );
    expect(imports).toEqual({
      "heroku-app": WEB.id,
      "heroku-formation-web": `${WEB.id}:web`,
      "heroku-formation-worker": `${WEB.id}:worker`,
      "heroku-addon-database": WEB.addon,
      "heroku-domain-www-acme-test": `${WEB.id}:${WEB.domains[0]}`,
      "heroku-domain-api-acme-test": `${WEB.id}:${WEB.domains[1]}`,
      "heroku-drain-papertrailapp": `${WEB.id}:${WEB.drain}:sensitive`,
      "heroku-feature-preboot": `${WEB.id}:preboot`,
      "heroku-feature-runtime-dyno-metadata": `${WEB.id}:runtime-dyno-metadata`,
      "heroku-coupling": WEB.coupling,
    });
    // Created, not imported: the config vars (the provider has no import), the generated session
    // secret, and a new release of the running slug; nothing else.
    const created = json.resources.filter(
      (resource) => resource.custom && resource.import === null,
    );
    expect(created.map((resource) => resource.type).sort()).toEqual([
      "heroku:app/configAssociation:ConfigAssociation",
      "heroku:app/release:Release",
      "pulumi:pulumi:StackReference",
      "random:index/randomPassword:RandomPassword",
    ]);
    const byName = (name: string) => json.resources.find((resource) => resource.name === name);
    expect(byName("heroku-app")?.inputs).toMatchObject({ name: "acme-web", region: "us" });
    expect(byName("heroku-addon-database")?.inputs).toMatchObject({
      name: "postgresql-rigid-12345",
    });
    expect(byName("heroku-release")?.inputs).toMatchObject({
      slugId: WEB.slug,
      description: `Release pinned slug ${WEB.slug}`,
    });
    const tree = renderTree(report);
    expect(tree).toContain(`import id: ${WEB.id}:web`);
    expect(tree.split("\n")[0]).toMatch(/, 10 to import$/);
    for (const value of Object.values(CREDENTIALS))
      expect(tree + JSON.stringify(json)).not.toContain(value);
  });
});

describe("a team app in a pipeline", () => {
  let run: Awaited<ReturnType<typeof adopt>>;
  let file: string;
  beforeAll(async () => {
    heroku.requests.length = 0;
    run = await adopt([API.id, "--stack", "acme-staging"]);
    file = stackFile(run.projectDir, "acme-staging");
  });

  test("is read by its id; its team, region, stack and stage are the stack's", () => {
    expect(run.status).toBe(0);
    expect(heroku.requests[0].path).toBe(`/apps/${API.id}`);
    expect(entries(file)).toMatchObject({
      appName: "acme-api",
      team: "acme-corp",
      region: "eu",
      stack: "heroku-22",
      stage: "staging",
      formation: { web: { quantity: 1, size: "basic" }, worker: { quantity: 1, size: "basic" } },
      domains: API_DOMAINS,
    });
    expect(entries(file).protect).toBeUndefined();
    expect(entries(file).features).toBeUndefined(); // its only feature is off
  });

  test("pages through five domains two at a time, each page from the previous Next-Range", () => {
    const pages = heroku.requests.filter((request) => request.path.endsWith("/domains"));
    expect(pages.map((request) => request.range)).toEqual([
      undefined,
      "id ]00000000-0000-4000-8000-000000000231..; max=200",
      "id ]00000000-0000-4000-8000-000000000233..; max=200",
    ]);
    expect(Object.keys((entries(file).import as { domains: object }).domains)).toEqual(API_DOMAINS);
  });

  test("staging owns the pipeline: it is imported with the coupling, and its rename is announced", async () => {
    expect(entries(file).import).toMatchObject({ pipeline: API.pipeline, coupling: API.coupling });
    expect(run.out).toContain('pipeline: renamed "acme-pipeline" → "heroku-app"');
    // Nothing to set by hand: it plans at once.
    expect(run.out).not.toContain("pulumi config set");
    const json = planToJson(await plan(file));
    const pipeline = json.resources.find((resource) => resource.name === "heroku-pipeline");
    expect(pipeline?.import).toBe(API.pipeline);
    const app = json.resources.find((resource) => resource.name === "heroku-app");
    expect(app?.inputs.organization).toEqual({ name: "acme-corp" });
    expect(json.warnings.join("\n")).toContain("heroku-22");
  });

  test("--stage overrides the coupling's stage; the coupling is then not imported, and says why", async () => {
    const { status, out, projectDir } = await adopt([
      "acme-api",
      "--stack",
      "acme-dev",
      "--stage",
      "development",
    ]);
    expect(status).toBe(0);
    const config = entries(stackFile(projectDir, "acme-dev"));
    expect(config.stage).toBe("development");
    expect(config.import).not.toHaveProperty("coupling");
    expect(config.import).not.toHaveProperty("pipeline");
    expect(out).toContain("remove it first (heroku pipelines:remove)");
  });
});

describe("an app that doesn't fit the program everywhere", () => {
  test("says what it leaves out and what the first up changes, and still plans", async () => {
    const { status, out, projectDir } = await adopt(["acme-legacy", "--stack", "legacy"]);
    expect(status).toBe(0);
    const file = stackFile(projectDir, "legacy");
    const config = entries(file);
    expect(config).toMatchObject({
      stack: "heroku-24",
      stage: "staging",
      deploy: { build: true },
      formation: { web: { quantity: 1, size: "basic" } },
    });
    expect(config.import).toEqual({
      app: acmeLegacy.app.id,
      formation: { web: `${acmeLegacy.app.id}:web` },
    });
    expect(config.configVars).toBeUndefined();
    for (const expected of [
      "formation clock=1:basic: app/Procfile has no clock, so this stack doesn't manage it",
      "formation worker: in app/Procfile, but the app's release declares no worker process",
      "BAD-NAME (not a name this program accepts)",
      "HEROKU_APP_ID (set by Heroku)",
      "stack: heroku-20 → heroku-24",
      "coupling: the app is in no pipeline; the first up couples it at stage staging",
      "release: the app was never deployed; the first up builds app/",
      "config var SESSION_SECRET: the program generates its own",
      "buildpacks: none set (detected at build) → heroku/nodejs",
    ]) {
      expect(out).toContain(expected);
    }
    expect(out).not.toContain("legacy-session-secret-value");
    expect(fs.readFileSync(file, "utf8")).not.toContain("legacy-session-secret-value");
    const json = planToJson(await plan(file));
    expect(
      json.resources.filter((resource) => resource.import !== null).map((r) => r.name),
    ).toEqual(["heroku-app", "heroku-formation-web"]);
  });
});

describe("an app the program's rules refuse as it runs", () => {
  test("the file is written, and adopt exits 1 listing what stops it from planning", async () => {
    const odd = {
      app: { ...acmeApi.app, id: "00000000-0000-4000-8000-000000000900", name: "acme-odd" },
      paths: {
        ...acmeApi.paths,
        features: [{ id: "00000000-0000-4000-8000-000000000901", name: "preboot", enabled: true }],
      },
    };
    const server = await startFakeHerokuApi([odd], { apiKey: API_KEY });
    try {
      const { status, out, err, projectDir } = await adopt(["acme-odd", "--stack", "odd"], {
        env: { HEROKU_API_KEY: API_KEY, HEROKU_API_URL: server.url },
      });
      expect(status).toBe(1);
      expect(out).toContain("adopt: acme-odd → Pulumi.odd.yaml");
      expect(err).toBe(
        "adopt: acme-odd: written, but it won't plan until these are fixed:\n" +
          `  - Pulumi.odd.yaml: heroku-app:features.preboot: preboot needs Standard or Performance web dynos, and web is "basic"\n`,
      );
      expect(entries(stackFile(projectDir, "odd")).features).toEqual({ preboot: true });
    } finally {
      await server.close();
    }
  });
});

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

describe("errors: one line naming the app, no file, never the key", () => {
  const cases: [string, () => Promise<Awaited<ReturnType<typeof adopt>>>, RegExp][] = [
    [
      "401: a bad key",
      () =>
        adopt(["acme-web", "--stack", "x"], {
          env: { HEROKU_API_KEY: "wrong-key-123", HEROKU_API_URL: heroku.url },
        }),
      /^adopt: acme-web: Heroku rejected the API key \(401 Unauthorized: unauthorized\); check HEROKU_API_KEY/,
    ],
    [
      "404: no such app",
      () => adopt(["acme-nope", "--stack", "x"]),
      /^adopt: acme-nope: Heroku has no such app \(404 Not Found: not_found\); check the name or id/,
    ],
    [
      "no key at all",
      () => adopt(["acme-web", "--stack", "x"], { env: { HEROKU_API_URL: heroku.url } }),
      /^adopt: acme-web: HEROKU_API_KEY is not set/,
    ],
  ];
  test.each(cases)("%s", async (_name, run, message) => {
    const { status, out, err, projectDir } = await run();
    expect(status).toBe(1);
    expect(out).toBe("");
    expect(err).toMatch(message);
    expect(err.trimEnd().split("\n")).toHaveLength(1);
    expect(err).not.toContain("wrong-key-123");
    expect(err).not.toContain(API_KEY);
    expect(written(projectDir)).toEqual([]);
  });

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

describe("the stack file", () => {
  test("is never overwritten: an existing one stops adopt before any request", async () => {
    const projectDir = scratch("existing-");
    const existing = stackFile(projectDir, "acme");
    fs.writeFileSync(existing, "config: {}\n");
    heroku.requests.length = 0;
    const { status, err } = await adopt(["acme-web", "--stack", "acme"], { projectDir });
    expect(status).toBe(1);
    expect(err).toBe(
      "adopt: acme-web: Pulumi.acme.yaml already exists; adopt writes a new stack file only (choose another --stack, or move that file away)\n",
    );
    expect(fs.readFileSync(existing, "utf8")).toBe("config: {}\n");
    expect(heroku.requests).toEqual([]);
  });

  test("--done drops the import ids and keeps the rest; the plan then imports nothing", async () => {
    const { projectDir } = await adopt(["acme-api", "--stack", "done"]);
    const file = stackFile(projectDir, "done");
    const before = entries(file);
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (text: string) => out.push(text), err: (text: string) => err.push(text) };
    expect(await runAdoptCommand(["--done", "done"], io, { projectDir })).toBe(0);
    expect(out.join("")).toContain("Pulumi.done.yaml: import ids dropped");
    const after = entries(file);
    const { import: dropped, ...kept } = before;
    expect(dropped).toBeDefined();
    expect(after).toEqual(kept);
    expect(fs.readFileSync(file, "utf8")).toContain("# Adopted from the Heroku app acme-api");
    expect(fs.readFileSync(file, "utf8")).not.toContain("--done");
    const json = planToJson(await plan(file));
    expect(json.resources.every((resource) => resource.import === null)).toBe(true);
    // Once more: nothing to drop, and a stack with no file, are errors.
    expect(await runAdoptCommand(["--done", "done"], io, { projectDir })).toBe(1);
    expect(await runAdoptCommand(["--done", "nope"], io, { projectDir })).toBe(1);
    expect(err.join("")).toBe(
      "adopt: --done: Pulumi.done.yaml has no import ids (nothing to drop)\n" +
        "adopt: --done: Pulumi.nope.yaml: no such stack file\n",
    );
  });
});

describe("the command line", () => {
  test("bad arguments exit 2 with the usage, before any request", async () => {
    heroku.requests.length = 0;
    for (const argv of [
      [],
      ["acme-web"],
      ["acme-web", "--stack", "bad name"],
      ["acme-web", "other", "--stack", "x"],
      ["acme-web", "--stack", "x", "--stage", "qa"],
      ["acme-web", "--done", "x"],
      ["--nope"],
    ]) {
      const { status, err } = await adopt(argv);
      expect({ argv, status }).toEqual({ argv, status: 2 });
      expect(err).toContain("usage: npm run adopt");
    }
    expect(heroku.requests).toEqual([]);
  });

  test("npm run adopt runs as a process: the file written where --dir says, exit 0", async () => {
    const dir = scratch("process-");
    // Asynchronously: the API server answers from this very process.
    const child = await new Promise<{ code: unknown; stdout: string; stderr: string }>((done) =>
      execFile(
        process.execPath,
        [...TYPESCRIPT_NODE_ARGS, path.join(PROJECT_DIR, "tools", "adopt.ts"), "acme-api"].concat([
          "--stack",
          "proc",
          "--dir",
          dir,
        ]),
        { env: { ...process.env, HEROKU_API_KEY: API_KEY, HEROKU_API_URL: heroku.url } },
        (error, stdout, stderr) => done({ code: error?.code ?? 0, stdout, stderr }),
      ),
    );
    expect({ code: child.code, stderr: child.stderr }).toEqual({ code: 0, stderr: "" });
    expect(child.stdout).toContain("adopt: acme-api → Pulumi.proc.yaml");
    expect(entries(stackFile(dir, "proc")).appName).toBe("acme-api");
  }, 60_000);
});
