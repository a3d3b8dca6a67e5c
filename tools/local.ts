/**
 * `npm run local -- <stack>`: runs app/'s Procfile the way Heroku runs that stack, until Ctrl-C
 * or SIGTERM. Usage and exit statuses: src/local/command.ts.
 */
import { fatalLine } from "./fatal";
import { runLocalCommand } from "../src/local/command";

runLocalCommand(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(fatalLine("npm run local", error));
    process.exitCode = 1;
  },
);
