import * as path from "path";
import type { ToolchainFinder } from "./change/command";
import { USAGE, parseCommand } from "./command-line";
import { renderParity } from "./parity";
import { planToJson, renderMarkdown, renderTree } from "./render";
import { programLoader } from "./planned";
import { failureLines, planReport } from "./report";
import type { PlanReport, ProgramLoader } from "./report";
import {
  PLANS_DIR,
  REFRESH_COMMAND,
  renderSnapshots,
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
  /** The project folder: its stack files, plans/ and program (this checkout by default). */
  projectDir?: string;
  /** Loads the program afresh (default: projectDir's, by programLoader). */
  load?: ProgramLoader;
  /** The stacks `--write`/`--check` cover (and the default for a plain plan). */
  stacks?: () => string[];
  plansDir?: string;
  /** Where `--against` finds the engine (tools/install-engine.sh by default). */
  toolchain?: ToolchainFinder;
}

export async function runPlanCommand(
  argv: string[],
  io: CommandIO,
  context: CommandContext = {},
): Promise<number> {
  const { projectDir } = context;
  const load = context.load ?? (projectDir === undefined ? undefined : programLoader(projectDir));
  const allStacks = context.stacks ?? (() => listStacks(projectDir));
  const plansDir = context.plansDir ?? (projectDir ? path.join(projectDir, "plans") : PLANS_DIR);
  const command = parseCommand(argv);
  if (command === "help") {
    io.out(USAGE);
    return 0;
  }
  if (typeof command === "string") return usageError(io, command);
  const { mode, policy } = command;
  if (mode === "against") {
    const { ref = "", format = "text" } = command;
    const { toolchain } = context;
    // Loaded for --against only: it brings the sandbox (its API, the hyper-schema's validators),
    // which an offline plan would otherwise load for nothing.
    const { runChangePlan } = await import("./change/command");
    return runChangePlan({ ref, stacks: command.stacks, format }, io, projectDir, toolchain);
  }
  const stacks = command.stacks.length > 0 ? command.stacks : allStacks();
  const unknown = unknownStackProblems(stacks, command.isNew === true, projectDir);
  if (unknown.length > 0) {
    io.err(unknown.map((line) => `plan: ${line}\n`).join(""));
    return 1;
  }
  const { reports, failed } = await planAll(stacks, io, load, projectDir);
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
      config: stackFileConfig(loadStackFileOrDefaults(stacks[index], projectDir)).config,
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
async function planAll(
  stacks: string[],
  io: CommandIO,
  load: ProgramLoader | undefined,
  projectDir: string | undefined,
) {
  const reports: PlanReport[] = [];
  let failed = false;
  for (const stack of stacks) {
    try {
      reports.push(await planReport(stack, load, { projectDir }));
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
