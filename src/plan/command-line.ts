import { parseArgs } from "util";
import { REFRESH_COMMAND } from "./snapshots";

/** `npm run plan`'s command line: its usage, and what a command line asks for (or what is wrong). */

export const USAGE = `usage: npm run plan -- [<stack|path>...] [--json | --markdown] [--policy]
       npm run plan -- <stack> --diff <other stack>
       npm run plan -- [<stack>...] --against <git-ref> [--json | --markdown]
       npm run plan -- --write | --check

  <stack|path>     a stack of this project (default: every one) or a path to a Pulumi.<stack>.yaml
  --json           as JSON: per stack, {project, stack, source, warnings, resources, outputs} (an
                   array for several); with --against, the change: {stack, against, changes, warnings}
  --markdown       the plan as Markdown (what plans/<stack>.md holds)
  --diff <stack>   environment parity of two stacks, as Markdown: what differs, what is the same
  --against <ref>  what \`pulumi up\` would do to go from the stack as a git ref (e.g. main) deploys
                   it to the working tree, answered by the Pulumi engine in a throwaway sandbox
                   (needs its toolchain: docs/engine.md): create, update, replace, delete, read or
                   same per resource, and why; exits 1 when the engine refuses a change
  --write          write plans/<stack>.md for every stack, all or none (${REFRESH_COMMAND})
  --check          fail when a snapshot in plans/ is stale (what npm test checks)
  --policy         also run the policy rules over each plan; a violation exits 1
  --new            plan a stack that has no stack file yet, from the defaults (a review-<n> stack
                   needs no --new); without it, a name with no stack file is refused as a typo
`;

const OPTIONS = {
  json: { type: "boolean" },
  markdown: { type: "boolean" },
  diff: { type: "string" },
  against: { type: "string" },
  write: { type: "boolean" },
  check: { type: "boolean" },
  policy: { type: "boolean" },
  new: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export type Mode = "tree" | "json" | "markdown" | "diff" | "write" | "check" | "against";

/** A command line that makes sense: one mode, the stacks it names, and whether to check policy. */
export interface Command {
  mode: Mode;
  /** Stack names or paths; none means every stack. For `diff`, the two stacks compared. */
  stacks: string[];
  policy: boolean;
  /** For `against`: the git ref, and how to print. */
  ref?: string;
  /** `--new`: a stack name with no stack file is meant. */
  isNew?: boolean;
  format?: "text" | "json" | "markdown";
}

/** The command, "help", or what is wrong with the arguments. */
export function parseCommand(argv: string[]): Command | "help" | string {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    return (error as Error).message;
  }
  const { values: flags, positionals: stacks } = parsed;
  if (flags.help) return "help";
  const policy = flags.policy === true;
  const modes = (["json", "markdown", "write", "check"] as const).filter((mode) => flags[mode]);
  if (flags.diff !== undefined) {
    if (stacks.length !== 1 || modes.length > 0 || flags.against !== undefined) {
      return "--diff compares one stack with another: npm run plan -- <stack> --diff <other stack>";
    }
    return { mode: "diff", stacks: [stacks[0], flags.diff], policy, isNew: flags.new };
  }
  if (modes.length > 1) return `choose one of ${modes.map((mode) => `--${mode}`).join(", ")}`;
  if (flags.against !== undefined) {
    if (flags.against === "" || policy || flags.write || flags.check) {
      return "--against compares with a git ref: npm run plan -- [<stack>...] --against <ref> [--json | --markdown]";
    }
    const format = flags.json ? "json" : flags.markdown ? "markdown" : "text";
    return { mode: "against", stacks, policy, ref: flags.against, format };
  }
  const mode: Mode = modes[0] ?? "tree";
  if ((mode === "write" || mode === "check") && (stacks.length > 0 || flags.new)) {
    return `--${mode} covers every stack file at the root; it takes no stack`;
  }
  return { mode, stacks, policy, isNew: flags.new };
}
