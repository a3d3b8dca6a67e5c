/**
 * `npm run plan`: what each stack declares, offline — no Pulumi CLI, no credentials. Runs the
 * real program under the SDK's mock runtime with Pulumi.<stack>.yaml and prints the desired
 * state (`--json`, `--markdown`), a parity report of two stacks (`--diff`), or writes and checks
 * the committed snapshots in plans/ (`--write`, `--check`). Usage: src/plan-command.ts.
 */

// tsx turns source maps on, and the Pulumi SDK captures a full stack trace (no depth limit)
// for every resource and many of its promises: mapping those frames was the largest cost of a
// plan after loading the SDK itself (bench/plan.ts). The plan never shows those positions.
// Off before anything loads, since Node reads a module's source map when it compiles it; ask
// for them (NODE_OPTIONS=--enable-source-maps) to read a bug's stack in TypeScript lines.
const askedForSourceMaps = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].some((arg) =>
  arg.includes("--enable-source-maps"),
);
if (!askedForSourceMaps) process.setSourceMapsEnabled(false);

const io = {
  out: (text: string) => process.stdout.write(text),
  err: (text: string) => process.stderr.write(text),
};

// Required (not imported) so that it loads after the line above, through tsx's CommonJS hook.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runPlanCommand } = require("../src/plan-command") as typeof import("../src/plan-command");

runPlanCommand(process.argv.slice(2), io).then(
  (status) => (process.exitCode = status),
  (error: unknown) => {
    io.err(`plan: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
