import * as fs from "fs";
import * as path from "path";
import type { AppRecord } from "../../src/sandbox/api/records";
import type { DynoRuntime } from "../../src/sandbox/dynos/runtime";
import { EngineSandbox, expectSuccess } from "../support/engine-sandbox";
import { copyProject } from "../support/project-copy";
import { postgresBinDir } from "../support/postgres";
import { isAlive, waitUntil } from "../support/processes";

/**
 * The sandbox runs what it releases, through the real engine and providers: a real build of app/
 * (npm ci, dev dependencies pruned), the release phase against a real PostgreSQL, the formation
 * behind the app's router on its web_url, a task posted to web done by the worker; changes act
 * (config, scale, a crash restarted, a failed release phase keeping the old release); the API's
 * stop and start; production running staging's slug; staging destroyed leaving nothing.
 */

/** Heroku's timings, shortened where a test would wait them out. */
export const TEST_TIMINGS = {
  crashBackoffMs: 300,
  maxCrashBackoffMs: 2_000,
  graceMs: 5_000,
  bootTimeoutMs: 30_000,
};

let sandbox: EngineSandbox;
beforeAll(async () => {
  postgresBinDir(); // installs the server if it must and may
  sandbox = await EngineSandbox.start(
    { staging: "Pulumi.staging.yaml", production: "Pulumi.production.yaml" },
    { dynos: TEST_TIMINGS },
  );
}, 300_000);
afterAll(async () => {
  await sandbox?.close();
});
afterEach(() => expect(sandbox.api.problems).toEqual([]));

const platform = () => sandbox.api.platform;
const runtime = () => platform().runtime as DynoRuntime;
const appNamed = (name: unknown) => platform().state.apps.find((app) => app.name === name);
const dynos = (app: AppRecord) => runtime().dynos(app);
const logText = (app: AppRecord) =>
  platform()
    .logs.lines(app.id)
    .map((line) => `${line.source}[${line.dyno}]: ${line.text}`)
    .join("\n");

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Every dyno of the app up, on the current release. */
function allUp(app: AppRecord, count: number) {
  const current = platform().render.currentRelease(app)?.version;
  const all = dynos(app);
  return all.length === count && all.every((d) => d.state === "up" && d.releaseVersion === current)
    ? all
    : undefined;
}

let staging: AppRecord;
let webUrl: string;

test("up staging from nothing leaves the app running: its page at webUrl, a task done by the worker against the add-on's database", async () => {
  expectSuccess(await sandbox.up("staging"));
  const outputs = await sandbox.outputs("staging");
  staging = appNamed(outputs.appName) as AppRecord;
  webUrl = outputs.webUrl as string;
  expect(webUrl).toBe(`http://127.0.0.1:${staging.webPort}/`);

  const build = platform().state.builds.find((candidate) => candidate.appId === staging.id);
  const buildLog = build?.log.join("\n") ?? "";
  expect(buildLog).toMatch(/-----> Installing dependencies/);
  expect(buildLog).toMatch(/-----> Pruning devDependencies/);
  expect(buildLog).toMatch(/Procfile declares types -> web, worker, release/);
  const slugDir = platform().store.blobPath(`slug-${build?.slugId}`);
  expect(fs.existsSync(path.join(slugDir, "node_modules", "express", "package.json"))).toBe(true);

  await waitFor("web.1 and worker.1 up", () => allUp(staging, 2));
  const page = await fetch(webUrl);
  expect(page.status).toBe(200);
  const about = (await page.json()) as Record<string, unknown>;
  const release = platform().render.currentRelease(staging);
  expect(about).toMatchObject({
    app: staging.name,
    dyno: "web.1",
    release: `v${release?.version}`,
  });

  const posted = await fetch(new URL("/tasks", webUrl), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ text: "hello from the sandbox" }),
  });
  expect(posted.status).toBe(202);
  const task = (await posted.json()) as { id: number };
  const done = await waitFor("the worker to finish the task", async () => {
    const answer = (await (await fetch(new URL(`/tasks/${task.id}`, webUrl))).json()) as {
      status: string;
      worker?: string;
    };
    return answer.status === "done" ? answer : undefined;
  });
  expect(done).toMatchObject({ status: "done" });
  const log = logText(staging);
  expect(log).toMatch(
    /heroku\[router\]: at=info method=POST path="\/tasks" .*dyno=web\.1 .*status=202/,
  );
  expect(log).toMatch(/app\[worker\.1\]: .*task done/);
  expect(log).toMatch(/app\[release\.\d{4}\]: /);
}, 300_000);

