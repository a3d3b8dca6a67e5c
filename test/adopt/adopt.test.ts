import * as fs from "fs";
import * as path from "path";
import { parse, parseDocument } from "yaml";
import { runAdoptCommand } from "../../src/adopt/command";
import type { AdoptContext } from "../../src/adopt/command";
import { planToJson, renderTree } from "../../src/plan/render";
import { planReport } from "../../src/plan/report";
import { RecordsOnlyRuntime } from "../../src/sandbox/api/runtime";
import { startSandboxApi } from "../../src/sandbox/api/server";
import type { SandboxApi } from "../../src/sandbox/api/server";
import { loadProgram } from "../support/harness";
import { CREDENTIALS } from "../support/heroku-apps";
import { scratchDirs } from "../support/scratch";
import { seedApp } from "../support/seed-app";
import type { SeededApp } from "../support/seed-app";

/**
 * `npm run adopt` against the sandbox's Platform API, on apps seeded through its own routes as
 * the Heroku CLI and `git push` leave them: the stack file it writes describes the live app,
 * imports every importable resource, plans offline with the real program, and holds no
 * credential. What the sandbox can't seed faithfully (paging two to a page, an add-on attached
 * from another app, an end-of-life stack, a var name Heroku refuses, 429/403/5xx) is in
 * fake-api.test.ts; a misbehaving API in hostile.test.ts; `npm run adopt` as its own process in
 * process.test.ts.
 */

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

let api: SandboxApi;
/** The apps as seeded: their ids, and the ids of their parts. */
let web: SeededApp;
let team: SeededApp;
let legacy: SeededApp;

beforeAll(async () => {
  api = await startSandboxApi({
    dir: path.join(scratchDir("adopt-api-"), "api"),
    runtime: new RecordsOnlyRuntime(0),
  });
  // A personal app on Standard dynos, in production: every part, and credentials.
  web = await seedApp(api, {
    name: "acme-web",
    region: "us",
    stack: "heroku-24",
    pipeline: { name: "acme", stage: "production" },
    buildpacks: ["heroku/nodejs"],
    config: {
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      WEB_CONCURRENCY: "2",
      FEATURE_FLAG: "yes",
      API_VERSION: "1.10",
      STRIPE_API_KEY: CREDENTIALS.STRIPE_API_KEY,
      SENTRY_DSN: CREDENTIALS.SENTRY_DSN,
    },
    addons: [{ plan: "heroku-postgresql:essential-1", name: "postgresql-rigid-12345" }],
    domains: ["www.acme.test", "api.acme.test"],
    drains: [CREDENTIALS.DRAIN_URL],
    features: ["preboot", "runtime-dyno-metadata"],
    push: "app",
    scale: {
      web: { quantity: 2, size: "standard-1x" },
      worker: { quantity: 1, size: "standard-1x" },
    },
  });
  // A team app on Basic dynos, staging in the team's pipeline.
  team = await seedApp(api, {
    name: "acme-api",
    team: "acme-corp",
    region: "eu",
    stack: "heroku-22",
    pipeline: { name: "acme-pipeline", stage: "staging" },
    buildpacks: ["heroku/nodejs"],
    config: { NODE_ENV: "staging" },
    domains: ["a.acme.test", "b.acme.test"],
    push: "app",
    scale: { web: { quantity: 1, size: "basic" }, worker: { quantity: 1, size: "basic" } },
  });
  // An old app: pushed with a clock process app/Procfile lacks and no worker, its own session
  // secret, no buildpack set, in no pipeline.
  legacy = await seedApp(api, {
    name: "acme-legacy",
    config: { SESSION_SECRET: "legacy-session-secret-value" },
    push: {
      Procfile: "web: node server.js\nclock: node clock.js\n",
      "package.json": '{ "name": "legacy", "private": true }\n',
      "server.js": "",
      "clock.js": "",
    },
    scale: { clock: { quantity: 1, size: "basic" } },
  });
  // `heroku create` and nothing since.
  await seedApp(api, { name: "acme-new" });
  // Preboot on a Basic web dyno: Heroku lets it be, the program doesn't.
  await seedApp(api, { name: "acme-odd", push: "app", features: ["preboot"] });
}, 60_000);
afterAll(() => api?.close());
afterEach(() => expect(api.problems).toEqual([]));

/** The requests made since forget(): adopt's, not the seeding's. */
const requests = () => api.requests;
const forget = () => (api.requests.length = 0);

