"use strict";

/** Entry point of the `web` process: serves the app on $PORT until SIGTERM. */

const http = require("node:http");
const { readConfig } = require("./config");
const { createLogger } = require("./logger");
const { createApp } = require("./app");
const { installGracefulShutdown } = require("./shutdown");

// The Heroku router keeps idle connections to a dyno open for up to 90 s; the dyno must
// keep them longer, or the router may reuse a socket the app is closing and answer H18.
const KEEP_ALIVE_TIMEOUT_MS = 95_000;
const HEADERS_TIMEOUT_MS = 96_000; // Node requires it above keepAliveTimeout

function start({ config = readConfig(), logger = createLogger(config) } = {}) {
  const server = http.createServer(createApp({ config, logger }));
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  installGracefulShutdown(server, { logger, deadlineMs: config.shutdownDeadlineMs });
  server.listen(config.port, () => {
    logger.info({ port: server.address().port, environment: config.environment }, "listening");
  });
  return server;
}

if (require.main === module) start();

module.exports = { start, KEEP_ALIVE_TIMEOUT_MS, HEADERS_TIMEOUT_MS };
