"use strict";

/**
 * The tasks the web dyno records and the worker completes (src/tasks.js). Run by the
 * release phase (src/release.js) with node-pg-migrate, which records it in `pgmigrations`.
 */

/** @param {import("node-pg-migrate").MigrationBuilder} pgm */
exports.up = (pgm) => {
  pgm.createTable("tasks", {
    id: { type: "bigint", primaryKey: true, sequenceGenerated: { precedence: "ALWAYS" } },
    text: { type: "text", notNull: true, check: "char_length(text) between 1 and 1000" },
    status: {
      type: "text",
      notNull: true,
      default: "queued",
      check: "status in ('queued', 'done')",
    },
    result: { type: "jsonb" },
    created_at: { type: "timestamptz", notNull: true, default: pgm.func("now()") },
    completed_at: { type: "timestamptz" },
    completed_by: { type: "text" },
  });
};

/** @param {import("node-pg-migrate").MigrationBuilder} pgm */
exports.down = (pgm) => {
  pgm.dropTable("tasks");
};
