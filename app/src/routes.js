"use strict";

const express = require("express");
const { name: packageName } = require("../package.json");
const { DATABASE_OFF, PING_TIMEOUT_MS, isUnavailable } = require("./database");
const { httpError } = require("./errors");
const { createTask, findTask, textProblem } = require("./tasks");

/**
 * The app's public routes, added straight onto the app: a nested Router costs another
 * dispatch on every request, measurable on a route this small.
 */
function addPublicRoutes(app, config) {
  // Nothing here changes while the dyno runs, so the body is serialised once, to bytes: for a
  // Buffer, res.send() neither re-parses the Content-Type to add a charset nor re-encodes.
  const about = Buffer.from(
    JSON.stringify({
      app: config.heroku.appName || packageName,
      environment: config.environment,
      release: config.heroku.releaseVersion,
      commit: config.heroku.slugCommit,
      dyno: config.heroku.dyno,
    }),
  );

  // Express would hash the body for its ETag on every request; hash it once instead, with
  // the app's own ETag function. Conditional GETs still get their 304.
  const aboutEtag = app.get("etag fn")(about);

  app.get("/", (req, res) => {
    res.setHeader("Content-Type", "application/json; charset=utf-8");
    res.setHeader("ETag", aboutEtag);
    res.send(about);
  });

  // Kept cheap on purpose: no I/O, so it answers even when dependencies are slow.
  app.get("/health", (req, res) => {
    res.json({ status: "ok" });
  });
}

/**
 * Routes that need the database: readiness, and tasks the worker completes. With no
 * database (no DATABASE_URL) they answer 503 and say why, rather than not existing.
 */
function addDatabaseRoutes(app, { database, queue, logger }) {
  app.get("/ready", async (req, res) => {
    res.set("Cache-Control", "no-store");
    if (!database) return res.status(503).json({ database: "off", reason: DATABASE_OFF });
    try {
      await database.ping(PING_TIMEOUT_MS);
      res.json({ database: "ok" });
    } catch (err) {
      // The details (host, user) stay in the logs; clients get what kind of failure it is.
      logger.warn({ err }, "readiness: the database did not answer");
      res.status(503).json({ database: "unavailable", reason: unavailableReason(err) });
    }
  });

  app.post("/tasks", async (req, res) => {
    if (!database) throw httpError(503, DATABASE_OFF);
    const problem = textProblem(req.body);
    if (problem !== null) throw httpError(400, problem);
    const task = await createTask({ database, queue }, req.body.text).catch(asUnavailable);
    res.status(202).location(`/tasks/${task.id}`).json(task);
  });

  app.get("/tasks/:id", async (req, res) => {
    if (!database) throw httpError(503, DATABASE_OFF);
    // Ids are positive bigints; anything else can't be a task (and never reaches SQL).
    const id = /^[1-9]\d{0,14}$/.test(req.params.id) ? Number(req.params.id) : null;
    const task = id === null ? null : await findTask(database, id).catch(asUnavailable);
    if (task === null) throw httpError(404, "no such task");
    res.json(task);
  });
}

/** A database that can't be reached becomes a 503 a client may retry; other errors stay. */
function asUnavailable(err) {
  throw isUnavailable(err) ? httpError(503, "database unavailable", err) : err;
}

function unavailableReason(err) {
  if (/^no answer within/.test(err.message)) return `no answer within ${PING_TIMEOUT_MS} ms`;
  return isUnavailable(err) ? "cannot connect" : "query failed";
}

/**
 * Routes that exist only when ENABLE_TEST_ROUTES=1, for the app's own tests: a request
 * that stays in flight long enough to send SIGTERM during it, and a handler that throws.
 */
function testRoutes() {
  const router = express.Router();
  const MAX_SLOW_MS = 20_000;

  router.get("/slow", async (req, res) => {
    const ms = Math.min(Number(req.query.ms) || 1000, MAX_SLOW_MS);
    await new Promise((resolve) => setTimeout(resolve, ms));
    res.json({ sleptMs: ms });
  });

  router.get("/error", () => {
    throw new Error("database password is hunter2"); // must never reach a production client
  });

  return router;
}

module.exports = { addPublicRoutes, addDatabaseRoutes, testRoutes };
