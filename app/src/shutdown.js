"use strict";

/**
 * Graceful stop for an http.Server on SIGTERM (Heroku sends it on every deploy, restart
 * and scale-down, then SIGKILL 30 s later) and SIGINT (Ctrl-C under `heroku local`):
 * stop accepting, let in-flight requests finish, close every other connection, run the
 * cleanup (e.g. close the database pool), exit 0 — or exit 1 at the deadline.
 */

function installGracefulShutdown(
  server,
  { logger, deadlineMs, exit = process.exit, cleanup = async () => undefined },
) {
  const sockets = new Set(); // every open connection
  const latest = new WeakMap(); // connection → its latest response
  let stopping = false;
  // The responses still being written: what a stop must let finish.
  const inFlight = () =>
    [...sockets].map((socket) => latest.get(socket)).filter((res) => res && !res.writableFinished);

  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });

  // Prepended so it runs before Express can send headers. No listener per response: at a
  // stop, a connection's latest response tells whether a request is in flight on it.
  server.prependListener("request", function track(req, res) {
    latest.set(req.socket, res);
    if (stopping) res.setHeader("Connection", "close");
  });

  function stop(signal) {
    if (stopping) {
      // A second signal (or Ctrl-C after SIGTERM) must not cut the requests being finished.
      logger.info({ signal, inFlight: inFlight().length }, "already stopping; signal ignored");
      return;
    }
    stopping = true;
    const deadline = setTimeout(() => {
      logger.error(
        { deadlineMs, inFlight: inFlight().length },
        "shutdown deadline passed, exiting",
      );
      server.closeAllConnections();
      exit(1);
    }, deadlineMs);
    // Stops accepting at once, and calls back when the last connection has closed.
    server.close(async (err) => {
      if (err) logger.error({ err }, "error while closing the server");
      try {
        await cleanup();
      } catch (cleanupError) {
        logger.warn({ err: cleanupError }, "error while cleaning up");
      }
      clearTimeout(deadline);
      logger.info("stopped");
      exit(err ? 1 : 0);
    });
    // A connection with no request in flight (idle keep-alive, a request still arriving,
    // or nothing sent yet) would hold server.close() until it times out: close it now.
    const busy = inFlight();
    for (const socket of sockets) {
      const res = latest.get(socket);
      if (res === undefined || res.writableFinished) socket.destroy();
    }
    for (const res of busy) closeAfterResponse(res);
    // Logged once the listener is closed, so whoever reads it may rely on that.
    logger.info({ signal, inFlight: busy.length }, "stopping: finishing in-flight requests");
  }

  // `on`, not `once`: after a first signal the default action of a second would kill the
  // process in the middle of the requests it is finishing.
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  return stop;
}

function closeAfterResponse(res) {
  if (!res.headersSent) {
    res.setHeader("Connection", "close"); // Node ends the socket after this response
  } else {
    const socket = res.socket;
    res.once("finish", () => socket && socket.end()); // headers already promised keep-alive
  }
}

module.exports = { installGracefulShutdown };
