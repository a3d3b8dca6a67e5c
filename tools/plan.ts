/**
 * `npm run plan`: what each stack declares, offline — no Pulumi CLI, no credentials. Runs the
 * real program under the SDK's mock runtime with Pulumi.<stack>.yaml and prints the desired
 * state (`--json`, `--markdown`), a parity report of two stacks (`--diff`), or writes and checks
 * the committed snapshots in plans/ (`--write`, `--check`). Usage: src/plan/command.ts.
 */
import "./lean-sdk";
import { fatalLine } from "./fatal";
import { runPlanCommand } from "../src/plan/command";

const io = {
  out: (text: string) => process.stdout.write(text),
  err: (text: string) => process.stderr.write(text),
};

runPlanCommand(process.argv.slice(2), io).then(
  (status) => (process.exitCode = status),
  (error: unknown) => {
    io.err(fatalLine("plan", error));
    process.exitCode = 1;
  },
);