const FIXTURE = fs.readFileSync(
  path.join(__dirname, "..", "fixtures", "Pulumi.staging.yaml"),
  "utf8",
);

test("a config change cuts a release and restarts every dyno on it", async () => {
  const before = allUp(staging, 2) ?? [];
  sandbox.writeStack("staging", FIXTURE.replace("LOG_LEVEL: debug", "LOG_LEVEL: info"));
  expectSuccess(await sandbox.up("staging"));
  const release = platform().render.currentRelease(staging);
  expect(release?.config.LOG_LEVEL).toBe("info");
  const after = await waitFor("the dynos on the new release", () => allUp(staging, 2));
  expect(after.map((dyno) => dyno.id)).not.toEqual(expect.arrayContaining(before.map((d) => d.id)));
  for (const dyno of before) expect(isAlive(dyno.pid)).toBe(false);
  expect(logText(staging)).toMatch(/heroku\[web\.1\]: Stopping all processes with SIGTERM/);
}, 180_000);

test("a formation change stops and starts dynos", async () => {
  sandbox.writeStack("staging", FIXTURE.replace(/(worker:\n\s+)quantity: 1/, "$1quantity: 0"));
  expectSuccess(await sandbox.up("staging"));
  expect((await waitFor("web.1 alone", () => allUp(staging, 1))).map((d) => d.name)).toEqual([
    "web.1",
  ]);
  sandbox.writeStack("staging", FIXTURE);
  expectSuccess(await sandbox.up("staging"));
  await waitFor("web.1 and worker.1 again", () => allUp(staging, 2));
  expect(logText(staging)).toMatch(/heroku\[worker\.1\]: State changed from up to down/);
}, 240_000);

test("a crashed dyno is started again: at once, then after a cool-off", async () => {
  const worker = () => dynos(staging).find((dyno) => dyno.name === "worker.1");
  const first = worker()?.pid;
  process.kill(first as number, "SIGKILL");
  const second = await waitFor("worker.1 started again", () => {
    const now = worker();
    return now?.state === "up" && now.pid !== first ? now.pid : undefined;
  });
  process.kill(second as number, "SIGKILL");
  await waitFor("worker.1 crashed, waiting its cool-off", () =>
    worker()?.state === "crashed" ? true : undefined,
  );
  await waitFor("worker.1 up after the cool-off", () =>
    worker()?.state === "up" && worker()?.pid !== second ? true : undefined,
  );
  const log = logText(staging);
  expect(log).toMatch(/heroku\[worker\.1\]: Process exited by SIGKILL/);
  expect(log).toMatch(/heroku\[worker\.1\]: State changed from up to crashed/);
  expect(log).toMatch(/heroku\[worker\.1\]: Crashed 2 times in a row: starting it again in 0\.3 s/);
}, 120_000);

/** `up staging` from a copy of the project whose app/ was edited. */
async function upWithApp(purpose: string, edit: (appDir: string) => void) {
  const copy = copyProject(purpose, {});
  try {
    edit(path.join(copy.dir, "app"));
    return await sandbox.pulumi(
      "staging",
      ["up", "--yes", "--skip-preview"],
      sandbox.withProgram(copy.dir),
    );
  } finally {
    fs.rmSync(copy.dir, { recursive: true, force: true });
  }
}

test("a source that doesn't build fails its build, the log's tail in the engine's error; the app keeps running", async () => {
  const running = allUp(staging, 2)?.map((dyno) => dyno.id);
  const result = await upWithApp("engine-failing-build", (app) => {
    const manifest = JSON.parse(fs.readFileSync(path.join(app, "package.json"), "utf8"));
    manifest.scripts.build =
      "echo compiling the assets && echo 'assets: syntax error' >&2 && exit 3";
    fs.writeFileSync(path.join(app, "package.json"), JSON.stringify(manifest, null, 2));
  });
  expect(result.status).not.toBe(0);
  const said = result.stdout + result.stderr;
  expect(said).toMatch(/Running build/);
  expect(said).toMatch(/assets: syntax error/);
  expect(said).toMatch(/`npm run build` exited with status 3/);
  const builds = platform().state.builds.filter((build) => build.appId === staging.id);
  expect(builds[builds.length - 1].status).toBe("failed");
  expect(allUp(staging, 2)?.map((dyno) => dyno.id)).toEqual(running);
}, 240_000);

