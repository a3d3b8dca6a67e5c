import * as fs from "fs";
import * as path from "path";
import { DEFAULT_ORGANIZATION } from "../mock-run";
import { programLoader } from "../planned";
import type { Plan } from "../planned";
import { failureLines, planReport } from "../report";
import type { PlanReport, ProgramLoader } from "../report";
import { PROJECT_DIR } from "../../program/paths";
import { TYPE } from "../../program/types";
import { listStacks } from "../../stack-files/load";
import { diffPlans } from "./diff";
import type { StackChange } from "./diff";
import { renderChangeJson, renderChangeMarkdown, renderChangeText } from "./render";
import type { StackChangeReport } from "./render";
import { RefError, checkoutRef } from "./tree";
import type { RefTree } from "./tree";
import { changeWarnings, importError, plaintextCredentialError, protectedError } from "./warnings";

/**
 * `npm run plan -- <stack> --against <git-ref>`: plans each stack as it is at the ref (that
 * commit's program, app/ and stack file, see tree.ts) and as it is in the working tree, with this
 * planner, and prints what `pulumi up` would do to go from one to the other. Stacks a planned
 * stack reads (promoteFrom, pipelineStack) are worked out too, so a new slug in staging shows
 * as a new release in production. Exit codes: 0 fine, 1 a protected resource would be replaced
 * or deleted / a stack can't be planned, 2 a bad ref.
 *
 * Both sides run in this process, one after the other: the ref's program is other files (its own
 * module cache entries, loaded afresh like any stack's), while its packages resolve through the
 * tree's node_modules link to this checkout's, so it registers with the same SDK and the same
 * mocks. A subprocess per side would load the SDK again for nothing, and lose the per-process key
 * that makes two sides' secret digests comparable (planned.ts).
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

/** A project directory's program, loaded afresh: programLoader, or jest's registry in tests. */
export type LoaderFor = (projectDir: string) => ProgramLoader;

export async function runChangePlan(
  command: ChangeCommand,
  io: IO,
  projectDir = PROJECT_DIR,
  loaderFor: LoaderFor = programLoader,
): Promise<number> {
  const paths = command.stacks.filter((stack) => /\.ya?ml$/.test(stack) || stack.includes("/"));
  if (paths.length > 0) {
    io.err(
      `plan: --against compares stacks of this project by name, not files: ${paths.join(", ")}\n`,
    );
    return 2;
  }
  let tree: RefTree;
  try {
    tree = checkoutRef(command.ref, projectDir);
  } catch (error) {
    if (!(error instanceof RefError)) throw error;
    io.err(`plan: --against ${command.ref}: ${error.message}\n`);
    return 2;
  }
  const planner = new ChangePlanner(tree, projectDir, loaderFor);
  const stacks = command.stacks.length > 0 ? command.stacks : planner.stacks();
  const reports: StackChangeReport[] = [];
  let status = 0;
  for (const stack of stacks) {
    try {
      reports.push(await planner.report(stack, command.ref));
    } catch (error) {
      status = 1;
      const lines = error instanceof SideError ? error.lines : failureLines(error);
      io.err(`plan: ${stack}: can't be compared with ${tree.label}:\n${lines.join("\n")}\n`);
    }
  }
  for (const report of reports) {
    for (const change of report.changes) {
      for (const error of change.errors) {
        status = 1;
        io.err(`plan: ${report.stack}: ${change.name} (${change.type}) is ${error}\n`);
      }
    }
  }
  if (command.format === "json") io.out(renderChangeJson(reports));
  else if (command.format === "markdown") io.out(renderChangeMarkdown(reports));
  else io.out(renderChangeText(reports));
  return status;
}

/** A side that can't be planned, with where it was (the ref or the working tree). */
class SideError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join("\n"));
  }
}

/** Plans stacks on both sides once each, upstream stacks first. */
class ChangePlanner {
  private readonly results = new Map<string, Promise<StackResult>>();

  constructor(
    private readonly tree: RefTree,
    private readonly projectDir: string,
    private readonly loaderFor: LoaderFor,
  ) {}