async function adopt(argv: string[], context: AdoptContext = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const projectDir = context.projectDir ?? scratch("adopt-");
  const status = await runAdoptCommand(
    argv,
    { out: (text) => out.push(text), err: (text) => err.push(text) },
    {
      env: { HEROKU_API_KEY: api.key, HEROKU_API_URL: api.url },
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
const appNamed = (name: string) => api.platform.state.apps.find((app) => app.name === name);

describe("a personal app with every part", () => {
  let run: Awaited<ReturnType<typeof adopt>>;
  let file: string;
  beforeAll(async () => {
    forget();
    run = await adopt(["acme-web", "--stack", "acme"]);
    file = stackFile(run.projectDir, "acme");
  });

  test("reads the app and each part with one GET, each a link of the Platform API", () => {
    expect({ status: run.status, err: run.err }).toEqual({ status: 0, err: "" });
    expect(requests().every((request) => request.method === "GET")).toBe(true);
    // Each the Platform API's link it matched (placeholders as `{}`).
    expect(requests().map((request) => request.route?.replace(/\{[^}]+\}/g, "{}"))).toEqual([
      "GET /apps/{}",
      ...[
        "config-vars",
        "formation",
        "addons",
        "domains",
        "features",
        "log-drains",
        "pipeline-couplings",
        "releases",
        "buildpack-installations",
      ].map((part) => `GET /apps/{}/${part}`),
    ]);
    expect(requests()[1].path).toBe(`/apps/${web.id}/config-vars`);
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
      deploy: { slugId: web.slugId },
      formation: {
        web: { quantity: 2, size: "standard-1x" },
        worker: { quantity: 1, size: "standard-1x" },
      },
      addons: {
        database: { plan: "heroku-postgresql:essential-1", name: "postgresql-rigid-12345" },
      },
      features: { preboot: true, "runtime-dyno-metadata": true },
    });
    // In the order Heroku lists them (by id).
    expect((config.domains as string[]).sort()).toEqual(["api.acme.test", "www.acme.test"]);
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
      app: web.id,
      coupling: web.coupling?.id,
      formation: { web: `${web.id}:web`, worker: `${web.id}:worker` },
      addons: { database: web.addons[0].id },
      domains: {
        "www.acme.test": `${web.id}:${web.domains[0].id}`,
        "api.acme.test": `${web.id}:${web.domains[1].id}`,
      },
      drains: { papertrailapp: `${web.id}:${web.drains[0].id}:sensitive` },
      features: {
        preboot: `${web.id}:preboot`,
        "runtime-dyno-metadata": `${web.id}:runtime-dyno-metadata`,
      },
    });
  });

  test("no credential in the file or the output; the exact command to set each one", () => {
    const text = fs.readFileSync(file, "utf8");
    const databaseUrl = appNamed("acme-web")?.config.DATABASE_URL as string;
    expect(databaseUrl).toMatch(/^postgres:\/\/[^:]+:[^@]+@/);
    for (const value of [...Object.values(CREDENTIALS), api.key, databaseUrl]) {
      expect(text).not.toContain(value);
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
      "heroku-app": web.id,
      "heroku-formation-web": `${web.id}:web`,
      "heroku-formation-worker": `${web.id}:worker`,
      "heroku-addon-database": web.addons[0].id,
      "heroku-domain-www-acme-test": `${web.id}:${web.domains[0].id}`,
      "heroku-domain-api-acme-test": `${web.id}:${web.domains[1].id}`,
      "heroku-drain-papertrailapp": `${web.id}:${web.drains[0].id}:sensitive`,
      "heroku-feature-preboot": `${web.id}:preboot`,
      "heroku-feature-runtime-dyno-metadata": `${web.id}:runtime-dyno-metadata`,
      "heroku-coupling": web.coupling?.id,
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
      slugId: web.slugId,
      description: `Release pinned slug ${web.slugId}`,
    });
    const tree = renderTree(report);
    expect(tree).toContain(`import id: ${web.id}:web`);
    expect(tree.split("\n")[0]).toMatch(/, 10 to import$/);
    for (const value of Object.values(CREDENTIALS))
      expect(tree + JSON.stringify(json)).not.toContain(value);
  });
});

