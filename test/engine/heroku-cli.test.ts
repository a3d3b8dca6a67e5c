import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR } from "../../src/program/paths";
import type { AppRecord } from "../../src/sandbox/api/records";
import type { DynoRuntime } from "../../src/sandbox/dynos/runtime";
import { EngineSandbox, expectSuccess } from "../support/engine-sandbox";
import type { CliResult } from "../support/engine-sandbox";
import { HEROKU_CLI_INSTALL_TIMEOUT, HerokuCli, installHerokuCli } from "../support/heroku-cli";
import { postgresBinDir } from "../support/postgres";
import { copyProject } from "../support/project-copy";

/**
 * The real Heroku CLI (11.10.0) against the sandbox that `up staging` left running: apps,
 * apps:info, ps, ps:scale, ps:restart, config, config:set, releases, releases:rollback, logs
 * (--tail too), addons, domains, pipelines:info. Every request it makes matches a link of the
 * Platform API's schema (or the one documented exception) and every answer fits it: the sandbox's
 * problems stay empty. A ps:scale or a config:set of a declared var is drift that
 * `preview --refresh` (what `npm run sandbox -- preview staging --refresh` runs) reports.
 */

const TIMINGS = {
  // Long enough for `heroku ps` (about 2 s) to see a crashed dyno waiting to be started again.
  crashBackoffMs: 8_000,
  maxCrashBackoffMs: 16_000,
  graceMs: 5_000,
  bootTimeoutMs: 30_000,
};

let sandbox: EngineSandbox;
let cli: HerokuCli;
let app: AppRecord;
let webUrl: string;
beforeAll(async () => {
  postgresBinDir();
  await installHerokuCli();
  sandbox = await EngineSandbox.start({ staging: "Pulumi.staging.yaml" }, { dynos: TIMINGS });
  cli = new HerokuCli(() => sandbox.api);
  expectSuccess(await sandbox.up("staging"));
  const outputs = await sandbox.outputs("staging");
  app = platform().state.apps.find((candidate) => candidate.name === outputs.appName) as AppRecord;
  webUrl = outputs.webUrl as string;
  await waitFor("web.1 and worker.1 up", () => allUp(2));
}, HEROKU_CLI_INSTALL_TIMEOUT + 300_000);
const ROUTES_MD = path.join(PROJECT_DIR, "reference", "heroku-cli", "ROUTES.md");
afterAll(async () => {
  // Every route the CLI called is one the research (reference/heroku-cli/ROUTES.md) lists.
  const listed = new Set(
    [
      ...fs
        .readFileSync(ROUTES_MD, "utf8")
        .matchAll(
          /^\| ((?:GET|POST|PATCH|PUT|DELETE)(?:\/(?:GET|POST|PATCH|PUT|DELETE))*) (\/[^ ?|]*)/gm,
        ),
    ].flatMap(([, methods, href]) =>
      // `~` (the current user) is a placeholder's value, as the schema's href has it.
      methods.split("/").map((method) => `${method} ${href.replace(/\{[^}]+\}|~/g, "{}")}`),
    ),
  );
  const called = new Set(
    (sandbox?.api.requests ?? [])
      .filter((request) => request.agent?.startsWith("heroku-cli/") && request.route !== undefined)
      .map((request) => (request.route as string).replace(/\{[^}]+\}/g, "{}")),
  );
  cli?.close();
  await sandbox?.close();
  expect(called.size).toBeGreaterThan(10);
  expect([...called].filter((route) => !listed.has(route))).toEqual([]);
});
afterEach(() => expect(sandbox.api.problems).toEqual([]));

const platform = () => sandbox.api.platform;
const dynos = () => (platform().runtime as DynoRuntime).dynos(app);
const current = () => platform().render.currentRelease(app);
const newest = () =>
  Math.max(
    ...platform()
      .releasesOf(app)
      .map((release) => release.version),
  );

