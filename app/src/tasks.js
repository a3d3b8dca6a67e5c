"use strict";

/**
 * The work web and worker dynos share through Postgres: the web dyno records a task and
 * queues a job for it in one transaction; a worker dyno completes the job; the web dyno
 * shows the task, done or not. The queue is pg-boss (src/queue.js).
 */

const { createHash } = require("node:crypto");
const { TASK_QUEUE, queueAdapter } = require("./queue");

const MAX_TEXT_LENGTH = 1000;

/** Records a task and queues its job atomically: never a task without a job, nor the reverse. */
async function createTask({ database, queue }, text) {
  const client = await database.pool.connect();
  let failure;
  try {
    await client.query("begin");
    const { rows } = await client.query("insert into tasks (text) values ($1) returning *", [text]);
    await queue.send(TASK_QUEUE, { taskId: Number(rows[0].id) }, { db: queueAdapter(client) });
    await client.query("commit");
    return present(rows[0]);
  } catch (err) {
    failure = err;
    await client.query("rollback").catch(() => undefined);
    throw err;
  } finally {
    client.release(failure); // a connection that failed mid-transaction is not reused
  }
}

async function findTask(database, id) {
  const { rows } = await database.pool.query("select * from tasks where id = $1", [id]);
  return rows.length > 0 ? present(rows[0]) : null;
}

/**
 * The worker's side: computes each task's result and records who completed it, a batch of tasks
 * in two queries (a query a task made the worker slower than a plain SKIP LOCKED loop: `npm run
 * bench -- worker`). Idempotent, so a job pg-boss retries (after a crash mid-way) completes its
 * task again, identically. Returns the completed tasks by id; a task that no longer exists has
 * none.
 */
async function completeTasks(database, taskIds, dyno) {
  const { rows } = await database.pool.query("select id, text from tasks where id = any($1)", [
    taskIds,
  ]);
  if (rows.length === 0) return new Map();
  const updated = await database.pool.query(
    `update tasks set status = 'done', result = done.result, completed_at = now(), completed_by = $3
     from unnest($1::bigint[], $2::jsonb[]) as done(id, result)
     where tasks.id = done.id
     returning tasks.*`,
    [rows.map((row) => row.id), rows.map((row) => JSON.stringify(summarize(row.text))), dyno],
  );
  return new Map(updated.rows.map((row) => [Number(row.id), present(row)]));
}

/** The work itself: small, deterministic and visible in the answer. */
function summarize(text) {
  const words = text.trim().split(/\s+/).filter(Boolean).length;
  const sha256 = createHash("sha256").update(text, "utf8").digest("hex");
  return { words, characters: [...text].length, sha256 };
}

/**
 * What is wrong with a submitted body, or null when its text may be a task: 1 to MAX_TEXT_LENGTH
 * characters (code points, as `characters` in the result counts them: an emoji is one), not only
 * blanks, and no NUL, which PostgreSQL's text type can't store.
 */
function textProblem(body) {
  const text = body && body.text;
  const characters = typeof text === "string" ? [...text].length : 0;
  if (typeof text !== "string" || text.trim().length === 0 || characters > MAX_TEXT_LENGTH) {
    return `send {"text": "…"}: 1 to ${MAX_TEXT_LENGTH} characters`;
  }
  if (text.includes("\u0000")) return "text holds a NUL character (\\u0000), which can't be stored";
  return null;
}

function present(row) {
  return {
    id: Number(row.id),
    text: row.text,
    status: row.status,
    result: row.result,
    createdAt: row.created_at,
    completedAt: row.completed_at,
    completedBy: row.completed_by,
  };
}

module.exports = {
  createTask,
  findTask,
  completeTasks,
  summarize,
  textProblem,
  MAX_TEXT_LENGTH,
};
