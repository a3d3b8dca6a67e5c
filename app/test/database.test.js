"use strict";

/**
 * The app against a real PostgreSQL the test starts (the same throwaway cluster as
 * `npm run local`): the release phase's migrations, readiness, and a task going from the web
 * dyno to the worker through the job queue. No mock of pg anywhere.
 */

const { Client } = require("pg");
const request = require("supertest");
const { testCluster } = require("../../test/support/postgres.ts");
const { appWithLogs, startProcess, get, send, waitFor } = require("./helpers");
const { readConfig } = require("../src/config");
const { createLogger } = require("../src/logger");
const { startWorker } = require("../src/worker");
const { summarize } = require("../src/tasks");

const cluster = testCluster();
let databases = 0;

/** A new, empty database in the test cluster; its URL. */
async function freshDatabase() {
  const name = `app_test_${++databases}`;
  await query(cluster().url, `create database ${name}`);
  const url = new URL(cluster().url);
  url.pathname = `/${name}`;
  return url.toString();
}

async function query(url, text, values) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** `node src/release.js` as Heroku runs it; resolves with its exit code and log lines. */
async function release(env) {
  const run = startProcess("release.js", env);
  return { code: await run.exited, logs: run.logs };
}

/** A port nothing listens on: a database that refuses connections. */
const REFUSED_URL = "postgres://app:secret@127.0.0.1:1/app";

describe("release phase (node src/release.js)", () => {
  test("applies the migrations once; a second run changes nothing", async () => {
    const url = await freshDatabase();
    const first = await release({ DATABASE_URL: url });
    expect(first.code).toBe(0);
    expect(first.logs).toContainEqual(
      expect.objectContaining({ msg: "applied 1 migration(s)", migrations: [expect.any(String)] }),
    );
    expect(first.logs.at(-1)).toMatchObject({ msg: "release phase done" });
    const tables = await query(
      url,
      "select table_schema || '.' || table_name as name from information_schema.tables " +
        "where table_name in ('tasks', 'pgmigrations', 'queue') order by 1",
    );
    expect(tables.map((row) => row.name)).toEqual([
      "pgboss.queue",
      "public.pgmigrations",
      "public.tasks",
    ]);
    expect(await query(url, "select name from pgboss.queue")).toEqual([{ name: "tasks" }]);

    const second = await release({ DATABASE_URL: url });
    expect(second.code).toBe(0);
    expect(second.logs).toContainEqual(
      expect.objectContaining({ msg: "schema up to date", migrations: [] }),
    );
    expect(await query(url, "select count(*)::int as n from pgmigrations")).toEqual([{ n: 1 }]);
  });

  test("a failing migration exits 1 and applies nothing, so Heroku keeps the old release", async () => {
    const url = await freshDatabase();
    await query(url, "create table tasks (id int)"); // in the migration's way
    const run = await release({ DATABASE_URL: url });
    expect(run.code).toBe(1);
    expect(run.logs.at(-1)).toMatchObject({ level: 50, msg: "release phase failed" });
    expect(JSON.stringify(run.logs.at(-1).err)).toMatch(/already exists/);
    const recorded = await query(url, "select count(*)::int as n from pgmigrations");
    expect(recorded).toEqual([{ n: 0 }]);
  });

  test("an unreachable database exits 1, and the log never shows its password", async () => {
    const run = await release({ DATABASE_URL: REFUSED_URL });
    expect(run.code).toBe(1);
    expect(run.logs.at(-1)).toMatchObject({ msg: "release phase failed" });
    expect(JSON.stringify(run.logs)).not.toContain("secret");
  });

  test("without DATABASE_URL there is nothing to migrate: exit 0, and it says so", async () => {
    const run = await release({});
    expect(run.code).toBe(0);
    expect(run.logs[0]).toMatchObject({
      database: "off",
      msg: "DATABASE_URL is not set: database features are off: no migrations to run",
    });
  });
});

describe("readiness", () => {
  test("GET /ready answers 200 {database: ok} when the database answers", async () => {
    const { app, close } = appWithLogs({ DATABASE_URL: cluster().url }, { database: true });
    try {
      const res = await request(app).get("/ready").expect(200);
      expect(res.body).toEqual({ database: "ok" });
      expect(res.headers["cache-control"]).toBe("no-store");
    } finally {
      await close();
    }
  });

  test("GET /ready answers 503 with a reason when it doesn't, and keeps the details in the logs", async () => {
    const { app, logs, close } = appWithLogs({ DATABASE_URL: REFUSED_URL }, { database: true });
    try {
      const res = await request(app).get("/ready").expect(503);
      expect(res.body).toEqual({ database: "unavailable", reason: "cannot connect" });
      expect(logs[0]).toMatchObject({ level: 40, err: { code: "ECONNREFUSED" } });
      await request(app).get("/tasks/1").expect(503, { error: "database unavailable" });
      await request(app).get("/health").expect(200); // no I/O: still fine
    } finally {
      await close();
    }
  });

  test("with no DATABASE_URL, /ready and the task routes say the database features are off", async () => {
    const { app } = appWithLogs({});
    const off = "DATABASE_URL is not set: database features are off";
    await request(app).get("/ready").expect(503, { database: "off", reason: off });
    await request(app).post("/tasks").send({ text: "hi" }).expect(503, { error: off });
    await request(app).get("/health").expect(200);
  });
});