  async report(stack: string, ref: string): Promise<StackChangeReport> {
    if (!this.hasStackFile(stack)) {
      throw new SideError([
        `no Pulumi.${stack}.yaml at ${this.tree.label} or in the working tree (stacks: ${this.stacks().join(", ")})`,
      ]);
    }
    const result = await this.result(stack, []);
    const changes = result.change.changes.map((change) => ({
      ...change,
      errors: [
        ...protectedError(change),
        ...importError(change, stack),
        ...plaintextCredentialError(change, stack),
      ],
      warnings: changeWarnings(change, result.change.changes),
    }));
    const warnings = [
      ...(result.before === undefined
        ? [
            `a new stack: there is no Pulumi.${stack}.yaml at ${this.tree.label}, so every resource is created`,
          ]
        : []),
      ...(result.after === undefined
        ? [
            `Pulumi.${stack}.yaml is gone from the working tree: every resource is deleted (\`pulumi destroy --stack ${stack}\`)`,
          ]
        : []),
      ...(result.after?.warnings ?? []),
    ];
    return { stack, against: ref, label: this.tree.label, changes, warnings };
  }

  private result(stack: string, visiting: string[]): Promise<StackResult> {
    let result = this.results.get(stack);
    if (result === undefined) {
      result = this.compute(stack, [...visiting, stack]);
      this.results.set(stack, result);
    }
    return result;
  }

  private async compute(stack: string, visiting: string[]): Promise<StackResult> {
    const before = await this.side(this.tree.dir, stack, "at", undefined);
    // What is deployed is the ref: the working tree's stack reads its outputs as its previous deploy.
    const after = await this.side(
      this.projectDir,
      stack,
      "in the working tree",
      before?.plan.outputs,
    );
    const upstream = new Map<string, StackChange>();
    for (const name of upstreamStacks([before?.plan, after?.plan], stack)) {
      if (visiting.includes(name) || !this.hasStackFile(name)) continue;
      upstream.set(name, (await this.result(name, visiting)).change);
    }
    const change = diffPlans(before?.plan, after?.plan, (qualified, output) =>
      upstream.get(qualified.split("/")[2])?.changedOutputs.has(output),
    );
    return { before, after, change };
  }

  private async side(
    dir: string,
    stack: string,
    where: string,
    previousOutputs: Record<string, unknown> | undefined,
  ): Promise<PlanReport | undefined> {
    if (!fs.existsSync(path.join(dir, `Pulumi.${stack}.yaml`))) return undefined;
    const plan = (outputs?: Record<string, unknown>) =>
      planReport(stack, this.loaderFor(dir), { projectDir: dir, previousOutputs: outputs });
    try {
      const report = await plan(previousOutputs);
      // At the ref, the stack's previous deploy is the ref itself (its steady state).
      if (previousOutputs === undefined && dir === this.tree.dir && readsItself(report.plan)) {
        return await plan(report.plan.outputs);
      }
      return report;
    } catch (error) {
      const label = where === "at" ? `at ${this.tree.label}` : where;
      throw new SideError([`${label}:`, ...failureLines(error)]);
    }
  }

  /** Every stack with a stack file at the ref or in the working tree. */
  stacks(): string[] {
    return [...new Set([...listStacks(this.tree.dir), ...listStacks(this.projectDir)])].sort();
  }

  private hasStackFile(stack: string): boolean {
    return [this.tree.dir, this.projectDir].some((dir) =>
      fs.existsSync(path.join(dir, `Pulumi.${stack}.yaml`)),
    );
  }
}

interface StackResult {
  before?: PlanReport;
  after?: PlanReport;
  change: StackChange;
}

/** Stacks of this project that a stack reads through stack references. */
function upstreamStacks(plans: (Plan | undefined)[], stack: string): string[] {
  const names = plans.flatMap((plan) =>
    (plan?.resources ?? [])
      .filter((resource) => resource.type === TYPE.stackReference)
      .map((resource) => String(resource.inputs.name).split("/"))
      .filter((parts) => parts.length === 3 && parts[1] === plan!.project)
      .map((parts) => parts[2]),
  );
  return [...new Set(names)].filter((name) => name !== stack);
}

function readsItself(plan: Plan): boolean {
  const self = `${DEFAULT_ORGANIZATION}/${plan.project}/${plan.stack}`;
  return plan.resources.some(
    (resource) => resource.type === TYPE.stackReference && resource.inputs.name === self,
  );
}
