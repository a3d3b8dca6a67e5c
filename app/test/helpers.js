"use strict";

/** Shared by the app's tests: an in-process app with captured logs, and a real process. */

const { spawn } = require("node:child_process");
const http = require("node:http");
const path = require("node:path");
const readline = require("node:readline");
const { readConfig } = require("../src/config");
const { createLogger } = require("../src/logger");
const { createApp } = require("../src/app");
const { createDatabase } = require("../src/database");
const { createQueue } = require("../src/queue");

const SRC_DIR = path.join(__dirname, "..", "src");

/**
 * An app built from `env` whose log lines land in the returned array, parsed. With
 * `database: true` it gets a pool and a queue for env.DATABASE_URL (closed by `close`).
 */
function appWithLogs(env = {}, { database: withDatabase = false } = {}) {
  const logs = [];
  const config = readConfig({ ENABLE_TEST_ROUTES: "1", ...env });
  const logger = createLogger(config, { write: (line) => logs.push(JSON.parse(line)) });
  const database = withDatabase ? createDatabase(config, logger) : null;
  const queue = database && createQueue(database);
  const app = createApp({ config, logger, database, queue });
  return { app, logs, config, logger, database, close: async () => database && database.close() };
}

/**
 * Starts `node src/<entry>` with `env`, collects its JSON log lines and lets a test wait
 * for one of them. `exited` resolves with the exit code.
 */
function startProcess(entry, env) {
  const child = spawn(process.execPath, [path.join(SRC_DIR, entry)], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const logs = [];
  const waiters = [];
  readline.createInterface({ input: child.stdout }).on("line", (line) => {
    const entryLog = JSON.parse(line);
    logs.push(entryLog);
    for (const waiter of [...waiters]) {
      if (waiter.matches(entryLog)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(entryLog);
      }
    }
  });
  const exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));

  function waitForLog(matches) {
    const seen = logs.find(matches);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => waiters.push({ matches, resolve }));
  }
  return { child, logs, exited, waitForLog };
}

/** GET on loopback with node:http, resolving with status, headers and parsed JSON body. */
function get(port, urlPath, agent) {
  return send(port, "GET", urlPath, { agent });
}

/** A request on loopback with an optional JSON body; resolves like get(). */
function send(port, method, urlPath, { agent, json } = {}) {
  return new Promise((resolve, reject) => {
    const headers = json === undefined ? {} : { "Content-Type": "application/json" };
    const req = http.request({ host: "127.0.0.1", port, path: urlPath, method, agent, headers });
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode, headers: res.headers, body: JSON.parse(body) }),
      );
    });
    req.on("error", reject);
    req.end(json === undefined ? undefined : JSON.stringify(json));
  });
}

/** Polls `probe` until it returns something other than undefined. */
async function waitFor(what, probe, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

module.exports = { appWithLogs, startProcess, get, send, waitFor };
