"use strict";

/**
 * Reads every setting the app uses from an environment object, once, so the rest of
 * the code never touches process.env and tests can pass a plain object instead.
 */

const DEFAULT_PORT = 5000; // what `heroku local` uses when PORT is unset

/**
 * Where error details (message, stack) may reach a client: only where the client is the
 * developer. Any other NODE_ENV (production, staging, a typo such as "prod") is production,
 * and so is none at all, as on Heroku, whose Node buildpack sets production when it is unset.
 */
const DEVELOPMENT_ENVIRONMENTS = ["development", "test"];

/**
 * Connections per dyno. Heroku Postgres' Essential plans accept 20 connections in all:
 * 2 web + 1 worker dynos at 5 each, plus the release phase and a `heroku pg:psql`, fit.
 */
const DEFAULT_POOL_MAX = 5;

/** Heroku's router sends a request's headers at once; 10 s is plenty for any real client. */
const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;

/** PGSSLMODE values the app understands, and the TLS options each one means for pg. */
const SSL_MODES = {
  disable: false,
  // libpq's "require" encrypts without verifying the certificate, like "no-verify".
  require: { rejectUnauthorized: false },
  "no-verify": { rejectUnauthorized: false },
  "verify-full": true, // Node checks the chain against its CAs and the host name
};

function readConfig(env = process.env) {
  const environment = env.NODE_ENV || "production";
  return {
    port: readInteger(env, "PORT", DEFAULT_PORT, { min: 0, max: 65535 }),
    environment,
    showErrorDetails: DEVELOPMENT_ENVIRONMENTS.includes(environment),
    logLevel: env.LOG_LEVEL || "info",
    // Routes that only exist for the app's own tests (slow request, thrown error).
    enableTestRoutes: env.ENABLE_TEST_ROUTES === "1",
    // Heroku sends SIGKILL 30 s after SIGTERM; give up a little before that.
    shutdownDeadlineMs: readInteger(env, "SHUTDOWN_DEADLINE_MS", 25_000, { min: 1 }),
    // Time for a request's headers to arrive, counted from its first byte: an idle keep-alive
    // connection is not affected (Node ≥ 18), so it can be short. The router sends a request's
    // headers at once; a client that trickles them (slowloris) is cut off after this (408).
    headersTimeoutMs: readInteger(env, "HEADERS_TIMEOUT_MS", DEFAULT_HEADERS_TIMEOUT_MS, {
      min: 1_000,
      max: 60_000,
    }),
    workerIntervalMs: readInteger(env, "WORKER_INTERVAL_MS", 60_000, { min: 10 }),
    // null when the app has no database (a stack without a heroku-postgresql add-on).
    database: readDatabase(env),
    // Set by Heroku's dyno metadata lab feature (and DYNO on every dyno).
    heroku: {
      appName: env.HEROKU_APP_NAME || null,
      releaseVersion: env.HEROKU_RELEASE_VERSION || null,
      slugCommit: env.HEROKU_SLUG_COMMIT || null,
      dyno: env.DYNO || null,
    },
  };
}

/**
 * DATABASE_URL, as the heroku-postgresql add-on sets it, and how to reach it. TLS follows
 * one rule: an `sslmode` in the URL is passed to pg as written; otherwise PGSSLMODE decides;
 * otherwise a loopback host (a local cluster) gets no TLS, and any other host gets TLS
 * without certificate verification, which is what Heroku Postgres requires (its
 * certificates are not signed by a public CA).
 */
function readDatabase(env) {
  if (!env.DATABASE_URL) return null;
  let url;
  try {
    url = new URL(env.DATABASE_URL);
  } catch {
    url = null;
  }
  // Never echo the value: it holds the database password.
  if (!url || !["postgres:", "postgresql:"].includes(url.protocol)) {
    throw new Error("DATABASE_URL must be a postgres:// URL (its value is not shown)");
  }
  return {
    url: env.DATABASE_URL,
    ssl: databaseSsl(url, env.PGSSLMODE),
    poolMax: readInteger(env, "DATABASE_POOL_MAX", DEFAULT_POOL_MAX, { min: 1, max: 100 }),
  };
}

function databaseSsl(url, sslMode) {
  if (url.searchParams.has("sslmode")) return undefined; // pg reads it from the URL
  if (sslMode) {
    if (!(sslMode in SSL_MODES)) {
      const modes = Object.keys(SSL_MODES).join(", ");
      throw new Error(`PGSSLMODE must be one of ${modes}, got "${sslMode}"`);
    }
    return SSL_MODES[sslMode];
  }
  return isLoopback(url.hostname) ? false : SSL_MODES["no-verify"];
}

/** localhost, 127.0.0.0/8, ::1, or no host at all (a Unix socket given as ?host=/path). */
function isLoopback(hostname) {
  return (
    hostname === "" ||
    hostname === "localhost" ||
    hostname === "[::1]" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

/** For entry points: the config, or one line on stderr and exit 1 (no stack trace). */
function readConfigOrExit(env = process.env) {
  try {
    return readConfig(env);
  } catch (err) {
    process.stderr.write(`configuration error: ${err.message}\n`);
    return process.exit(1);
  }
}

function readInteger(env, name, fallback, { min, max = Number.MAX_SAFE_INTEGER }) {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

module.exports = { readConfig, readConfigOrExit, DEFAULT_POOL_MAX, DEFAULT_HEADERS_TIMEOUT_MS };
