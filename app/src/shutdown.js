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
  const busy = new Map(); // connection → its response in flight
  let stopping = false;

  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });

  // Prepended so it runs before Express can send headers.
  server.prependListener("request", (req, res) => {
    const socket = req.socket;
    busy.set(socket, res);
    res.once("close", () => {
      if (busy.get(socket) === res) busy.delete(socket);
    });
    if (stopping) res.setHeader("Connection", "close");
  });

  function stop(signal) {
    if (stopping) {
      // A second signal (or Ctrl-C after SIGTERM) must not cut the requests being finished.
      logger.info({ signal, inFlight: busy.size }, "already stopping; signal ignored");
      return;
    }
    stopping = true;
    const deadline = setTimeout(() => {
      logger.error({ deadlineMs, inFlight: busy.size }, "shutdown deadline passed, exiting");
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
    for (const socket of sockets) {
      if (!busy.has(socket)) socket.destroy();
    }
    for (const res of busy.values()) closeAfterResponse(res);
    // Logged once the listener is closed, so whoever reads it may rely on that.
    logger.info({ signal, inFlight: busy.size }, "stopping: finishing in-flight requests");
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
