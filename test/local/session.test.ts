import * as fs from "fs";
import * as path from "path";
import { busyPorts } from "../../src/local/preflight";
import { FIXTURES_DIR } from "../support/paths";
import { postgresBinDir, testCluster } from "../support/postgres";
import { isAlive, waitUntil } from "../support/processes";
import {
  START_TIMEOUT,
  answers,
  environOf,
  freeBasePort,
  get,
  killRunners,
  request,
  startRunner,
  waitFor,
} from "../support/runner";
import type { Runner } from "../support/runner";

/**
 * `npm run local` with real services, on the real app: a throwaway PostgreSQL for the stack's
 * Postgres add-on, the release phase first, the formation sharing work through the database,
 * and nothing left behind however the run ends (a signal, a failed release, a closed stdout,
 * the runner's own SIGKILL). Stacks come from test/fixtures/local/.
 */

const fixture = (name: string) => path.join(FIXTURES_DIR, "local", `Pulumi.${name}.yaml`);
const given = testCluster(); // a database to hand over with --database-url

beforeAll(() => postgresBinDir(), START_TIMEOUT); // installs the server if it must and may
afterEach(killRunners);

/** The cluster the runner reported: its port, its dir once stopped. */
function reportedCluster(runner: Runner) {
  const output = runner.output();
  return {
    port: Number(/a throwaway PostgreSQL cluster on 127\.0\.0\.1:(\d+)/.exec(output)?.[1]),
    dir: /the PostgreSQL cluster is stopped and deleted \((.+)\)$/m.exec(output)?.[1],
  };
}

/** The postgres fixture's run, once web.1 and worker.1 are up and web.1 answers. */
async function startWithDatabase() {
  const base = await freeBasePort();
  const runner = startRunner([fixture("postgres"), "--port", String(base)]);
  await waitFor(
    "web.1 and worker.1",
    () => runner.dynos().size === 2 || undefined,
    START_TIMEOUT,
    runner,
  );
  await waitFor("/health on web.1", answers(base), 60_000, runner);
  return { base, runner };
}

/** Everything the run started is gone: runner, dynos, the cluster and its dir, the ports. */
async function expectNothingLeft(runner: Runner, ports: number[]) {
  const pids = [runner.child.pid, ...[...runner.dynos().values()].map(({ pid }) => pid)];
  for (const pid of [...pids, runner.postgresPid()]) {
    await waitUntil(`pid ${pid} to end`, () => !isAlive(pid), 30_000);
  }
  expect(await busyPorts(ports)).toEqual([]);
}

describe("npm run local with a heroku-postgresql add-on", () => {
  test(
    "a throwaway cluster, the release phase first, then web and worker share a task; a clean stop leaves nothing",
    async () => {
      const base = await freeBasePort();
      const runner = startRunner([fixture("postgres"), "--port", String(base)]);
      const started = await waitFor(
        "web.1 and worker.1 to start",
        () => (runner.dynos().size === 2 ? runner.dynos() : undefined),
        START_TIMEOUT,
        runner,
      );
      await waitFor("/health on web.1", answers(base), 60_000, runner);
      const output = runner.output();
      // The release phase ran, and succeeded, before any dyno of the formation started.
      const released = output.indexOf("local     | release.1: process exited with status 0");
      expect(released).toBeGreaterThan(output.indexOf("release.1 | "));
      expect(released).toBeLessThan(output.indexOf("web.1: starting process"));
      expect(output).toMatch(/release\.1 +\| .*"applied 1 migration\(s\)"/);

      expect(await get(base, "/ready")).toEqual({ status: 200, body: { database: "ok" } });
      const created = await request(base, "/tasks", { method: "POST", json: { text: "a b c" } });
      expect(created.status).toBe(202);
      const done = await waitFor(
        "worker.1 to complete the task",
        async () => {
          const task = await get(base, `/tasks/${created.body.id}`);
          return task.body.status === "done" ? task.body : undefined;
        },
        30_000,
        runner,
      );
      expect(done).toMatchObject({ completedBy: "worker.1", result: { words: 3 } });

      const cluster = reportedCluster(runner);
      const web = environOf(started.get("web.1")!.pid);
      const worker = environOf(started.get("worker.1")!.pid);
      expect(web.DATABASE_URL).toMatch(
        new RegExp(`^postgres://postgres:\\w+@127\\.0\\.0\\.1:${cluster.port}/postgres$`),
      );
      expect(worker.DATABASE_URL).toBe(web.DATABASE_URL);
      expect(web.GREETING).toBe("hello");

      runner.child.kill("SIGTERM");
      expect(await runner.exited).toBe(0);
      const final = runner.output();
      expect(final).not.toContain(new URL(web.DATABASE_URL).password); // never printed
      expect(final).toMatch(/local +\| all dynos stopped$/m);
      const stopped = reportedCluster(runner);
      expect(stopped.dir).toMatch(/heroku-local-pg-/);
      expect(fs.existsSync(stopped.dir!)).toBe(false);
      await expectNothingLeft(runner, [base, base + 100, cluster.port]);
    },
    START_TIMEOUT + 120_000,
  );

  test(
    "a failing release phase stops the run: exit 1, no dyno started, the cluster deleted",
    async () => {
      const base = await freeBasePort();
      const runner = startRunner([fixture("tls-required"), "--port", String(base)]);
      expect(await runner.exited).toBe(1);
      const output = runner.output();
      expect(output).toMatch(/release\.1 +\| .*"release phase failed"/);
      expect(output).toMatch(/local +\| release\.1: process exited with status 1$/m);
      expect(output).toContain("release.1: the release phase failed: nothing else was started");
      expect(runner.dynos().size).toBe(0);
      const { dir } = reportedCluster(runner);
      expect(fs.existsSync(dir!)).toBe(false);
      await expectNothingLeft(runner, [base]);
    },
    START_TIMEOUT + 60_000,
  );

  test(
    "--database-url uses that database and starts no cluster",
    async () => {
      const base = await freeBasePort();
      const runner = startRunner([
        fixture("postgres"),
        ...["--port", String(base), "--scale", "worker=0", "--database-url", given().url],
      ]);
      await waitFor("/health on web.1", answers(base), START_TIMEOUT, runner);
      expect((await get(base, "/ready")).body).toEqual({ database: "ok" });
      const { pid } = runner.dynos().get("web.1")!;
      expect(environOf(pid).DATABASE_URL).toBe(given().url);
      expect(runner.output()).toContain(
        `→ DATABASE_URL: 127.0.0.1:${given().port}/postgres, from --database-url`,
      );
      expect(runner.postgresPid()).toBeUndefined();
      runner.child.kill("SIGINT");
      expect(await runner.exited).toBe(0);
      expect(runner.output()).not.toContain(new URL(given().url).password);
    },
    START_TIMEOUT + 60_000,
  );
});

