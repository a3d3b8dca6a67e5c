import { parseArgs } from "util";
import { runChangePlan } from "./change/command";
import { renderParity } from "./parity";
import { planToJson, renderMarkdown, renderTree } from "./render";
import { failureLines, planReport } from "./report";
import type { PlanReport, ProgramLoader } from "./report";
import {
  PLANS_DIR,
  REFRESH_COMMAND,
  renderSnapshots,
  snapshotStacks,
  staleSnapshots,
  writeSnapshots,
} from "./snapshots";
import { checkPlan, setSensitiveVarCommand } from "../guardrails/policies";
import { plainVarName } from "./plaintext";
import { stackFileConfig } from "../stack-files/config";
import { listStacks, loadStackFileOrDefaults } from "../stack-files/load";
import { nearest } from "../program/config/words";

/**
 * `npm run plan`: what each stack declares, offline. The command line and its exit codes live
 * here (tools/plan.ts only wires it to the process), so the tests run it in-process.
 * Exit codes: 0 fine, 1 a stack that can't be planned / stale snapshots / a policy violation,
 * 2 bad arguments.
 */

export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
}

/** What the command works on; the defaults are the project's. Tests point it elsewhere. */
export interface CommandContext {
  load?: ProgramLoader;
  /** The stacks `--write`/`--check` cover (and the default for a plain plan). */
  stacks?: () => string[];
  plansDir?: string;
  /** The project `--against` compares (its git checkout and working tree). */
  projectDir?: string;
}

export const USAGE = `usage: npm run plan -- [<stack|path>...] [--json | --markdown] [--policy]
       npm run plan -- <stack> --diff <other stack>
       npm run plan -- [<stack>...] --against <git-ref> [--json | --markdown]
       npm run plan -- --write | --check

  <stack|path>     a stack of this project (default: every one) or a path to a Pulumi.<stack>.yaml
  --json           as JSON: per stack, {project, stack, source, warnings, resources, outputs} (an
                   array for several); with --against, the change: {stack, against, changes, warnings}
  --markdown       the plan as Markdown (what plans/<stack>.md holds)
  --diff <stack>   environment parity of two stacks, as Markdown: what differs, what is the same
  --against <ref>  what \`pulumi up\` would do to go from the stack at a git ref (e.g. main) to the
                   working tree: create, update, replace, delete or same per resource, and why;
                   exits 1 when a protected resource would be replaced or deleted
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

type Mode = "tree" | "json" | "markdown" | "diff" | "write" | "check" | "against";

/** A command line that makes sense: one mode, the stacks it names, and whether to check policy. */
interface Command {
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

export async function runPlanCommand(
  argv: string[],
  io: CommandIO,
  context: CommandContext = {},
): Promise<number> {
  const { load, stacks: allStacks = snapshotStacks, plansDir = PLANS_DIR } = context;
  const command = parseCommand(argv);
  if (command === "help") {
    io.out(USAGE);
    return 0;
  }
  if (typeof command === "string") return usageError(io, command);
  const { mode, policy } = command;
  if (mode === "against") {
    const { ref = "", format = "text" } = command;
    return runChangePlan({ ref, stacks: command.stacks, format }, io, context.projectDir);
  }
  const stacks = command.stacks.length > 0 ? command.stacks : allStacks();
  const unknown = unknownStackProblems(stacks, command.isNew === true, context.projectDir);
  if (unknown.length > 0) {
    io.err(unknown.map((line) => `plan: ${line}\n`).join(""));
    return 1;
  }
  const { reports, failed } = await planAll(stacks, io, load);
  if (failed) {
    if (mode === "write")
      io.err("plan: nothing written: every stack must plan before plans/ changes\n");
    return 1;
  }
  let status = 0;
  if (mode === "write") {
    const leaks = plaintextCredentialLines(reports);
    if (leaks.length > 0) {
      io.err(
        `${leaks.join("\n")}\nplan: nothing written: a snapshot never records a plaintext credential\n`,
      );
      return 1;
    }
    const changed = writeSnapshots(renderSnapshots(reports), plansDir);
    io.err(changed.length > 0 ? `${changed.join("\n")}\n` : "plan: plans/ is up to date\n");
  } else if (mode === "check") {
    const stale = staleSnapshots(renderSnapshots(reports), plansDir);
    if (stale.length > 0) {
      io.err(`${stale.join("\n")}\nplan: refresh with \`${REFRESH_COMMAND}\` and commit plans/\n`);
      status = 1;
    }
  } else if (mode === "diff") {
    const [a, b] = reports.map(({ plan }, index) => ({
      config: stackFileConfig(loadStackFileOrDefaults(stacks[index])).config,
      plan,
    }));
    io.out(renderParity(a, b));
  } else if (mode === "json") {
    const json = reports.map(planToJson);
    io.out(`${JSON.stringify(json.length === 1 ? json[0] : json, null, 2)}\n`);
  } else {
    io.out(reports.map(mode === "markdown" ? renderMarkdown : renderTree).join("\n"));
  }
  if (policy && !policyHolds(reports, io)) status = 1;
  // A plaintext credential is refused whatever was asked (--policy words it as a violation).
  const leaks = policy || mode === "write" ? [] : plaintextCredentialLines(reports);
  if (leaks.length > 0) {
    io.err(`${leaks.join("\n")}\n`);
    status = 1;
  }
  return status;
}

