"use strict";

/**
 * Entry point of the `worker` process: completes the tasks web dynos queue (src/tasks.js)
 * and, every WORKER_INTERVAL_MS, logs a heartbeat with the dyno's memory use and
 * event-loop delay, a metric line a log drain can chart and alert on. Without a database
 * it only beats, and says so. Stops on SIGTERM/SIGINT with exit code 0, after the job in
 * hand is done.
 */

const { monitorEventLoopDelay } = require("node:perf_hooks");
const { readConfigOrExit } = require("./config");
const { createLogger } = require("./logger");
const { createDatabase, DATABASE_OFF } = require("./database");
const { TASK_QUEUE, createQueue } = require("./queue");
const { completeTasks } = require("./tasks");

/** How often an idle worker asks for new jobs (pg-boss polls; 0.5 s is its minimum). */
const POLLING_INTERVAL_SECONDS = 1;
/**
 * Jobs taken at a time. pg-boss waits its polling interval after every fetch, so one job a fetch
 * drained a backlog at one task a second; a full batch now asks for the next one at once
 * (notifyWorker), and a backlog drains at the speed of the work (`npm run bench -- worker`).
 */
const BATCH_SIZE = 20;
/** How long a stop waits for the job in hand; Heroku's SIGKILL comes at 30 s. */
const STOP_TIMEOUT_MS = 20_000;

async function startWorker({ config, logger = createLogger(config) }) {
  const stopHeartbeat = startHeartbeat(config, logger);
  const database = createDatabase(config, logger);
  if (!database) {
    logger.info({ database: "off" }, `${DATABASE_OFF}: no tasks to work on`);
    return async (signal) => stopHeartbeat(signal);
  }

  const queue = createQueue(database, { supervise: true });
  queue.on("error", (err) => logger.error({ err }, "job queue error"));
  try {
    await queue.start();
  } catch (err) {
    await database.close();
    stopHeartbeat("start failed");
    throw err;
  }
  const dyno = config.heroku.dyno;
  let workerId;
  workerId = await queue.work(
    TASK_QUEUE,
    { pollingIntervalSeconds: POLLING_INTERVAL_SECONDS, batchSize: BATCH_SIZE },
    async (jobs) => {
      await completeJobs(jobs, { database, logger, dyno });
      // A full batch: more are waiting, so fetch again now rather than after the interval.
      if (jobs.length === BATCH_SIZE && workerId !== undefined) queue.notifyWorker(workerId);
    },
  );
  logger.info({ queue: TASK_QUEUE }, "working on tasks");

  return async (signal) => {
    await queue.stop({ graceful: true, timeout: STOP_TIMEOUT_MS });
    await database.close();
    stopHeartbeat(signal);
  };
}

async function completeJobs(jobs, { database, logger, dyno }) {
  const done = await completeTasks(
    database,
    jobs.map((job) => job.data.taskId),
    dyno,
  );
  for (const job of jobs) {
    const task = done.get(Number(job.data.taskId));
    if (task) logger.info({ taskId: task.id, jobId: job.id, result: task.result }, "task done");
    else logger.warn({ taskId: job.data.taskId, jobId: job.id }, "task no longer exists");
  }
}

function startHeartbeat(config, logger) {
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

  return function stop(signal) {
    clearInterval(timer);
    loopDelay.disable();
    logger.info({ signal, beats }, "worker stopped");
  };
}

function toMb(bytes) {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

if (require.main === module) {
  const config = readConfigOrExit();
  const logger = createLogger(config);
  const stopping = startWorker({ config, logger }).catch((err) => {
    logger.error({ err }, "worker could not start (has the release phase run?)");
    process.exit(1);
  });
  let signalled = false;
  const onSignal = async (signal) => {
    if (signalled) return; // a second signal must not cut the job in hand
    signalled = true;
    const stop = await stopping;
    try {
      await stop(signal);
    } catch (err) {
      logger.error({ err }, "error while stopping");
      process.exit(1);
    }
    // Exit now rather than when the event loop drains: a timer left by a library would
    // otherwise keep the dyno up until Heroku's SIGKILL.
    process.exit(0);
  };
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  process.on("SIGINT", () => onSignal("SIGINT"));
}

module.exports = { startWorker };
