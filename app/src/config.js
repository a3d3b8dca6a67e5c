"use strict";

/**
 * Reads every setting the app uses from an environment object, once, so the rest of
 * the code never touches process.env and tests can pass a plain object instead.
 */

const DEFAULT_PORT = 5000; // what `heroku local` uses when PORT is unset

function readConfig(env = process.env) {
  const environment = env.NODE_ENV || "development";
  return {
    port: readInteger(env, "PORT", DEFAULT_PORT, { min: 0, max: 65535 }),
    environment,
    isProduction: environment === "production",
    logLevel: env.LOG_LEVEL || "info",
    // Routes that only exist for the app's own tests (slow request, thrown error).
    enableTestRoutes: env.ENABLE_TEST_ROUTES === "1",
    // Heroku sends SIGKILL 30 s after SIGTERM; give up a little before that.
    shutdownDeadlineMs: readInteger(env, "SHUTDOWN_DEADLINE_MS", 25_000, { min: 1 }),
    workerIntervalMs: readInteger(env, "WORKER_INTERVAL_MS", 60_000, { min: 10 }),
    // Set by Heroku's dyno metadata lab feature (and DYNO on every dyno).
    heroku: {
      appName: env.HEROKU_APP_NAME || null,
      releaseVersion: env.HEROKU_RELEASE_VERSION || null,
      slugCommit: env.HEROKU_SLUG_COMMIT || null,
      dyno: env.DYNO || null,
    },
  };
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

module.exports = { readConfig };
