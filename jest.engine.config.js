/**
 * The engine tier (`npm run test:engine`): tests that run the real Pulumi CLI, which
 * tools/install-engine.sh finds or builds first. Separate from `npm test` because the first build
 * takes minutes; .ci/run runs both.
 */
const base = require("./jest.config");

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: require("./test/tiers").engine.map((dir) => `<rootDir>/${dir}`),
  testPathIgnorePatterns: ["/node_modules/"],
  testTimeout: 120000,
  // Each file deploys stacks through the real engine: one at a time keeps the machine's cores for it.
  maxWorkers: 1,
};
