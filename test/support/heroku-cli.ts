import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_DIR } from "../../src/program/paths";

/**
 * The real Heroku CLI as a client of the sandbox's API, for the engine tier. The npm package
 * `heroku`, pinned at 11.10.0 (the version the sandbox's routes were researched against), is
 * installed by the tests themselves into node_modules/.cache/heroku-cli-11.10.0, once per clone.
 * Not a project dependency: it is about 400 MB and a few hundred packages that only these tests
 * run, which every `npm ci` (and `npm test`, which needs no CLI) would otherwise install, and
 * whose tree would sit in the project's lockfile and audit. Removing node_modules removes it.
 *
 * Each run is kept offline and away from the user's files: a scratch HOME (the CLI writes
 * ~/.gitconfig, its caches and config there), HEROKU_HOST and the key pointing at the API, its
 * "particleboard" look-up at the API too, telemetry, analytics and update checks off.
 */

export const HEROKU_CLI_VERSION = "11.10.0";
const INSTALL_DIR = path.join(
  PROJECT_DIR,
  "node_modules",
  ".cache",
  `heroku-cli-${HEROKU_CLI_VERSION}`,
);
const BIN = path.join(INSTALL_DIR, "node_modules", ".bin", "heroku");
/** An install takes about 1.5 minutes here. */
export const HEROKU_CLI_INSTALL_TIMEOUT = 600_000;

/** The CLI's bin, installed first when this clone has none. */
export async function installHerokuCli(): Promise<string> {
  if (fs.existsSync(BIN)) return BIN;
  // Installed beside, then renamed: an interrupted install never passes for a finished one.
  const partial = `${INSTALL_DIR}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  fs.writeFileSync(path.join(partial, "package.json"), '{"private":true}\n');
  const result = await run(
    "npm",
    // The commands used here need none of its packages' install scripts (ssh2, protobufjs…).
    ["install", `heroku@${HEROKU_CLI_VERSION}`, "--ignore-scripts", "--no-audit", "--no-fund"],
    { cwd: partial, env: process.env },
  );
  if (result.status !== 0) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw new Error(`npm install heroku@${HEROKU_CLI_VERSION} failed:\n${result.stderr}`);
  }
  fs.rmSync(INSTALL_DIR, { recursive: true, force: true });
  fs.renameSync(partial, INSTALL_DIR);
  return BIN;
}

export interface HerokuCliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** A Heroku CLI talking to one API, with a scratch HOME of its own (removed by `close`). */
export class HerokuCli {
  private readonly home: string;

  constructor(private readonly api: () => { url: string; key: string }) {
    this.home = fs.mkdtempSync(path.join(os.tmpdir(), "heroku-cli-home-"));
    // The CLI prints a one-time terms-of-service notice unless this marker exists.
    fs.mkdirSync(path.join(this.home, ".cache", "heroku"), { recursive: true });
    fs.writeFileSync(path.join(this.home, ".cache", "heroku", "terms-of-service"), "");
  }

  env(): NodeJS.ProcessEnv {
    const { url, key } = this.api();
    return {
      PATH: process.env.PATH,
      HOME: this.home,
      XDG_CONFIG_HOME: path.join(this.home, ".config"),
      XDG_CACHE_HOME: path.join(this.home, ".cache"),
      XDG_DATA_HOME: path.join(this.home, ".local", "share"),
      HEROKU_HOST: url,
      HEROKU_API_KEY: key,
      HEROKU_PARTICLEBOARD_URL: url,
      DISABLE_TELEMETRY: "true",
      HEROKU_SKIP_ANALYTICS: "1",
      HEROKU_DISABLE_AUTOUPDATE: "true",
      HEROKU_SKIP_NEW_VERSION_CHECK: "true",
      NO_COLOR: "1",
      FORCE_COLOR: "0",
      COLUMNS: "200",
    };
  }

  /**
   * `heroku <args>`, asynchronously: the API it talks to may be served by this very process. Run
   * from the scratch HOME, outside any git repository, so the app comes from `-a` alone.
   */
  run(args: string[], options: { timeoutMs?: number } = {}): Promise<HerokuCliResult> {
    return run(BIN, args, { cwd: this.home, env: this.env(), timeoutMs: options.timeoutMs });
  }

  /** Starts `heroku <args>` and leaves it running (`logs --tail`): its output so far, and a stop. */
  start(args: string[]) {
    const child = spawn(BIN, args, {
      cwd: this.home,
      env: this.env(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
    return {
      output: () => ({ stdout, stderr }),
      stop: async () => {
        child.kill("SIGINT");
        await exited;
      },
    };
  }

  close(): void {
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}

function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<HerokuCliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.once("error", reject);
    child.once("close", (status) => {
      clearTimeout(timer);
      resolve({ status: status ?? 1, stdout, stderr });
    });
  });
}
