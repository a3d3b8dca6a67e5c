"use strict";

/**
 * The job queue between web and worker dynos: pg-boss, in the app's own Postgres. It runs
 * on the dyno's pool (src/database.js) rather than opening one of its own, so the
 * connection budget per dyno stays `poolMax`.
 *
 * Schema changes belong to the release phase (src/release.js): dynos start pg-boss with
 * `migrate: false`, so two dynos booting at once never race to change the schema.
 */

const PgBoss = require("pg-boss");

const TASK_QUEUE = "tasks";

/** pg-boss's database interface over anything with pg's `query` (a pool or a client). */
function queueAdapter(queryable) {
  return { executeSql: (text, values) => queryable.query(text, values) };
}

/** A queue for a web dyno (sends only) or, with `supervise`, a worker dyno's (maintenance too). */
function createQueue(database, { supervise = false } = {}) {
  return new PgBoss({
    db: queueAdapter(database.pool),
    migrate: false,
    supervise,
    schedule: false,
  });
}

/** Release phase: creates or upgrades pg-boss's schema and the app's queues; idempotent. */
async function installQueue(database) {
  const boss = new PgBoss({
    db: queueAdapter(database.pool),
    migrate: true,
    supervise: false,
    schedule: false,
  });
  const failures = [];
  boss.on("error", (err) => failures.push(err));
  await boss.start(); // pg-boss's own installer: version-checked and race-safe
  await boss.createQueue(TASK_QUEUE); // no-op when it exists
  await boss.stop({ graceful: false, close: false });
  if (failures.length > 0) throw failures[0];
}

module.exports = { TASK_QUEUE, createQueue, installQueue, queueAdapter };
