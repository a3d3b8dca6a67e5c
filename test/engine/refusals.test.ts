import * as fs from "fs";
import * as path from "path";
import { FIXTURES_DIR } from "../support/paths";
import { ProgramWorkspace } from "../support/pulumi-cli";

/**
 * What the engine's user reads when the program refuses to run a stack, under the real
 * `pulumi preview`: the refusal's own words — the file, the key, how to fix it — and nothing
 * else: no "unhandled exception", no stack trace, no terminal escapes, no secret. One workspace
 * runs this project's program on every stack here.
 */

let workspace: ProgramWorkspace;
beforeAll(() => {
  workspace = new ProgramWorkspace();
});
afterAll(() => workspace?.dispose());

/** A preview of `stack`: its exit status, and what the Diagnostics section says, unindented. */
function preview(stack: string, args: string[] = []) {
  const { status, stdout, stderr } = workspace.run(["preview", "--stack", stack, ...args]);
  const output = stdout + stderr;
  const diagnostics = /\nDiagnostics:\n([\s\S]*?)(?:\n\S|$)/.exec(output)?.[1] ?? "";
  return { status, output, diagnostics: diagnostics.replace(/^ {2}/gm, "").trimEnd() };
}

/** The words a user must never be shown for a refusal: a crash's, a trace's, a terminal's. */
function expectNoCrash(output: string): void {
  expect(output).not.toMatch(/unhandled exception/);
  expect(output).not.toMatch(/\bat .*:\d+:\d+/);
  expect(output).not.toContain("\u001b[");
}

test("a stack file the program refuses: every problem, naming file and key, and nothing else", () => {
  const stack = "basic-scaled";
  const file = path.join(FIXTURES_DIR, "invalid", `Pulumi.${stack}.yaml`);
  workspace.addStack(stack, file);
  const secret = "tok_live_9f8e7d6c5b4a39281706";
  const setSecret = ["config", "set", "--secret", "--path", "configVars.API_TOKEN", secret];
  workspace.ok([...setSecret, "--stack", stack]);

  const { status, output, diagnostics } = preview(stack);
  expect(status).not.toBe(0);
  const expected = [...fs.readFileSync(file, "utf8").matchAll(/^# expect: (.+)$/gm)].map(
    ([, text]) => `Pulumi.${stack}.yaml: ${text}`,
  );
  expect(diagnostics).toBe(
    [
      `pulumi:pulumi:Stack (heroku-app-${stack}):`,
      `  error: Stack "${stack}" has 2 config problems:`,
      `    - Pulumi.${stack}.yaml: heroku-app:configVars: holds a secret, but plain config vars are stored and shown in plaintext; put it in sensitiveVars`,
      ...expected.map((line) => `    - ${line}`),
    ].join("\n"),
  );
  expectNoCrash(output);
  expect(output).not.toContain(secret);
});
