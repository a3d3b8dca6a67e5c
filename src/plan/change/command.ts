import * as path from "path";
import { PROJECT_DIR } from "../../program/paths";
import { NoToolchain, findToolchain } from "../../sandbox/engine/toolchain";
import type { Toolchain } from "../../sandbox/engine/toolchain";
import { listStacks } from "../../stack-files/load";
import { ChangeSandbox } from "./engine";
import { renderChangeJson, renderChangeMarkdown, renderChangeText } from "./render";
import type { StackChangeReport } from "./render";
import { ChangeRun } from "./runner";
import { RefError, checkoutRef, resolveRef } from "./tree";

/**
 * `npm run plan -- <stack> --against <git-ref>`: what `pulumi up` would do to each stack, as the
 * ref deploys it, to go to the working tree — answered by the real engine (the Pulumi CLI and the
 * providers) in a throwaway sandbox: the ref checked out and deployed against the sandbox's own
 * Platform API, then previewed at the working tree (runner.ts). No credentials, no account; it
 * says nothing about the live stacks (a `pulumi preview` with credentials does). Exit codes: 0
 * fine, 1 the engine refuses a change or a stack can't be compared, 2 a bad ref, a stack given as
 * a path, or no engine to run (it says what to install: there is no other model to fall back on).
 */

export type ChangeFormat = "text" | "markdown" | "json";

export interface ChangeCommand {
  ref: string;
  /** Stack names; none means every stack at the ref or in the working tree. */
  stacks: string[];
  format: ChangeFormat;
}

interface IO {
  out(text: string): void;
  err(text: string): void;
}

/** The engine's toolchain (tools/install-engine.sh), or why there is none. */
export type ToolchainFinder = () => Toolchain;

export async function runChangePlan(
  command: ChangeCommand,
  io: IO,
  projectDir = PROJECT_DIR,
  toolchain: ToolchainFinder = () => findToolchain(true),
): Promise<number> {
  const paths = command.stacks.filter((stack) => /\.ya?ml$/.test(stack) || stack.includes("/"));
  if (paths.length > 0) {
    io.err(
      `plan: --against compares stacks of this project by name, not files: ${paths.join(", ")}\n`,
    );
    return 2;
  }
  let ref;
  try {
    ref = resolveRef(command.ref, projectDir);
  } catch (error) {
    if (!(error instanceof RefError)) throw error;
    io.err(`plan: --against ${command.ref}: ${error.message}\n`);
    return 2;
  }
  const everyStack = [...new Set([...ref.stacks, ...listStacks(projectDir)])].sort();
  const stacks = command.stacks.length > 0 ? command.stacks : everyStack;
  let status = 0;
  const known = stacks.filter((stack) => {
    if (everyStack.includes(stack)) return true;
    status = 1;
    io.err(
      `plan: ${stack}: can't be compared with ${ref.label}: no Pulumi.${stack}.yaml at ${ref.label} or in the working tree (stacks: ${everyStack.join(", ")})\n`,
    );
    return false;
  });
  if (known.length === 0 && stacks.length > 0) return status;
  let tools: Toolchain;
  try {
    tools = toolchain();
  } catch (error) {
    if (!(error instanceof NoToolchain)) throw error;
    io.err(`plan: --against runs the Pulumi engine in a sandbox: ${installHint(error)}\n`);
    return 2;
  }

  const sandbox = await ChangeSandbox.start(tools);
  try {
    const refDir = checkoutRef(ref, projectDir, path.join(sandbox.scratch, "ref"));
    const run = new ChangeRun(
      sandbox,
      { dir: refDir, where: `at ${ref.label}`, ref: command.ref, label: ref.label },
      { dir: projectDir, where: "in the working tree" },
    );
    const reports: StackChangeReport[] = [];
    for (const outcome of await run.compare(known)) {
      if (outcome.report !== undefined) reports.push(outcome.report);
      if (outcome.failure !== undefined) {
        status = 1;
        io.err(
          `plan: ${outcome.stack}: can't be compared with ${ref.label}:\n${outcome.failure.join("\n")}\n`,
        );
      }
    }
    for (const report of reports) {
      for (const change of report.changes) {
        for (const error of change.errors) {
          status = 1;
          io.err(`plan: ${report.stack}: ${change.name} (${change.type}): ${error}\n`);
        }
      }
    }
    if (command.format === "json") io.out(renderChangeJson(reports));
    else if (command.format === "markdown") io.out(renderChangeMarkdown(reports));
    else io.out(renderChangeText(reports));
    return status;
  } finally {
    await sandbox.close();
  }
}

/** The installer's own reason, in one line (its last: what to install). */
function installHint(error: NoToolchain): string {
  const lines = error.stderr
    .split("\n")
    .map((line) => line.replace(/^install-engine: /, "").trim())
    .filter((line) => line !== "");
  return lines[lines.length - 1] ?? error.message;
}
