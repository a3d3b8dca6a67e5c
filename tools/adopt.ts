/**
 * `npm run adopt`: writes Pulumi.<stack>.yaml for an app that already exists on Heroku, with the
 * ids the first `pulumi up` imports it by; `--done <stack>` drops those ids afterwards.
 * Usage: src/adopt/command.ts.
 */
import { fatalLine } from "./fatal";
import { runAdoptCommand } from "../src/adopt/command";

const io = {
  out: (text: string) => process.stdout.write(text),
  err: (text: string) => process.stderr.write(text),
};

runAdoptCommand(process.argv.slice(2), io).then(
  (status) => (process.exitCode = status),
  (error: unknown) => {
    io.err(fatalLine("adopt", error));
    process.exitCode = 1;
  },
);