/** The command, "help", or what is wrong with the arguments. */
function parseCommand(argv: string[]): Command | "help" | string {
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

/** A review stack's name (review.yml makes one per pull request): planned from the defaults. */
const REVIEW_STACK = /^review-[0-9]+$/;

/**
 * Stack names with no stack file that aren't meant as new ones: most likely a typo, which would
 * otherwise plan a default review app without a word. A path is the loader's to judge.
 */
function unknownStackProblems(stacks: string[], isNew: boolean, projectDir?: string): string[] {
  if (isNew) return [];
  const known = listStacks(projectDir);
  return (
    stacks
      // Only what could be a stack name: a path, or a name no stack can have, is the loader's.
      .filter((stack) => /^[A-Za-z0-9_.-]+$/.test(stack) && !/\.ya?ml$/.test(stack))
      .filter((stack) => !known.includes(stack) && !REVIEW_STACK.test(stack))
      .map((stack) => {
        const meant = nearest(stack, known);
        const guess = meant === undefined ? "" : ` Did you mean ${meant}?`;
        return `no stack file Pulumi.${stack}.yaml (stacks here: ${known.join(", ") || "none"}).${guess} To plan a new stack from the defaults on purpose, add --new.`;
      })
  );
}

/** Plans each stack in turn; every stack that fails is reported, not only the first. */
async function planAll(stacks: string[], io: CommandIO, load?: ProgramLoader) {
  const reports: PlanReport[] = [];
  let failed = false;
  for (const stack of stacks) {
    try {
      reports.push(await planReport(stack, load));
    } catch (error) {
      failed = true;
      const lines = failureLines(error);
      io.err(
        `plan: ${stack}: can't be planned (${lines.length} problem${lines.length === 1 ? "" : "s"}):\n`,
      );
      io.err(`${lines.join("\n")}\n`);
    }
  }
  return { reports, failed };
}

/** Violations go to stderr, so stdout stays the plan (JSON included). */
function policyHolds(reports: readonly PlanReport[], io: CommandIO): boolean {
  let holds = true;
  for (const { plan } of reports) {
    const violations = checkPlan(plan);
    holds &&= violations.length === 0;
    for (const { policy, resource, message } of violations) {
      io.err(`policy: ${plan.stack}: [${policy}]${resource ? ` ${resource}:` : ""} ${message}\n`);
    }
  }
  if (holds) io.err(`policy: ${reports.map(({ plan }) => plan.stack).join(", ")}: no violations\n`);
  return holds;
}

/**
 * One line per credential a stack file holds in plaintext: where it is, what it is (never its
 * value), and the command that makes it a secret.
 */
function plaintextCredentialLines(reports: readonly PlanReport[]): string[] {
  return reports.flatMap(({ plan }) =>
    plan.plaintextCredentials.map(({ resource, path, what }) => {
      const name = plainVarName(path);
      const fix =
        name === undefined
          ? `make it a secret (\`npm run plan -- ${plan.stack} --policy\` says how)`
          : `move it from configVars to sensitiveVars: \`${setSensitiveVarCommand(name, plan.stack)}\`, then delete configVars.${name}`;
      return `plan: ${plan.stack}: ${resource}.${path} holds ${what} in plaintext (${plan.source}); ${fix}`;
    }),
  );
}

function usageError(io: CommandIO, message: string): number {
  io.err(`plan: ${message}\n\n${USAGE}`);
  return 2;
}
