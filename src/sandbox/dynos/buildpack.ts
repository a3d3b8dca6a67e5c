import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as readline from "readline";
import { unpackSource } from "../api/runtime";

/**
 * What Heroku's Node.js buildpack (heroku/nodejs, classic) does to a source, done here to the
 * uploaded tarball in the slug's directory, with its log lines: `heroku-prebuild`, `npm ci` with
 * the dev dependencies, `heroku-postbuild` or else `build`, dev dependencies pruned,
 * `heroku-cleanup`; then the process types (the Procfile's, or `web: npm start`: unpackSource). A step that
 * fails fails the build, its output's tail in the error (the log has all of it).
 *
 * What differs, on purpose: Node.js and npm are this machine's (Heroku installs the version
 * `engines` asks for; the log says which runs); `npm ci` prefers the local npm cache (Heroku
 * restores its own build cache), so a build needs no network once the packages were fetched;
 * the slug is the built directory itself, not a compressed archive (nothing downloads it).
 */

export interface BuildInput {
  source: string;
  slugDir: string;
  /** The app's config vars: the buildpack sees them, as Heroku's does. */
  config: Readonly<Record<string, string>>;
  stack: string;
  log: (line: string) => void;
}

export interface BuiltSlug {
  processTypes: Record<string, string>;
  description: string;
  /** Bytes in the slug's files. */
  size: number;
}

const TAIL_LINES = 12;
const INDENT = "       ";

export async function buildNodeSlug(input: BuildInput): Promise<BuiltSlug> {
  const { slugDir, log } = input;
  const step = (title: string) => log(`-----> ${title}`);
  const said = (text: string) => log(`${INDENT}${text}`);
  step(`Building on the ${titleCase(input.stack)} stack`);
  step("Using buildpack: heroku/nodejs");
  const processTypes = await unpackSource(input.source, slugDir);
  const manifest = path.join(slugDir, "package.json");
  if (!fs.existsSync(manifest)) {
    throw new BuildError(
      "No default language could be detected for this app: heroku/nodejs needs a package.json at the root of the source",
      [],
    );
  }
  const pkg = readManifest(manifest);
  const scripts = pkg.scripts ?? {};
  step("Node.js app detected");
  step("Installing binaries");
  said(`engines.node (package.json):  ${pkg.engines?.node ?? "unspecified"}`);
  said(
    `Using this machine's Node.js ${process.version} (Heroku would install the version engines.node asks for)`,
  );
  const env = buildEnv(input.config, slugDir);
  const run = (args: string[]) => runLogged("npm", args, slugDir, env, said);
  if (scripts["heroku-prebuild"] !== undefined) {
    step("Prebuild");
    said("Running heroku-prebuild");
    await run(["run", "heroku-prebuild"]);
  }
  step("Installing dependencies");
  if (!fs.existsSync(path.join(slugDir, "package-lock.json"))) {
    throw new BuildError(
      "No package-lock.json: the sandbox's buildpack installs with `npm ci`, which needs the lockfile (run `npm install` and commit package-lock.json)",
      [],
    );
  }
  said("Installing node modules (package.json + package-lock)");
  await run(["ci", "--include=dev", "--prefer-offline", "--no-audit", "--no-fund"]);
  step("Build");
  const build = scripts["heroku-postbuild"] !== undefined ? "heroku-postbuild" : "build";
  if (scripts[build] !== undefined) {
    said(`Running ${build}`);
    await run(["run", build]);
  } else {
    said("No build script: nothing to build");
  }
  step("Pruning devDependencies");
  await run(["prune", "--omit=dev", "--no-audit", "--no-fund"]);
  if (scripts["heroku-cleanup"] !== undefined) {
    said("Running heroku-cleanup");
    await run(["run", "heroku-cleanup"]);
  }
  step("Build succeeded!");
  step("Discovering process types");
  said(`Procfile declares types -> ${Object.keys(processTypes).join(", ") || "(none)"}`);
  const size = directorySize(slugDir);
  step("Compressing...");
  said(
    `Done: ${(size / 1024 / 1024).toFixed(1)}M (the slug is its directory: nothing to compress)`,
  );
  step("Launching...");
  return { processTypes, description: "Node.js", size };
}

/** A failed step: its message, and the last lines of its output for the provider's error. */
export class BuildError extends Error {
  constructor(
    message: string,
    readonly tail: readonly string[],
  ) {
    super(tail.length > 0 ? `${message}\n${tail.join("\n")}` : message);
  }
}

interface Manifest {
  scripts?: Record<string, string>;
  engines?: { node?: string };
}

function readManifest(file: string): Manifest {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Manifest;
  } catch (error) {
    throw new BuildError(`package.json is not valid JSON: ${(error as Error).message}`, []);
  }
}

/**
 * The build's environment: the app's config vars (as the buildpack exports them), NODE_ENV
 * production unless set, this machine's Node first on PATH, and the runner's npm cache.
 */
function buildEnv(config: Readonly<Record<string, string>>, slugDir: string): NodeJS.ProcessEnv {
  const inherited = ["PATH", "USER", "LOGNAME", "LANG", "LC_ALL", "TZ", "TMPDIR"];
  const env: NodeJS.ProcessEnv = {};
  for (const name of inherited) if (process.env[name] !== undefined) env[name] = process.env[name];
  return {
    ...env,
    ...config,
    NODE_ENV: config.NODE_ENV ?? "production",
    HOME: slugDir,
    PATH: [path.dirname(process.execPath), process.env.PATH ?? "/usr/bin:/bin"].join(
      path.delimiter,
    ),
    npm_config_cache: process.env.npm_config_cache ?? path.join(os.homedir(), ".npm"),
    npm_config_update_notifier: "false",
    npm_config_loglevel: "error",
  };
}

/** Runs a build command, each line of its output logged; throws its tail when it fails. */
function runLogged(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const tail: string[] = [];
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => {
        log(line);
        tail.push(line);
        if (tail.length > TAIL_LINES) tail.shift();
      });
    }
    child.once("error", (error) =>
      reject(new BuildError(`${command} ${args[0]} could not start: ${error.message}`, [])),
    );
    child.once("close", (code, signal) => {
      if (code === 0) return resolve();
      const how = signal !== null ? `was killed by ${signal}` : `exited with status ${code}`;
      reject(new BuildError(`\`${command} ${args.join(" ")}\` ${how}:`, tail));
    });
  });
}

function directorySize(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

function titleCase(stack: string): string {
  return stack.replace(/^heroku/, "Heroku");
}
