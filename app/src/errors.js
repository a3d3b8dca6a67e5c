"use strict";

/** JSON answers for unknown routes and for errors, shaped like the rest of the API. */

const { STATUS_CODES } = require("node:http");

function notFound(req, res) {
  res.status(404).json({ error: "Not Found" });
}

function errorHandler(config) {
  return function handleError(err, req, res, next) {
    // Too late for a JSON body: Express's default handler closes the connection.
    if (res.headersSent) return next(err);
    const status = statusOf(err);
    // pino-http logs res.err, stack included, on the request's line. Only for server
    // faults: body-parser errors carry the raw request body, which may hold secrets.
    if (status >= 500) res.err = err;
    res.status(status).json(bodyFor(err, status, config));
  };
}

function bodyFor(err, status, config) {
  if (status < 500) {
    // 4xx errors from Express and body-parser (bad JSON, too large, bad URL encoding)
    // describe the client's own request, so their message is safe to send back.
    return { error: err.expose === false ? STATUS_CODES[status] : err.message };
  }
  // A server fault marked `expose` (e.g. 503 "database unavailable") says what a client
  // may retry; any other one is shown only where developers are the clients.
  if (err.expose === true) return { error: err.message };
  if (!config.showErrorDetails) return { error: STATUS_CODES[status] || "Internal Server Error" };
  return { error: err.message, stack: String(err.stack || "").split("\n") };
}

/** An error the handler answers with `status` and `message`, shown to clients as is. */
function httpError(status, message, cause) {
  return Object.assign(new Error(message, { cause }), { status, expose: true });
}

function statusOf(err) {
  const status = err && (err.status || err.statusCode);
  return Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500;
}

module.exports = { notFound, errorHandler, httpError };
