import { runProgramVerb } from "./gone";
import { syncStack } from "./stacks";
import { NoToolchain, findToolchain } from "./toolchain";
import type { Toolchain } from "./toolchain";
import { SandboxApi, SandboxWorkspace } from "./workspace";

/**
 * `npm run sandbox -- up|preview|refresh|destroy <stack> [pulumi flags]` and
 * `npm run sandbox -- pulumi <args>`: the real Pulumi CLI against the sandbox's API (see
 * workspace.ts for what is the sandbox's own). The program's verbs need the Node.js language host
 * and the providers; a CLI alone serves `pulumi config`, `stack`, `import` planning and the like.
 * A program verb that fails because a resource was deleted by hand says so, and what brings it
 * back (gone.ts).
 */

export const PROGRAM_VERBS = ["up", "preview", "refresh", "destroy"] as const;
export const ENGINE_VERBS = [...PROGRAM_VERBS, "pulumi"] as const;
export type EngineVerb = (typeof ENGINE_VERBS)[number];

export function isEngineVerb(verb: string): verb is EngineVerb {
  return (ENGINE_VERBS as readonly string[]).includes(verb);
}

/** Runs an engine verb; returns the exit status (the CLI's own where it ran). */
export function runEngineVerb(
  verb: EngineVerb,
  args: string[],
  api: SandboxApi,
  where: { root: string; program?: string; stacks?: string },
): number {
  const runsProgram = verb !== "pulumi";
  const stack = runsProgram ? args[0] : stackOf(args);
  if (runsProgram && (stack === undefined || stack.startsWith("-"))) {
    console.error(
      `sandbox: ${verb} needs a stack: npm run sandbox -- ${verb} <stack> [pulumi flags]`,
    );
    return 2;
  }
  const bin = toolchain(runsProgram);
  if (typeof bin === "number") return bin;
  const workspace = new SandboxWorkspace(where.root, api, bin, where.program, where.stacks);
  try {
    if (stack !== undefined) {
      const { standIns, leftOut } = syncStack(workspace, stack);
      if (leftOut.length > 0) {
        console.error(
          `sandbox: ${stack}: ${leftOut.join(", ")} from Pulumi.${stack}.yaml not used: the sandbox talks to its own Platform API`,
        );
      }
      if (standIns.length > 0) {
        console.error(
          `sandbox: ${stack}: stand-in values for ${standIns.join(", ")} (set your own: npm run sandbox -- pulumi config set --secret --path <path> <value> --stack ${stack})`,
        );
      }
    }
  } catch (error) {
    // A refused stack file or the CLI's own complaint: its message, never a stack trace.
    console.error(`sandbox: ${(error as Error).message}`);
    return 1;
  }
  return runsProgram
    ? runProgramVerb(workspace, stack as string, [
        verb,
        "--stack",
        stack as string,
        ...args.slice(1),
      ])
    : workspace.pulumi(args);
}

/** The stack a passed-through command names (`--stack x`, `--stack=x`, `-s x`). */
function stackOf(args: string[]): string | undefined {
  for (const [index, arg] of args.entries()) {
    if (arg === "--stack" || arg === "-s") return args[index + 1];
    if (arg.startsWith("--stack=")) return arg.slice("--stack=".length);
  }
  return undefined;
}

/** The toolchain, or the exit status to stop with (the installer said why). */
function toolchain(withPlugins: boolean): Toolchain | number {
  try {
    return findToolchain(withPlugins, "inherit");
  } catch (error) {
    if (!(error instanceof NoToolchain)) throw error;
    if (error.status === 2) {
      console.error(
        "sandbox: this command runs the program, which needs the Pulumi CLI's Node.js language host and the Heroku and random provider plugins (named above); `npm run sandbox -- pulumi …` commands that don't run it still work",
      );
    }
    return error.status;
  }
}
