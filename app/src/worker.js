"use strict";

/**
 * Entry point of the `worker` process: every WORKER_INTERVAL_MS it logs a heartbeat with
 * the dyno's memory use and event-loop delay, a metric line a log drain can chart and
 * alert on. Stops on SIGTERM/SIGINT with exit code 0.
 */

const { monitorEventLoopDelay } = require("node:perf_hooks");
const { readConfig } = require("./config");
const { createLogger } = require("./logger");

function startWorker({ config = readConfig(), logger = createLogger(config) } = {}) {
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  let beats = 0;

  function beat() {
    const memory = process.memoryUsage();
    logger.info(
      {
        metric: "heartbeat",
        beat: ++beats,
        rssMb: toMb(memory.rss),
        heapUsedMb: toMb(memory.heapUsed),
        eventLoopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e6),
      },
      "worker heartbeat",
    );
    loopDelay.reset();
  }

  beat(); // one right away, so a fresh dyno shows it is alive without waiting an interval
  const timer = setInterval(beat, config.workerIntervalMs);

  function stop(signal) {
    clearInterval(timer);
    loopDelay.disable();
    logger.info({ signal, beats }, "worker stopped");
  }
  return stop;
}

function toMb(bytes) {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

if (require.main === module) {
  const stop = startWorker();
  // Nothing else holds the event loop, so clearing the timer lets Node exit with code 0.
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}

module.exports = { startWorker };
