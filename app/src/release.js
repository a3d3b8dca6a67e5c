"use strict";

/**
 * Entry point of the `release` process: Heroku runs it once per release, before any dyno
 * of that release starts (and `npm run local` runs it first too). It brings the database's
 * schema up to date: the app's tables with node-pg-migrate (migrations/), then pg-boss's
 * own schema and the app's queues. Both are idempotent and hold an advisory lock while
 * they work. Any failure exits 1, which makes Heroku abort the release and keep the
 * previous one running.
 */

const path = require("node:path");
const { readConfigOrExit } = require("./config");
const { createLogger } = require("./logger");
const { createDatabase, DATABASE_OFF } = require("./database");
const { installQueue } = require("./queue");

const MIGRATIONS_DIR = path.join(__dirname, "..", "migrations");
const MIGRATIONS_TABLE = "pgmigrations"; // node-pg-migrate's default name

async function runRelease({ config, logger, migrationsDir = MIGRATIONS_DIR }) {
  if (!config.database) {
    logger.info({ database: "off" }, `${DATABASE_OFF}: no migrations to run`);
    return;
  }
  // node-pg-migrate is an ES module; a dynamic import loads it from CommonJS.
  const { runner } = await import("node-pg-migrate");
  const applied = await runner({
    databaseUrl: { connectionString: config.database.url, ssl: config.database.ssl },
    dir: migrationsDir,
    direction: "up",
    migrationsTable: MIGRATIONS_TABLE,
    checkOrder: true, // a migration added before one already run is an error, not skipped
    singleTransaction: true, // all pending migrations apply, or none
    logger: {
      debug: () => undefined,
      info: (message) => logger.debug({ migrate: message.trim() }, "node-pg-migrate"),
      warn: (message) => logger.warn({ migrate: message.trim() }, "node-pg-migrate"),
      error: (message) => logger.error({ migrate: message.trim() }, "node-pg-migrate"),
    },
  });
  const names = applied.map((migration) => migration.name);
  logger.info(
    { migrations: names },
    names.length > 0 ? `applied ${names.length} migration(s)` : "schema up to date",
  );

  const database = createDatabase(config, logger);
  try {
    await installQueue(database);
  } finally {
    await database.close();
  }
  logger.info("job queue schema up to date");
}

if (require.main === module) {
  const config = readConfigOrExit();
  const logger = createLogger(config);
  runRelease({ config, logger }).then(
    () => logger.info("release phase done"),
    (err) => {
      logger.error({ err }, "release phase failed");
      process.exitCode = 1;
    },
  );
}

module.exports = { runRelease, MIGRATIONS_DIR, MIGRATIONS_TABLE };
