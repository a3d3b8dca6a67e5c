/**
 * `npm run local -- <stack>`: runs app/'s Procfile the way Heroku runs that stack, until Ctrl-C
 * or SIGTERM. Usage and exit statuses: src/local/command.ts.
 */
import { runLocalCommand } from "../src/local/command";

runLocalCommand(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`npm run local: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
