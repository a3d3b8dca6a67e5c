/**
 * `npm run sandbox -- <verb> …`: the real Pulumi CLI against the sandbox's own Heroku Platform API
 * on loopback (src/sandbox). Verbs:
 *   up|preview|refresh|destroy <stack> [pulumi flags]   the program, through the engine
 *   pulumi <args>                                       any pulumi command, in the sandbox
 *   api                                                 serve the API in the foreground
 *   env                                                 HEROKU_API_URL=… HEROKU_API_KEY=… HEROKU_HOST=…
 *   stop                                                stop the API (its state stays)
 *   reset                                               clear the API's state and the sandbox's stacks
 * State lives under .sandbox/ (gitignored). Nothing here reaches a real Heroku.
 */
import { runSandbox } from "../src/sandbox/command";

runSandbox(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`sandbox: ${(error as Error).message}\n`);
    if (process.env.HEROKU_APP_DEBUG === "1") process.stderr.write(`${(error as Error).stack}\n`);
    process.exitCode = 1;
  },
);
