"use strict";

/**
 * Graceful stop for an http.Server on SIGTERM (Heroku sends it on every deploy, restart
 * and scale-down, then SIGKILL 30 s later) and SIGINT (Ctrl-C under `heroku local`):
 * stop accepting, let in-flight requests finish, close keep-alive sockets, exit 0 —
 * or exit 1 at the deadline.
 */

function installGracefulShutdown(server, { logger, deadlineMs, exit = process.exit }) {
  const inFlight = new Set();
  let stopping = false;

  // Prepended so it runs before Express can send headers. A keep-alive socket otherwise
  // stays open after its last response, and server.close() would wait for it to time out.
  server.prependListener("request", (req, res) => {
    if (stopping) {
      res.setHeader("Connection", "close");
      return;
    }
    inFlight.add(res);
    res.once("close", () => inFlight.delete(res));
  });

  function stop(signal) {
    if (stopping) return;
    stopping = true;
    const deadline = setTimeout(() => {
      logger.error({ deadlineMs, inFlight: inFlight.size }, "shutdown deadline passed, exiting");
      server.closeAllConnections();
      exit(1);
    }, deadlineMs);
    // Stops accepting at once, closes idle keep-alive sockets, and calls back when the
    // last socket has closed.
    server.close((err) => {
      clearTimeout(deadline);
      if (err) logger.error({ err }, "error while closing the server");
      else logger.info("stopped");
      exit(err ? 1 : 0);
    });
    for (const res of inFlight) closeAfterResponse(res);
    // Logged once the listener is closed, so whoever reads it may rely on that.
    logger.info({ signal, inFlight: inFlight.size }, "stopping: finishing in-flight requests");
  }

  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
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