describe("the runner's own end never leaves anything behind", () => {
  test(
    "SIGKILL of the runner: its watchdog stops every dyno and the cluster, and deletes the cluster",
    async () => {
      const { base, runner } = await startWithDatabase();
      const { port } = reportedCluster(runner);
      const dir = /listening on Unix socket "(.+)\/\.s\.PGSQL/.exec(runner.output())?.[1];
      expect(fs.existsSync(dir!)).toBe(true);

      process.kill(runner.child.pid!, "SIGKILL"); // nothing to catch: the runner just ends
      await expectNothingLeft(runner, [base, base + 100, port]);
      await waitUntil("the cluster's dir to be deleted", () => !fs.existsSync(dir!), 30_000);
    },
    START_TIMEOUT + 90_000,
  );

  test(
    "stdout closed (`| head`): no crash, the dynos and the cluster are stopped",
    async () => {
      const { base, runner } = await startWithDatabase();
      runner.child.stdout!.destroy(); // the reader went away, as `head` does after its lines
      // web.1 logs the request: the runner's next write meets EPIPE
      await get(base, "/health").catch(() => undefined);
      expect(await runner.exited).toBe(0);
      expect(runner.errors()).toContain("npm run local: stdout was closed: stopping");
      expect(runner.errors()).not.toMatch(/^\s+at /m);
      await expectNothingLeft(runner, [base, base + 100]);
    },
    START_TIMEOUT + 90_000,
  );
});

describe("mistakes on the command line or in the stack file: one clear line, nothing started", () => {
  test("a NUL byte in a config value", async () => {
    const runner = startRunner([fixture("nul-byte"), "--no-install"]);
    expect(await runner.exited).toBe(1);
    expect(runner.errors()).toMatch(/GREETING.*NUL/);
    expect(runner.errors()).not.toMatch(/^\s+at /m);
    expect(runner.dynos().size).toBe(0);
  }, 60_000);

  test("--scale web=1 worker=0 (a space for a comma) says how to write the list", async () => {
    const runner = startRunner([fixture("postgres"), "--scale", "web=1", "worker=0"]);
    expect(await runner.exited).toBe(2);
    expect(runner.errors()).toContain(
      '--scale: write the list with commas and no spaces: --scale web=1,worker=0 ("worker=0" came apart from it)',
    );
    expect(runner.dynos().size).toBe(0);
  }, 60_000);

  test("--database-url for a stack without a Postgres add-on, or that isn't a postgres:// URL", async () => {
    const review = path.join(FIXTURES_DIR, "Pulumi.review-123.yaml"); // no add-on at all
    const none = startRunner([review, "--database-url", "postgres://u:hunter2@h/db"]);
    expect(await none.exited).toBe(2);
    expect(none.errors()).toContain(
      "--database-url: review-123 declares no heroku-postgresql add-on",
    );
    const bad = startRunner([fixture("postgres"), "--database-url", "mysql://u:hunter2@h/db"]);
    expect(await bad.exited).toBe(2);
    expect(bad.errors()).toContain("--database-url: not a postgres:// URL");
    expect(none.output() + bad.output()).not.toContain("hunter2");
  }, 60_000);
});
