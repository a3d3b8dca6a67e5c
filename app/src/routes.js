"use strict";

const express = require("express");
const { name: packageName } = require("../package.json");

/**
 * The app's public routes, added straight onto the app: a nested Router costs another
 * dispatch on every request, measurable on a route this small.
 */
function addPublicRoutes(app, config) {
  // Nothing here changes while the dyno runs, so the body is serialised once.
  const about = JSON.stringify({
    app: config.heroku.appName || packageName,
    environment: config.environment,
    release: config.heroku.releaseVersion,
    commit: config.heroku.slugCommit,
    dyno: config.heroku.dyno,
  });

  // Express would hash the body for its ETag on every request; hash it once instead, with
  // the app's own ETag function. Conditional GETs still get their 304.
  const aboutEtag = app.get("etag fn")(about, "utf8");

  app.get("/", (req, res) => {
    res.set({ "Content-Type": "application/json; charset=utf-8", ETag: aboutEtag }).send(about);
  });

  // Kept cheap on purpose: no I/O, so it answers even when dependencies are slow.
  app.get("/health", (req, res) => {
    res.json({ status: "ok" });
  });
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

module.exports = { addPublicRoutes, testRoutes };
