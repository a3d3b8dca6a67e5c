"use strict";

/**
 * JSON logs on stdout: Heroku's Logplex collects whatever a dyno writes there, and one
 * JSON object per line is what log drains parse best.
 *
 * Lines are written synchronously, at the end of each event-loop turn: the lines of every
 * request answered in that turn go out in one write (see stdoutPerTurn). No line waits
 * longer than the turn, none is lost when the process exits or crashes (the 'exit' handler
 * writes what is left; a closed stdout drops them rather than holding the exit), and a busy
 * dyno makes one write call per turn instead of one per request (measured with `npm run
 * bench` and callgrind: about a twentieth of a GET /).
 * pino's default asynchronous stream hands each write to libuv's thread pool, which
 * measured slower still.
 */

const pino = require("pino");

function createLogger(config, destination = stdoutPerTurn()) {
  // `base` replaces pid/hostname (a random id on Heroku) with the dyno name, e.g. web.1.
  const options = { level: config.logLevel, base: { dyno: config.heroku.dyno || undefined } };
  return pino(options, destination);
}

/**
 * One line per finished request, tagged with the router's X-Request-ID when present.
 *
 * Written here rather than with pino-http: pino-http builds a child logger and serialises
 * the request on every request, measured at about six times the cost of this single pino
 * call per response, a large share of a request this small (`npm run bench`).
 * Only method, path and status are logged: headers would leak cookies and credentials, and
 * so would query strings (`?token=…`), so their values are replaced (see loggableUrl).
 */
function requestLogger(logger) {
  let lastLocalId = 0; // for requests that did not come through the Heroku router
  return function logRequest(req, res, next) {
    const startedAt = performance.now();
    const id = req.headers["x-request-id"] || `local-${++lastLocalId}`;
    // "close" also fires when the client goes away first; "finish" would miss those.
    res.once("close", () => {
      const finished = res.writableFinished;
      const status = res.statusCode;
      const entry = {
        req: { id, method: req.method, url: loggableUrl(req.originalUrl) },
        res: { statusCode: status },
        responseTime: Math.round(performance.now() - startedAt),
      };
      // Set by the error handler for server faults; pino serialises it with its stack.
      if (res.err) entry.err = res.err;
      if (!finished) entry.aborted = true;
      const level =
        res.err || status >= 500 ? "error" : status >= 400 || !finished ? "warn" : "info";
      logger[level](entry, finished ? "request completed" : "request aborted");
    });
    next();
  };
}

/**
 * The URL as it may be logged: every query value replaced by [redacted] (parameter names
 * stay), and so is a bare parameter or the user info of an absolute URL. Every value rather
 * than those of "sensitive" names: no list of names knows every app's parameters, nor a
 * token pasted into an innocent one (`?q=sk_live_…`).
 */
function loggableUrl(url) {
  // An absolute-form target (`GET http://user:pass@host/ HTTP/1.1`) may carry credentials.
  if (url[0] !== "/") url = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, "$1[redacted]@");
  const queryStart = url.indexOf("?");
  if (queryStart === -1) return url;
  const params = url
    .slice(queryStart + 1)
    .split("&")
    .map((param) => {
      if (param === "") return param;
      const equals = param.indexOf("=");
      if (equals === -1) return "[redacted]";
      return equals === param.length - 1 ? param : `${param.slice(0, equals)}=[redacted]`;
    });
  return `${url.slice(0, queryStart)}?${params.join("&")}`;
}

/** stdout through pino's own SonicBoom, buffered within an event-loop turn, flushed after it. */
function stdoutPerTurn() {
  // minLength: a turn's lines stay in the buffer until it is flushed (or this much is held).
  const stream = pino.destination({ dest: 1, sync: true, minLength: 8 * 1024 });
  let flushScheduled = false;
  const flush = () => {
    flushScheduled = false;
    stream.flush(); // synchronous here (sync: true); flushSync would also fsync stdout each turn
  };
  // flush(), not flushSync(): in sync mode it writes everything left as well, and a failed
  // write (EPIPE: stdout's reader is gone) ends in an 'error' event, which pino's destination
  // handles. sonic-boom 4's flushSync retries any error but EAGAIN forever, so a process whose
  // last lines met a closed stdout would never exit (test/process.test.js).
  process.on("exit", () => stream.flush());
  return {
    write(line) {
      stream.write(line);
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flush);
      }
    },
  };
}

module.exports = { createLogger, requestLogger, loggableUrl };
