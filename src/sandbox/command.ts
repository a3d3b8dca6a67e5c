import * as fs from "fs";
import * as path from "path";
import { API_DIR, SANDBOX_DIR, ensureApi, serveApi, stopApi } from "./daemon";
import { ENGINE_VERBS, isEngineVerb, runEngineVerb } from "./engine/verbs";
import type { SandboxApi } from "./engine/workspace";

/** `npm run sandbox -- …` (tools/sandbox.ts): the verbs, their usage, and which API they talk to. */

export const USAGE = `usage: npm run sandbox -- up|preview|refresh|destroy <stack> [pulumi flags]
       npm run sandbox -- pulumi <args>
       npm run sandbox -- api | env | stop | reset

The real Pulumi CLI (tools/install-engine.sh) with a file backend and a public passphrase under
.sandbox/, against the sandbox's own Heroku Platform API on loopback, which runs what it releases
as Heroku would: builds, the release phase, each app's dynos behind a router on its web_url, a
PostgreSQL per heroku-postgresql add-on (docs/sandbox.md). The API starts in the background when
it isn't running; \`api\` serves it in the foreground, \`stop\` stops it and all it runs, \`reset\`
clears it and the sandbox's stacks, \`env\` prints what curl and the Heroku CLI need
(HEROKU_HOST, HEROKU_API_KEY, …). HEROKU_API_URL may name another Platform API on loopback
instead. Your stack files are only read: the sandbox keeps its own copy of each, with its own
secrets.
`;

const OWN_VERBS = ["api", "env", "stop", "reset"] as const;

export async function runSandbox(argv: string[], root = SANDBOX_DIR): Promise<number> {
  const [verb, ...args] = argv;
  const apiDir = path.join(root, "api");
  if (verb === undefined || verb === "--help" || verb === "-h") {
    process.stdout.write(USAGE);
    return verb === undefined ? 2 : 0;
  }
  if (verb === "api") {
    await serveApi(apiDir);
    return await new Promise<number>(() => undefined); // serves until a signal stops it
  }
  if (verb === "stop") {
    console.error(
      (await stopApi(apiDir))
        ? "sandbox: API stopped (its state stays)"
        : "sandbox: the API was not running",
    );
    return 0;
  }
  if (verb === "reset") {
    await stopApi(apiDir);
    for (const dir of databaseDirs(apiDir)) fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(apiDir, { recursive: true, force: true });
    fs.rmSync(path.join(root, "engine"), { recursive: true, force: true });
    console.error("sandbox: cleared the API's state and the sandbox's stacks");
    return 0;
  }
  if (verb !== "env" && !isEngineVerb(verb)) {
    const verbs = [...ENGINE_VERBS, ...OWN_VERBS].join(", ");
    process.stderr.write(`sandbox: no verb "${verb}" (verbs: ${verbs})\n\n${USAGE}`);
    return 2;
  }
  const api = await platformApi(apiDir);
  if (typeof api === "number") return api;
  if (verb === "env") {
    for (const [name, value] of Object.entries(apiEnv(api))) {
      process.stdout.write(`export ${name}=${shellQuote(value)}\n`);
    }
    return 0;
  }
  return runEngineVerb(verb as (typeof ENGINE_VERBS)[number], args, api, {
    root: path.join(root, "engine"),
  });
}

/**
 * Where the API's databases keep their data: under it, or (where PostgreSQL's user can't reach
 * it) beside the temp dir; `reset` deletes them all.
 */
function databaseDirs(apiDir: string): string[] {
  try {
    const records = JSON.parse(fs.readFileSync(path.join(apiDir, "databases.json"), "utf8")) as {
      dir: string;
    }[];
    return records.map((record) => record.dir);
  } catch {
    return [];
  }
}

/**
 * What the Heroku provider, the Heroku CLI and curl need to talk to the API. The Heroku CLI also
 * asks particleboard.heroku.com about the account beside every `GET /account` (`heroku apps`):
 * pointed at the API, which answers it, it stays on loopback (unreachable, it retries for about
 * 9 s); and its telemetry to Heroku is turned off.
 */
export function apiEnv(api: SandboxApi): Record<string, string> {
  return {
    HEROKU_API_URL: api.url,
    HEROKU_API_KEY: api.key,
    HEROKU_HOST: api.url,
    HEROKU_PARTICLEBOARD_URL: api.url,
    DISABLE_TELEMETRY: "true",
  };
}

/**
 * The API to talk to: the one HEROKU_API_URL names, if it is on loopback (a team's own fake, or
 * this sandbox's own as `env` printed it), with HEROKU_API_KEY; otherwise the sandbox's own, with
 * its own key. A key from the environment is never sent anywhere else; a URL off loopback is
 * refused, so nothing here reaches a real Heroku.
 */
async function platformApi(apiDir: string): Promise<SandboxApi | number> {
  const url = process.env.HEROKU_API_URL || undefined; // empty is unset
  if (url === undefined) {
    const running = await ensureApi(apiDir);
    return { url: running.url, key: running.key };
  }
  if (!onLoopback(url)) {
    console.error(
      `sandbox: HEROKU_API_URL=${url} is not on loopback, and the sandbox never talks to a real Heroku: unset it to use the sandbox's own API`,
    );
    return 2;
  }
  const key = process.env.HEROKU_API_KEY || undefined;
  if (key === undefined) {
    console.error(`sandbox: HEROKU_API_URL=${url} needs its key in HEROKU_API_KEY`);
    return 2;
  }
  return { url: url.replace(/\/+$/, ""), key };
}

export function onLoopback(url: string): boolean {
  try {
    const { hostname, protocol } = new URL(url);
    const host = hostname.replace(/^\[|\]$/g, "");
    return (
      (protocol === "http:" || protocol === "https:") &&
      (host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host))
    );
  } catch {
    return false;
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export { API_DIR };
