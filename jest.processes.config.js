/**
 * The processes tier (`npm run test:processes`): the test files test/tiers.js lists, which start
 * the project's tools as processes, real PostgreSQL clusters, `npm run local` and its dynos, the
 * app's processes.
 * Separate from `npm test` to keep that within half a minute; .ci/run runs both.
 */
const base = require("./jest.config");
const tiers = require("./test/tiers");

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ["<rootDir>"],
  testMatch: tiers.processes.map((file) => `<rootDir>/${file}`),
  testPathIgnorePatterns: ["/node_modules/"],
};
