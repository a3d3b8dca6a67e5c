/**
 * Which test files each jest tier runs. `npm test` runs every file no other tier claims: in-process
 * tests, loopback HTTP servers, short-lived processes (about 30 s here). The two others start what
 * takes seconds per test, and .ci/run runs them too:
 * - `npm run test:processes`: real PostgreSQL clusters, `npm run local` with its dynos, the app's
 *   web and worker processes (signalled as the dyno manager does, and against a database), and the whole of `npm test` run again on a copy of the project
 *   with its stack files added, renamed and removed;
 * - `npm run test:engine`: the real Pulumi CLI and providers (the CLI built from the Go module
 *   proxy the first time), running the program against the sandbox's Platform API.
 * Paths are relative to the project root.
 */
module.exports = {
  processes: [
    "app/test/database.test.js",
    "app/test/process.test.js",
    "test/local/command.test.ts",
    "test/local/postgres.test.ts",
    "test/local/session.test.ts",
    "test/project/user-edits.test.ts",
  ],
  engine: ["test/engine/"],
};
