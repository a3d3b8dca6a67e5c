/**
 * `npm run sandbox -- <verb> …`: the real Pulumi CLI against a Heroku Platform API that isn't
 * Heroku (src/sandbox/engine). Verbs:
 *   up|preview|refresh|destroy <stack> [pulumi flags]   the program, through the engine
 *   pulumi <args>                                       any pulumi command, in the sandbox
 * The API is the one HEROKU_API_URL and HEROKU_API_KEY name; the sandbox's own loopback server is
 * not built yet (docs/sandbox.md). State and stack copies live under .sandbox/ (gitignored).
 */
import * as path from "path";
import { PROJECT_DIR } from "../src/program/paths";
import { ENGINE_VERBS, isEngineVerb, runEngineVerb } from "../src/sandbox/engine/verbs";

const USAGE = `usage: npm run sandbox -- up|preview|refresh|destroy <stack> [pulumi flags]
       npm run sandbox -- pulumi <args>

The real Pulumi CLI (tools/install-engine.sh) with a file backend and a public passphrase under
.sandbox/, against the Platform API at HEROKU_API_URL (key: HEROKU_API_KEY). Your stack files are
only read: the sandbox keeps its own copy of each, with its own secrets.
`;

const [verb, ...args] = process.argv.slice(2);
if (verb === undefined || verb === "--help" || verb === "-h") {
  process.stdout.write(USAGE);
  process.exitCode = verb === undefined ? 2 : 0;
} else if (!isEngineVerb(verb)) {
  process.stderr.write(
    `sandbox: no verb "${verb}" (verbs: ${ENGINE_VERBS.join(", ")})\n\n${USAGE}`,
  );
  process.exitCode = 2;
} else {
  const url = process.env.HEROKU_API_URL || undefined; // empty is unset
  const key = process.env.HEROKU_API_KEY || undefined;
  if (verb !== "pulumi" && (url === undefined || key === undefined)) {
    process.stderr.write(
      `sandbox: ${verb} needs a Platform API to talk to: set HEROKU_API_URL and HEROKU_API_KEY (the sandbox's own loopback API is not built yet: docs/sandbox.md)\n`,
    );
    process.exitCode = 2;
  } else {
    const api = { url: url ?? "http://127.0.0.1:9/", key: key ?? "sandbox" };
    const root = path.join(PROJECT_DIR, ".sandbox", "engine");
    process.exitCode = runEngineVerb(verb, args, api, { root });
  }
}
