"use strict";

/** Entry point of the `web` process: serves the app on $PORT until SIGTERM. */

const http = require("node:http");
const { readConfigOrExit } = require("./config");
const { createLogger } = require("./logger");
const { createApp } = require("./app");
const { createDatabase, DATABASE_OFF } = require("./database");
const { createQueue } = require("./queue");
const { installGracefulShutdown } = require("./shutdown");

// The Heroku router keeps idle connections to a dyno open for up to 90 s; the dyno must
// keep them longer, or the router may reuse a socket the app is closing and answer H18.
const KEEP_ALIVE_TIMEOUT_MS = 95_000;
// Time for a request's headers to arrive (HEADERS_TIMEOUT_MS, 10 s by default; src/config.js).
// How often Node checks those timeouts (its default, 30 s, would let one last up to 40 s).
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

function start({ config, logger = createLogger(config) }) {
  const database = createDatabase(config, logger);
  const queue = database && createQueue(database);
  if (queue) queue.on("error", (err) => logger.error({ err }, "job queue error"));
  if (!database) logger.info({ database: "off" }, DATABASE_OFF);

  const app = createApp({ config, logger, database, queue });
  const server = http.createServer({ connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS }, app);
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = config.headersTimeoutMs;
  installGracefulShutdown(server, {
    logger,
    deadlineMs: config.shutdownDeadlineMs,
    cleanup: async () => database && database.close(),
  });
  server.listen(config.port, () => {
    logger.info({ port: server.address().port, environment: config.environment }, "listening");
  });
  return server;
}

if (require.main === module) start({ config: readConfigOrExit() });

module.exports = { start, KEEP_ALIVE_TIMEOUT_MS };
