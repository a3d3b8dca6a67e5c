import { spawn } from "child_process";

import type { ToolRun } from "./project-copy";

/**
 * A command line as a user types it (`npm run sandbox -- …`), through bash, in `dir`; `input` is
 * what they would type at its prompt (its stdin).
 */
export function runShell(
  dir: string,
  command: string,
  env: NodeJS.ProcessEnv = {},
  input?: string,
): Promise<ToolRun> {
  return run("bash", ["-c", command], dir, env, input);
}

function run(
  file: string,
  args: string[],
  dir: string,
  env: NodeJS.ProcessEnv,
  input?: string,
): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: dir,
      env: { ...process.env, HEROKU_API_URL: "", HEROKU_API_KEY: "", NO_COLOR: "1", ...env },
      stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    child.stdin?.end(input);
    let out = "";
    let err = "";
    child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, out, err }));
  });
}

/** Fails with what the command printed when it did not succeed. */
export function expectOk(result: ToolRun): void {
  if (result.status !== 0) throw new Error(`exited ${result.status}\n${result.out}\n${result.err}`);
}