test("a release phase that fails leaves its release failed and the previous one running", async () => {
  const previous = platform().render.currentRelease(staging);
  const running = allUp(staging, 2)?.map((dyno) => dyno.id);
  await upWithApp("engine-failing-release", (app) => {
    fs.writeFileSync(
      path.join(app, "src", "release.js"),
      'console.error("migration 42 failed: relation already exists"); process.exit(1);\n',
    );
  });
  const releases = platform()
    .releasesOf(staging)
    .sort((a, b) => b.version - a.version);
  expect(releases[0]).toMatchObject({ status: "failed" });
  expect(releases[0].log.join("\n")).toMatch(/migration 42 failed/);
  expect(platform().render.currentRelease(staging)?.id).toBe(previous?.id);
  expect(allUp(staging, 2)?.map((dyno) => dyno.id)).toEqual(running);
  expect((await fetch(webUrl)).status).toBe(200);

  expectSuccess(await sandbox.up("staging")); // this checkout's app/ again: built and released
  await waitFor("the dynos on the new release", () => allUp(staging, 2));
}, 300_000);

test("the API's stop stops the dynos and the database; its start brings them back, data and all", async () => {
  const pids = [...dynos(staging).map((dyno) => dyno.pid), ...runtime().databasePids()];
  await sandbox.restartApi(TEST_TIMINGS);
  for (const pid of pids) expect(isAlive(pid)).toBe(false);
  staging = appNamed(staging.name) as AppRecord;
  await waitFor("web.1 and worker.1 back", () => allUp(staging, 2));
  const task = (await (await fetch(new URL("/tasks/1", webUrl))).json()) as { status: string };
  expect(task.status).toBe("done");
}, 180_000);

test("up production runs staging's slug with production's formation and a database of its own", async () => {
  expectSuccess(await sandbox.up("production"));
  const outputs = await sandbox.outputs("production");
  const production = appNamed(outputs.appName) as AppRecord;
  const running = await waitFor("web.1, web.2 and worker.1", () => allUp(production, 3));
  expect(running.map((dyno) => `${dyno.name}:${dyno.size}`).sort()).toEqual([
    "web.1:Standard-1X",
    "web.2:Standard-1X",
    "worker.1:Standard-1X",
  ]);
  const slug = (app: AppRecord) => platform().render.currentSlug(app)?.id;
  expect(slug(production)).toBe(slug(staging));
  const served = new Set<string>();
  for (let request = 0; request < 4; request++) {
    served.add(((await (await fetch(outputs.webUrl as string)).json()) as { dyno: string }).dyno);
  }
  expect([...served].sort()).toEqual(["web.1", "web.2"]); // the router spreads requests
  expect(production.config.DATABASE_URL).not.toBe(staging.config.DATABASE_URL);
  const page = await fetch(outputs.webUrl as string);
  expect(((await page.json()) as { app: string }).app).toBe(production.name);
}, 240_000);

test("destroying staging leaves no process and no database of it; production runs on", async () => {
  const pids = dynos(staging).map((dyno) => dyno.pid);
  const databasesBefore = runtime().databasePids();
  const stagingData = Object.entries(runtime().databaseDirs()).find(
    ([addonId]) =>
      platform().state.addons.find((addon) => addon.id === addonId)?.appId === staging.id,
  )?.[1] as string;
  expect(fs.existsSync(stagingData)).toBe(true);
  expectSuccess(await sandbox.pulumi("staging", ["destroy", "--yes", "--skip-preview"]));
  await waitUntil("staging's dynos to end", () => pids.every((pid) => !isAlive(pid)), 30_000);
  const gone = databasesBefore.filter((pid) => !runtime().databasePids().includes(pid));
  expect(gone).toHaveLength(1);
  await waitUntil("staging's database to end", () => gone.every((pid) => !isAlive(pid)), 30_000);
  expect(fs.existsSync(stagingData)).toBe(false);
  expect(Object.keys(runtime().databaseDirs())).toHaveLength(1); // production's
  await expect(fetch(webUrl)).rejects.toThrow();
  const production = await sandbox.outputs("production");
  expect((await fetch(production.webUrl as string)).status).toBe(200);
}, 180_000);

test("a protected stack's destroy is refused: its dynos and its database run on", async () => {
  const production = appNamed((await sandbox.outputs("production")).appName) as AppRecord;
  const running = dynos(production).map((dyno) => dyno.pid);
  const databases = runtime().databasePids();
  const refused = await sandbox.pulumi("production", ["destroy", "--yes", "--skip-preview"]);
  expect(refused.status).not.toBe(0);
  expect(refused.stdout + refused.stderr).toMatch(/protect/);
  expect(dynos(production).map((dyno) => dyno.pid)).toEqual(running);
  for (const pid of [...running, ...databases]) expect(isAlive(pid)).toBe(true);
}, 120_000);
