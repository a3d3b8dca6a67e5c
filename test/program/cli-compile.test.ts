import { spawn } from "child_process";
import * as path from "path";
import { listStacks } from "../../src/stack-files/load";
import { PROJECT_DIR } from "../support/paths";

/**
 * `pulumi up` compiles the program with the SDK's vendored ts-node 7.0.1, the project's TypeScript
 * and tsconfig.json, type-checking — not with ts-jest or esbuild, which the other tests and tools
 * use. A program that only compiles under those would fail at the first `pulumi up`.
 */

const SCRIPT = path.join(PROJECT_DIR, "test", "support", "cli-compile.js");

function compileAndRun(stacks: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SCRIPT, PROJECT_DIR, ...stacks], {
      // No ts-node cache: the run type-checks from scratch, as on a fresh CI machine.
      env: { ...process.env, TS_NODE_CACHE: "false" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("close", (status) => resolve({ status, output }));
  });
}

// One type-check for every stack (it is most of the time), then each stack's program runs.
const stacks = listStacks();
let run: ReturnType<typeof compileAndRun>;
beforeAll(() => {
  run = compileAndRun(stacks);
});

test.each(stacks)(
  "the %s stack's program compiles and runs as the Pulumi CLI starts it (vendored ts-node)",
  async (stack) => {
    const { status, output } = await run;
    expect(output).toMatch(new RegExp(`^compiled ${stack}: .*\\bappName\\b.*\\bwebUrl\\b`, "m"));
    expect(status).toBe(0);
  },
  60_000,
);
