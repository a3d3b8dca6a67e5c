/** Jest runs the program's tests (TypeScript, via ts-jest) and the app's own tests (plain JS). */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test", "<rootDir>/app/test"],
  // The engine tier runs the real Pulumi CLI: jest.engine.config.js, `npm run test:engine`.
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/engine/"],
  transform: { "^.+\\.ts$": "ts-jest" },
  testTimeout: 30000,
  // Its transform cache in the project, not TMPDIR: a run leaves TMPDIR as it found it.
  cacheDirectory: "<rootDir>/node_modules/.cache/jest",
  globalSetup: "<rootDir>/test/support/global-setup.js",
  globalTeardown: "<rootDir>/test/support/global-teardown.js",
};