describe("tasks: the web dyno records, the worker completes, the web dyno shows", () => {
  let url;
  beforeAll(async () => {
    url = await freshDatabase();
    expect((await release({ DATABASE_URL: url })).code).toBe(0);
  });

  test("in-process: POST /tasks → a worker completes it → GET /tasks/:id shows the result", async () => {
    const web = appWithLogs({ DATABASE_URL: url }, { database: true });
    const workerConfig = readConfig({ DATABASE_URL: url, DYNO: "worker.7", LOG_LEVEL: "warn" });
    const stopWorker = await startWorker({
      config: workerConfig,
      logger: createLogger(workerConfig, { write: () => undefined }),
    });
    try {
      const text = "Ship  it\ttoday ✓";
      const created = await request(web.app).post("/tasks").send({ text }).expect(202);
      expect(created.body).toMatchObject({ id: expect.any(Number), text, status: "queued" });
      expect(created.headers.location).toBe(`/tasks/${created.body.id}`);
      const jobs = await query(url, "select data from pgboss.job where name = 'tasks'");
      expect(jobs).toContainEqual({ data: { taskId: created.body.id } }); // same transaction

      const done = await waitFor("the worker to complete the task", async () => {
        const res = await request(web.app).get(created.headers.location).expect(200);
        return res.body.status === "done" ? res.body : undefined;
      });
      expect(done).toMatchObject({ completedBy: "worker.7", result: summarize(text) });
      expect(done.result).toMatchObject({ words: 4, characters: 16 });
      expect(Date.parse(done.completedAt)).toBeGreaterThanOrEqual(Date.parse(done.createdAt));
    } finally {
      await stopWorker("test");
      await web.close();
    }
  });

  test("a task whose job can't be queued is not recorded either", async () => {
    const web = appWithLogs({ DATABASE_URL: url, NODE_ENV: "production" }, { database: true });
    const before = await query(url, "select count(*)::int as n from tasks");
    await query(url, "alter table pgboss.job rename to job_away");
    try {
      await request(web.app).post("/tasks").send({ text: "orphan?" }).expect(500);
    } finally {
      await query(url, "alter table pgboss.job_away rename to job");
      await web.close();
    }
    expect(await query(url, "select count(*)::int as n from tasks")).toEqual(before);
  });

  test("bad input: 400 for a body without text, 404 for ids that are not tasks", async () => {
    const web = appWithLogs({ DATABASE_URL: url }, { database: true });
    try {
      for (const body of [
        {},
        { text: "" },
        { text: "   " },
        { text: 42 },
        { text: "x".repeat(1001) },
        { text: "😀".repeat(1001) },
      ]) {
        const res = await request(web.app).post("/tasks").send(body).expect(400);
        expect(res.body.error).toMatch(/^send \{"text": "…"\}: 1 to 1000 characters$/);
      }
      // PostgreSQL's text can't hold NUL: a 400 that says so, not a 500.
      const nul = await request(web.app).post("/tasks").send({ text: "a\u0000b" }).expect(400);
      expect(nul.body.error).toBe("text holds a NUL character (\\u0000), which can't be stored");
      // Characters are counted as the result counts them: 600 emoji are 600, not 1,200.
      await request(web.app)
        .post("/tasks")
        .send({ text: "😀".repeat(600) })
        .expect(202);
      for (const id of ["0", "abc", "1e3", "99999999", "12345678901234567890"]) {
        await request(web.app).get(`/tasks/${id}`).expect(404, { error: "no such task" });
      }
    } finally {
      await web.close();
    }
  });

  test("real processes: web and worker dynos share a task through Postgres, then stop with exit 0", async () => {
    const env = { DATABASE_URL: url, PORT: "0" };
    const web = startProcess("server.js", { ...env, DYNO: "web.1" });
    const worker = startProcess("worker.js", { ...env, DYNO: "worker.1" });
    try {
      const { port } = await web.waitForLog((log) => log.msg === "listening");
      await worker.waitForLog((log) => log.msg === "working on tasks");
      expect((await get(port, "/ready")).body).toEqual({ database: "ok" });
      const created = await send(port, "POST", "/tasks", { json: { text: "from web.1" } });
      expect(created.status).toBe(202);
      const done = await waitFor("worker.1 to complete it", async () => {
        const res = await get(port, `/tasks/${created.body.id}`);
        return res.body.status === "done" ? res.body : undefined;
      });
      expect(done).toMatchObject({ completedBy: "worker.1", result: { words: 2 } });
      await worker.waitForLog((log) => log.msg === "task done" && log.taskId === created.body.id);
    } finally {
      web.child.kill("SIGTERM");
      worker.child.kill("SIGTERM");
    }
    expect(await web.exited).toBe(0);
    expect(await worker.exited).toBe(0);
    expect(worker.logs.at(-1)).toMatchObject({ msg: "worker stopped", signal: "SIGTERM" });
  });
});
