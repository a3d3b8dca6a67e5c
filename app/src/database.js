"use strict";

/**
 * The dyno's one connection pool to DATABASE_URL (node-postgres), shared by the routes and
 * the job queue, so a dyno never holds more than `poolMax` connections.
 */

const { Pool } = require("pg");
const { name: packageName } = require("../package.json");

const DATABASE_OFF = "DATABASE_URL is not set: database features are off";
/** How long /ready waits for the database before it answers 503. */
const PING_TIMEOUT_MS = 2_000;

/** The pool for `config.database`, or null when the app has no database. */
function createDatabase(config, logger) {
  if (!config.database) return null;
  const { url, ssl, poolMax } = config.database;
  const pool = new Pool({
    connectionString: url,
    ...(ssl === undefined ? {} : { ssl }),
    max: poolMax,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000, // a request waits at most this long for a connection
    // Shown by pg_stat_activity and `heroku pg:ps`: which dyno holds a connection.
    application_name: config.heroku.dyno || packageName,
  });
  // An idle connection the server drops (restart, failover, maintenance) would otherwise
  // be an uncaught error; the pool replaces it on the next query.
  pool.on("error", (err) => logger.warn({ err }, "idle database connection lost"));

  return {
    pool,
    /** Resolves when the database answers `select 1` within the timeout, rejects otherwise. */
    async ping(timeoutMs = PING_TIMEOUT_MS) {
      let timer;
      const timeout = new Promise((resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([pool.query("select 1"), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => pool.end(),
  };
}

/**
 * True for errors that say the database can't be reached or is going away, rather than
 * that a query was wrong: answered with 503, which a client may retry.
 */
function isUnavailable(err) {
  if (!err) return false;
  const code = String(err.code || "");
  return (
    ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN"].includes(code) ||
    code.startsWith("08") || // connection exception
    code.startsWith("57P") || // operator intervention: shutdown, cannot connect now
    code === "53300" || // too many connections
    /timeout exceeded when trying to connect|Connection terminated/i.test(err.message || "")
  );
}

module.exports = { createDatabase, isUnavailable, DATABASE_OFF, PING_TIMEOUT_MS };