async function waitFor<T>(what: string, probe: () => T | undefined, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function allUp(count: number) {
  const all = dynos();
  return all.length === count &&
    all.every((d) => d.state === "up" && d.releaseVersion === current()?.version)
    ? all
    : undefined;
}

/** `heroku <args> -a <app>`, expected to succeed. */
async function heroku(...args: string[]): Promise<CliResult> {
  const result = await cli.run([...args, "-a", app.name]);
  if (result.status !== 0) {
    throw new Error(
      `heroku ${args.join(" ")} exited ${result.status}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result;
}

test("apps, apps:info and ps show the app and its running dynos", async () => {
  const apps = await cli.run(["apps"]);
  expect(apps.status).toBe(0);
  expect(apps.stdout).toContain(`=== ${platform().state.account.email} Apps`);
  expect(apps.stdout).toContain(app.name);

  const info = (await heroku("apps:info")).stdout;
  expect(info).toMatch(new RegExp(`Web URL:\\s+${webUrl.replace(/[.]/g, "\\.")}`));
  expect(info).toMatch(/Dynos:\s+(web: 1, worker: 1|worker: 1, web: 1)/); // in the list's order
  expect(info).toMatch(/Addons:\s+heroku-postgresql:essential-0/);
  expect(info).toMatch(/Pipeline:\s+heroku-app - staging/);

  const ps = (await heroku("ps")).stdout;
  expect(ps).toMatch(/=== web \(Basic\): node src\/server\.js \(1\)/);
  expect(ps).toMatch(/web\.1: up \d{4}\/\d\d\/\d\d/);
  expect(ps).toMatch(/=== worker \(Basic\): node src\/worker\.js \(1\)/);
  expect(ps).toMatch(/worker\.1: up /);
}, 60_000);

test("config:set of a declared var cuts a release that restarts the dynos, and is drift preview --refresh reports", async () => {
  expect((await heroku("config")).stdout).toMatch(/LOG_LEVEL:\s+debug/);
  const before = dynos().map((dyno) => dyno.id);
  const set = await heroku("config:set", "LOG_LEVEL=info");
  // The newest release: current once its release phase (run on a config change too) is done.
  const version = newest();
  expect(set.stderr).toContain(`Setting LOG_LEVEL and restarting ${app.name}... done, v${version}`);
  const after = await waitFor("the dynos on the new release", () =>
    current()?.version === version ? allUp(2) : undefined,
  );
  expect(after.map((dyno) => dyno.id)).not.toEqual(expect.arrayContaining(before));

  const drift = await sandbox.preview("staging", "--refresh", "--expect-no-changes", "--diff");
  expect(drift.status).not.toBe(0);
  expect(drift.stdout).toMatch(/LOG_LEVEL/);
  expect(drift.stdout).toMatch(/heroku-config/);

  expectSuccess(await sandbox.up("staging", "--refresh")); // `up` alone doesn't see drift
  expect(platform().store.app(app.id).config.LOG_LEVEL).toBe("debug");
}, 180_000);

test("ps:scale starts and stops dynos, and is drift preview --refresh reports", async () => {
  const scaled = await heroku("ps:scale", "worker=0");
  expect(scaled.stderr).toContain("Scaling dynos... done, now running worker at 0:Basic");
  await waitFor("worker.1 stopped", () => (dynos().length === 1 ? true : undefined));

  const drift = await sandbox.preview("staging", "--refresh", "--expect-no-changes", "--diff");
  expect(drift.status).not.toBe(0);
  expect(drift.stdout).toMatch(/heroku-formation-worker/);
  expect(drift.stdout).toMatch(/quantity/);

  expectSuccess(await sandbox.up("staging", "--refresh"));
  await waitFor("worker.1 back", () => allUp(2));
}, 180_000);

test("ps:restart restarts all dynos, a process type's or one dyno", async () => {
  const ids = () => Object.fromEntries(dynos().map((dyno) => [dyno.name, dyno.id]));
  await waitFor("all up", () => allUp(2));
  let before = ids();
  expect((await heroku("ps:restart")).stderr).toContain(
    `Restarting all dynos on ${app.name}... done`,
  );
  let after = ids();
  expect(after["web.1"]).not.toBe(before["web.1"]);
  expect(after["worker.1"]).not.toBe(before["worker.1"]);

  before = after;
  // DELETE /apps/{app}/formations/worker: not in the schema, served on purpose (server.ts).
  expect((await heroku("ps:restart", "--process-type", "worker")).stderr).toContain(
    `Restarting all worker dynos on ${app.name}... done`,
  );
  after = ids();
  expect(after["web.1"]).toBe(before["web.1"]);
  expect(after["worker.1"]).not.toBe(before["worker.1"]);

  before = after;
  expect((await heroku("ps:restart", "--dyno-name", "web.1")).stderr).toContain(
    `Restarting dyno web.1 on ${app.name}... done`,
  );
  after = ids();
  expect(after["web.1"]).not.toBe(before["web.1"]);
  expect(after["worker.1"]).toBe(before["worker.1"]);

  const missing = await cli.run(["ps:restart", "--dyno-name", "web.9", "-a", app.name]);
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain("Couldn't find that dyno.");
  await waitFor("all up again", () => allUp(2));
}, 120_000);

test("a dyno that keeps crashing: heroku ps says crashed while it cools off", async () => {
  const worker = () => dynos().find((dyno) => dyno.name === "worker.1");
  const first = worker()?.pid as number;
  process.kill(first, "SIGKILL");
  const second = await waitFor("worker.1 started again at once", () => {
    const now = worker();
    return now?.state === "up" && now.pid !== first ? now.pid : undefined;
  });
  process.kill(second as number, "SIGKILL");
  await waitFor("worker.1 crashed", () => (worker()?.state === "crashed" ? true : undefined));
  expect((await heroku("ps")).stdout).toMatch(/worker\.1: crashed \d{4}\//);
  await waitFor("worker.1 up after its cool-off", () => allUp(2), 30_000);
}, 90_000);

test("logs shows the dynos' and the router's lines; logs --tail streams new ones", async () => {
  await fetch(new URL("/health?probe=one", webUrl));
  const logs = (await heroku("logs", "-n", "200")).stdout;
  expect(logs).toMatch(/^\S+ app\[web\.1\]: /m);
  expect(logs).toMatch(
    /^\S+ heroku\[router\]: at=info method=GET path="\/health\?probe=one" .* status=200/m,
  );
  expect(logs).toMatch(/^\S+ app\[api\]: Release v\d+ created/m);

  const tail = cli.start(["logs", "--tail", "-a", app.name]);
  try {
    await waitFor("the tail to connect", () =>
      /app\[api\]/.test(tail.output().stdout) ? true : undefined,
    );
    await fetch(new URL("/health?probe=two", webUrl));
    await waitFor("the new request in the tail", () =>
      /heroku\[router\]: at=info method=GET path="\/health\?probe=two"/.test(tail.output().stdout)
        ? true
        : undefined,
    );
  } finally {
    await tail.stop();
  }
}, 90_000);

test("addons, domains and pipelines:info", async () => {
  const addons = (await heroku("addons")).stdout;
  expect(addons).toMatch(
    /heroku-postgresql \(heroku-addon-database-\w+\)\s+essential-0\s+free\s+free\s+created/,
  );
  expect(addons).toMatch(/└─ as DATABASE/);
  expect((await heroku("domains")).status).toBe(0);
  const pipeline = await cli.run(["pipelines:info", "heroku-app"]);
  expect(pipeline.status).toBe(0);
  expect(pipeline.stdout).toContain("=== heroku-app");
  expect(pipeline.stdout).toMatch(new RegExp(`${app.name}\\s+staging`));
}, 60_000);

test("releases lists them newest first; releases:rollback runs the old slug and its config", async () => {
  const page = async () =>
    (await (await fetch(webUrl)).json()) as { release: string; commit: string };
  const first = await page();
  const deploy = current();
  const copy = copyProject("engine-cli-second-build", {});
  try {
    fs.appendFileSync(path.join(copy.dir, "app", "src", "server.js"), "// a second build\n");
    expectSuccess(
      await sandbox.pulumi(
        "staging",
        ["up", "--yes", "--skip-preview"],
        sandbox.withProgram(copy.dir),
      ),
    );
  } finally {
    fs.rmSync(copy.dir, { recursive: true, force: true });
  }
  // `up` doesn't wait out the new release's release phase (nothing in the formation changed), and
  // until it succeeds the current release is still the first: its dynos would pass for the second.
  await waitFor("the second build's dynos", () =>
    (current()?.version ?? 0) > (deploy?.version ?? 0) ? allUp(2) : undefined,
  );
  const second = await page();
  expect(second.commit).not.toBe(first.commit);

  const releases = (await heroku("releases")).stdout;
  expect(releases).toMatch(
    new RegExp(`=== ${app.name} Releases - Current: v${current()?.version}`),
  );
  expect(releases.indexOf(`v${current()?.version} `)).toBeLessThan(
    releases.indexOf(`v${deploy?.version} `),
  );

  const rollback = await heroku("releases:rollback", `v${deploy?.version}`);
  const version = newest();
  expect(rollback.stderr).toContain(
    `Rolling back ${app.name} to v${deploy?.version}... done, v${version}`,
  );
  await waitFor("the dynos on the rollback", () =>
    current()?.version === version ? allUp(2) : undefined,
  );
  const rolledBack = await page();
  expect(rolledBack.commit).toBe(first.commit);
  expect(rolledBack.release).toBe(`v${current()?.version}`);
}, 240_000);
