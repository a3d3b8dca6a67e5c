/**
 * Which test files each jest tier runs. `npm test` runs every file no other tier claims: in-process
 * tests, loopback HTTP servers, short-lived processes (about 45 s here). The two others start what
 * takes seconds per test, and .ci/run runs them too:
 * - `npm run test:processes`: real PostgreSQL clusters, `npm run local` with its dynos, the app's
 *   processes against a database, the program compiled as the Pulumi CLI compiles it, and the
 *   whole of `npm test` run again on a copy of the project with its stack files added, renamed
 *   and removed;
 * - `npm run test:engine`: the real Pulumi CLI (built from the Go module proxy the first time).
 * Paths are relative to the project root.
 */
module.exports = {
  processes: [
    "app/test/database.test.js",
    "test/local/command.test.ts",
    "test/local/postgres.test.ts",
    "test/local/session.test.ts",
    "test/program/cli-compile.test.ts",
    "test/project/user-edits.test.ts",
  ],
  engine: ["test/engine/"],
};
