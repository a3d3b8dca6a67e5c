/**
 * `npm test`: the program's tests (TypeScript, compiled as the tools compile it) and the app's own tests (plain JS),
 * except the files another tier runs (test/tiers.js: jest.processes.config.js, jest.engine.config.js).
 */
const os = require("os");
const tiers = require("./test/tiers");

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test", "<rootDir>/app/test"],
  testPathIgnorePatterns: [
    "/node_modules/",
    ...[...tiers.processes, ...tiers.engine].map((file) => `^<rootDir>/${escapeRegExp(file)}`),
  ],
  // File by file, types stripped and nothing checked (tsc does that: `npm run typecheck`), by the
  // compile the tools and `pulumi` run the program with.
  transform: { "^.+\\.ts$": "<rootDir>/tools/jest-transform.js" },
  // Not the ~450 modules and the TypeScript compiler @pulumi/pulumi loads for closure
  // serialization when it starts: tools/no-arborist.js, tools/lazy-typescript.js.
  moduleNameMapper: {
    "^@npmcli/arborist$": "<rootDir>/tools/no-arborist.js",
    "^\\.\\.?/(\\.\\./)*typescript-shim$": "<rootDir>/tools/lazy-typescript.js",
  },
  // One worker more than the cores (jest's default is one fewer): many tests wait on processes,
  // git and sockets. On two cores, 3 workers ran the tier in 35 s, 2 in 36 s, 4 in 41 s.
  maxWorkers: os.availableParallelism() + 1,
  testTimeout: 30000,
  // Its transform cache in the project, not TMPDIR: a run leaves TMPDIR as it found it.
  cacheDirectory: "<rootDir>/node_modules/.cache/jest",
  globalSetup: "<rootDir>/test/support/global-setup.js",
  globalTeardown: "<rootDir>/test/support/global-teardown.js",
};
