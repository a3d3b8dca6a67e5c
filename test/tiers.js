/**
 * Which test files each jest tier runs. `npm test` runs every file no other tier claims: the
 * program, the tools and the app in-process, loopback HTTP servers, git, bash and Prettier (about
 * 30 s here). The two others start what takes seconds per test, and .ci/run runs them too:
 * - `npm run test:processes`: the project's tools as the processes a user and CI start
 *   (`*\/process.test.ts`: exit statuses, stdout and stderr, processes at once), real PostgreSQL
 *   clusters, `npm run local` with its dynos, the app's web and worker processes (signalled as
 *   the dyno manager does, and against a database), and the whole of `npm test` run again on a
 *   copy of the project with its stack files added, renamed and removed;
 * - `npm run test:engine`: the real Pulumi CLI and providers (the CLI built from the Go module
 *   proxy the first time), running the program against the sandbox's Platform API.
 * Paths are relative to the project root.
 */
module.exports = {
  processes: [
    "app/test/database.test.js",
    "app/test/process.test.js",
    "test/adopt/process.test.ts",
    "test/drift/process.test.ts",
    "test/local/command.test.ts",
    "test/local/postgres.test.ts",
    "test/local/session.test.ts",
    "test/plan/process.test.ts",
    "test/program/process.test.ts",
    "test/project/user-edits.test.ts",
  ],
  engine: ["test/engine/"],
};
