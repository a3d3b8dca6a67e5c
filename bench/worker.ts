/**
 * Worker section: how fast a worker dyno drains a backlog of 1,000 queued tasks (the app's
 * worker: pg-boss, src/worker.js) against a plain `SELECT … FOR UPDATE SKIP LOCKED` loop doing
 * the same work (the same summary, the same update) on the same throwaway PostgreSQL, migrated by
 * the app's own release phase. Each side runs in a process of its own.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { startCluster } from "../src/local/postgres";
import { APP_DIR } from "../src/program/paths";
import type { BenchRow } from "./index";

const TASKS = 1000;
const app = (file: string) => JSON.stringify(path.join(APP_DIR, "src", file));
const pgPath = JSON.stringify(require.resolve("pg", { paths: [APP_DIR] }));

/** Queues TASKS tasks as a web dyno does, then times a worker until every one is done. */
const WORKER = `
  const { readConfig } = require(${app("config.js")});
  const { createDatabase } = require(${app("database.js")});
  const { createQueue } = require(${app("queue.js")});
  const { createTask } = require(${app("tasks.js")});
  const { startWorker } = require(${app("worker.js")});
  (async () => {
    const config = readConfig();
    const quiet = { info() {}, warn() {}, error: console.error, debug() {}, child() { return quiet; } };
    const database = createDatabase(config, quiet);
    const queue = createQueue(database);
    await queue.start();
    await database.pool.query("delete from tasks");
    for (let i = 0; i < ${TASKS}; i++) await createTask({ database, queue }, "task " + i + " of the backlog");
    const started = performance.now();
    const stop = await startWorker({ config });
    for (;;) {
      const { rows } = await database.pool.query("select count(*)::int as n from tasks where status = 'done'");
      if (rows[0].n === ${TASKS}) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const ms = performance.now() - started;
    await stop("done");
    await queue.stop({ graceful: false });
    await database.close();
    process.stderr.write(JSON.stringify({ ms }) + "\\n");
    process.exit(0);
  })().catch((err) => { console.error(err); process.exit(1); });
`;

/** The same tasks, drained by one connection with SKIP LOCKED, one task a transaction. */
const BASELINE = `
  const { Client } = require(${pgPath});
  const { summarize } = require(${app("tasks.js")});
  (async () => {
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query("delete from tasks");
    for (let i = 0; i < ${TASKS}; i++) await client.query("insert into tasks (text) values ($1)", ["task " + i + " of the backlog"]);
    const started = performance.now();
    for (;;) {
      await client.query("begin");
      const { rows } = await client.query("select id, text from tasks where status = 'queued' order by id limit 1 for update skip locked");
      if (rows.length === 0) { await client.query("commit"); break; }
      await client.query(
        "update tasks set status = 'done', result = $2, completed_at = now(), completed_by = $3 where id = $1",
        [rows[0].id, summarize(rows[0].text), "baseline.1"],
      );
      await client.query("commit");
    }
    const ms = performance.now() - started;
    await client.end();
    process.stderr.write(JSON.stringify({ ms }) + "\\n");
  })().catch((err) => { console.error(err); process.exit(1); });
`;

export async function benchWorker(): Promise<BenchRow[]> {
  const cluster = await startCluster();
  try {
    const env = { PATH: process.env.PATH ?? "", NODE_ENV: "production", DATABASE_URL: cluster.url };
    const release = spawnSync(process.execPath, [path.join(APP_DIR, "src", "release.js")], {
      env,
      encoding: "utf8",
    });
    if (release.status !== 0) throw new Error(`release phase failed: ${release.stdout}`);
    // Best of 2 each, interleaved: one slow moment of a busy machine doesn't decide the row.
    let worker = Infinity;
    let baseline = Infinity;
    for (let run = 0; run < 2; run++) {
      worker = Math.min(worker, timed(WORKER, { ...env, DYNO: "worker.1", LOG_LEVEL: "warn" }));
      baseline = Math.min(baseline, timed(BASELINE, env));
    }
    const rate = (ms: number) => (TASKS * 1000) / ms;
    return [
      {
        figure: `worker: a backlog of ${TASKS} tasks drained (best of 2)`,
        value: `${Math.round(rate(worker))} tasks/s`,
        baseline: `SELECT … FOR UPDATE SKIP LOCKED loop: ${Math.round(rate(baseline))} tasks/s`,
        ratio: rate(worker) / rate(baseline),
        goal: { atLeast: 0.8 },
        note: `the app's worker (pg-boss, batches of 20, each completed in two queries) against one connection taking a task a transaction; the same summary and update; PostgreSQL on 127.0.0.1 (fsync off)`,
      },
    ];
  } finally {
    await cluster.stop();
  }
}

/** Runs a script, returns the milliseconds it reports on its last line of stderr. */
function timed(script: string, env: Record<string, string>): number {
  const run = spawnSync(process.execPath, ["-e", script], { env, encoding: "utf8" });
  const last = run.stderr.trim().split("\n").pop() ?? "";
  if (run.status !== 0 || !last.startsWith("{")) {
    throw new Error(`the run failed (status ${run.status}): ${run.stderr.slice(-500)}`);
  }
  return (JSON.parse(last) as { ms: number }).ms;
}