describe("a team app in a pipeline", () => {
  let run: Awaited<ReturnType<typeof adopt>>;
  let file: string;
  beforeAll(async () => {
    forget();
    run = await adopt([team.id, "--stack", "acme-staging"]);
    file = stackFile(run.projectDir, "acme-staging");
  });

  test("is read by its id; its team, region, stack and stage are the stack's", () => {
    expect(run.status).toBe(0);
    expect(requests()[0].path).toBe(`/apps/${team.id}`);
    expect(entries(file)).toMatchObject({
      appName: "acme-api",
      team: "acme-corp",
      region: "eu",
      stack: "heroku-22",
      stage: "staging",
      formation: { web: { quantity: 1, size: "basic" }, worker: { quantity: 1, size: "basic" } },
    });
    expect((entries(file).domains as string[]).sort()).toEqual(["a.acme.test", "b.acme.test"]);
    expect(entries(file).protect).toBeUndefined();
    expect(entries(file).features).toBeUndefined(); // every feature is off
  });

  test("staging owns the pipeline: it is imported with the coupling, and its rename is announced", async () => {
    expect(entries(file).import).toMatchObject({
      pipeline: team.coupling?.pipelineId,
      coupling: team.coupling?.id,
    });
    expect(run.out).toContain('pipeline: renamed "acme-pipeline" → "heroku-app"');
    // Nothing to set by hand: it plans at once.
    expect(run.out).not.toContain("pulumi config set");
    const json = planToJson(await plan(file));
    const pipeline = json.resources.find((resource) => resource.name === "heroku-pipeline");
    expect(pipeline?.import).toBe(team.coupling?.pipelineId);
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
      deploy: { slugId: legacy.slugId },
      formation: { web: { quantity: 1, size: "basic" } },
    });
    expect(config.import).toEqual({ app: legacy.id, formation: { web: `${legacy.id}:web` } });
    expect(config.configVars).toBeUndefined();
    for (const expected of [
      "formation clock=1:basic: app/Procfile has no clock, so this stack doesn't manage it",
      "formation worker: in app/Procfile, but the app's release declares no worker process",
      "coupling: the app is in no pipeline; the first up couples it at stage staging",
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

  test("an app never deployed (heroku create's v1 has no slug): the first up builds app/", async () => {
    const { status, out, projectDir } = await adopt(["acme-new", "--stack", "new"]);
    expect(status).toBe(0);
    expect(entries(stackFile(projectDir, "new")).deploy).toEqual({ build: true });
    expect(out).toContain(
      "release: the app was never deployed; the first up builds app/ and releases it",
    );
    // Not "can't scale it": the build brings every process type of app/Procfile.
    expect(out).toContain(
      "formation web: the app runs no web yet; the first up builds app/ and scales it as the file says",
    );
    expect(out).not.toContain("Couldn't find that process type");
  });
});

describe("an app the program's rules refuse as it runs", () => {
  test("the file is written, and adopt exits 1 listing what stops it from planning", async () => {
    const { status, out, err, projectDir } = await adopt(["acme-odd", "--stack", "odd"]);
    expect(status).toBe(1);
    expect(out).toContain("adopt: acme-odd → Pulumi.odd.yaml");
    expect(err).toBe(
      "adopt: acme-odd: written, but it won't plan until these are fixed:\n" +
        `  - Pulumi.odd.yaml: heroku-app:features.preboot: preboot needs Standard or Performance web dynos, and web is "basic"\n`,
    );
    expect(entries(stackFile(projectDir, "odd")).features).toEqual({ preboot: true });
  });
});

describe("errors: one line naming the app, no file, never the key", () => {
  const cases: [string, () => Promise<Awaited<ReturnType<typeof adopt>>>, RegExp][] = [
    [
      "401: a bad key",
      () =>
        adopt(["acme-web", "--stack", "x"], {
          env: { HEROKU_API_KEY: "wrong-key-123", HEROKU_API_URL: api.url },
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
      () => adopt(["acme-web", "--stack", "x"], { env: { HEROKU_API_URL: api.url } }),
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
    expect(err).not.toContain(api.key);
    expect(written(projectDir)).toEqual([]);
  });
});

describe("the stack file", () => {
  test("is never overwritten: an existing one stops adopt before any request", async () => {
    const projectDir = scratch("existing-");
    const existing = stackFile(projectDir, "acme");
    fs.writeFileSync(existing, "config: {}\n");
    forget();
    const { status, err } = await adopt(["acme-web", "--stack", "acme"], { projectDir });
    expect(status).toBe(1);
    expect(err).toBe(
      "adopt: acme-web: Pulumi.acme.yaml already exists; adopt writes a new stack file only (choose another --stack, or move that file away)\n",
    );
    expect(fs.readFileSync(existing, "utf8")).toBe("config: {}\n");
    expect(requests()).toEqual([]);
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
    forget();
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
    expect(requests()).toEqual([]);
  });
});
