"use strict";

/** Builds the Express app without listening, so tests can drive it in-process. */

const express = require("express");
const helmet = require("helmet");
const { readConfig } = require("./config");
const { createLogger, requestLogger } = require("./logger");
const { addPublicRoutes, addDatabaseRoutes, testRoutes } = require("./routes");
const { notFound, errorHandler } = require("./errors");

const BODY_LIMIT = "100kb";

/**
 * Helmet's defaults, with the policy OWASP recommends for an API that only answers JSON:
 * nothing may load from or frame its responses. Stricter than the default CSP, which is
 * written for HTML pages, and 300 bytes shorter on every response.
 */
const SECURITY_HEADERS = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
  frameguard: { action: "deny" },
};

/**
 * Runs a body parser only for requests that have a body, by body-parser's own first test
 * (type-is's hasBody: a Transfer-Encoding or a Content-Length header), so a GET never enters
 * it. body-parser makes that test only after marking every request (`req.body = undefined`),
 * which alone cost about a tenth of a GET / (`npm run bench`, and callgrind's instruction
 * count per request). A request with a body is parsed exactly as before.
 */
function onlyWithBody(parser) {
  return function parseBody(req, res, next) {
    const { headers } = req;
    if (headers["transfer-encoding"] === undefined && headers["content-length"] === undefined) {
      return next();
    }
    return parser(req, res, next);
  };
}

/**
 * `database` and `queue` come from the entry point (src/server.js), which owns their
 * lifecycle; without them the database routes answer 503.
 */
function createApp({
  config = readConfig(),
  logger = createLogger(config),
  database = null,
  queue = null,
} = {}) {
  const app = express();
  app.disable("x-powered-by");
  // Heroku's router is exactly one proxy hop: trust its X-Forwarded-* for req.ip/protocol.
  app.set("trust proxy", 1);

  app.use(requestLogger(logger)); // first, so that even rejected requests are logged
  app.use(helmet(SECURITY_HEADERS));
  app.use(onlyWithBody(express.json({ limit: BODY_LIMIT })));

  addPublicRoutes(app, config);
  addDatabaseRoutes(app, { database, queue, logger });
  if (config.enableTestRoutes) app.use("/__test", testRoutes());

  app.use(notFound);
  app.use(errorHandler(config));
  return app;
}

module.exports = { createApp, BODY_LIMIT };
