import { spawn, spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_DIR } from "./paths";
import { TYPESCRIPT_NODE_ARGS } from "./typescript-node";

/**
 * A copy of the project — program, tools, app/, Pulumi.yaml, stack files — in a temporary
 * folder, sharing this checkout's node_modules, so a test can edit stack files (or commit them)
 * and run the real commands there without touching the user's files. The folder's path is
 * stable per checkout and purpose, so the tools' compile cache is reused across runs.
 */

const COPIED = [
  ".gitignore",
  "index.ts",
  "package.json",
  "package-lock.json",
  "engine",
  "tsconfig.json",
  "Pulumi.yaml",
  "src",
  "tools",
  "app",
  "plans",
  "reference",
];

export interface ToolRun {
  status: number | null;
  out: string;
  err: string;
}

export interface ProjectCopy {
  dir: string;
  /** Writes a stack file of the copy. */
  writeStack(stack: string, yaml: string): void;
  readStack(stack: string): string;
  removeStack(stack: string): void;
  /** Runs a git command in the copy; throws with git's message when it fails. */
  git(...args: string[]): string;
  /** Runs `npm run plan -- <args>` in the copy: status, stdout, stderr. */
  plan(...args: string[]): Promise<ToolRun>;
  /** Runs one of the copy's tools (`sandbox.ts`) with `args`, its environment added to ours. */
  tool(tool: string, args: string[], env?: NodeJS.ProcessEnv): Promise<ToolRun>;
}

/** `stacks`: stack name → the stack file to copy (default: the project's own stack files). */
export function copyProject(purpose: string, stacks?: Record<string, string>): ProjectCopy {
  const id = createHash("sha256").update(PROJECT_DIR).digest("hex").slice(0, 8);
  const dir = path.join(os.tmpdir(), `heroku-app-${id}-${purpose}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const skip = new Set(["node_modules", ".bundle"]);
  for (const entry of COPIED) {
    const from = path.join(PROJECT_DIR, entry);
    if (!fs.existsSync(from)) continue;
    fs.cpSync(from, path.join(dir, entry), {
      recursive: true,
      filter: (source) => !source.split(path.sep).some((part) => skip.has(part)),
    });
  }
  const own = fs.readdirSync(PROJECT_DIR).filter((file) => /^Pulumi\..+\.ya?ml$/.test(file));
  const sources =
    stacks ??
    Object.fromEntries(own.map((file) => [file.slice(7, -5), path.join(PROJECT_DIR, file)]));
  for (const [stack, file] of Object.entries(sources)) {
    fs.copyFileSync(file, path.join(dir, `Pulumi.${stack}.yaml`));
  }
  fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(dir, "node_modules"), "dir");
  const stackFile = (stack: string) => path.join(dir, `Pulumi.${stack}.yaml`);
  return {
    dir,
    writeStack: (stack, yaml) => fs.writeFileSync(stackFile(stack), yaml),
    readStack: (stack) => fs.readFileSync(stackFile(stack), "utf8"),
    removeStack: (stack) => fs.rmSync(stackFile(stack)),
    git(...args) {
      const run = spawnSync("git", args, {
        cwd: dir,
        encoding: "utf8",
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: "test",
          GIT_AUTHOR_EMAIL: "test@example.com",
          GIT_COMMITTER_NAME: "test",
          GIT_COMMITTER_EMAIL: "test@example.com",
        },
      });
      if (run.status !== 0) throw new Error(`git ${args.join(" ")}: ${run.stderr}`);
      return run.stdout.trim();
    },
    plan: (...args) => runTool(dir, "plan.ts", args),
    tool: (tool, args, env) => runTool(dir, tool, args, env),
  };
}

/** A copy that is its own git repository, its files committed as `base`. */
export function copyProjectRepo(purpose: string, stacks?: Record<string, string>): ProjectCopy {
  const copy = copyProject(purpose, stacks);
  copy.git("init", "-q", "-b", "main");
  // The node_modules link is no directory, so .gitignore's `node_modules/` lets it through.
  fs.appendFileSync(path.join(copy.dir, ".git", "info", "exclude"), "node_modules\n");
  copy.git("add", "-A");
  copy.git("commit", "-q", "-m", "base");
  return copy;
}

/**
 * One of the tools in `dir`/tools (`bundle.ts`) run as the npm scripts run it, from `dir`, with
 * `env` added to ours: its exit status, stdout and stderr.
 */
export function runTool(dir: string, tool: string, args: string[], env?: NodeJS.ProcessEnv) {
  return new Promise<ToolRun>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...TYPESCRIPT_NODE_ARGS, path.join(dir, "tools", tool), ...args],
      {
        cwd: dir,
        env: env === undefined ? process.env : { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, out, err }));
  });
}
