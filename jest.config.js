/** Jest runs the program's tests (TypeScript, via ts-jest) and the app's own tests (plain JS). */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test", "<rootDir>/app/test"],
  transform: { "^.+\\.ts$": "ts-jest" },
  testTimeout: 30000,
};
