import { failureLines } from "../report";
import { loadStackFile } from "../../stack-files/load";
import { ChangeSandbox } from "./engine";
import type { EngineOutcome, Side } from "./engine";
import { hasStackFile, upstreamFirst, upstreamOf } from "./order";
import type { StackChangeReport } from "./render";
import { SideError, stackReport } from "./stack-report";

/**
 * One change plan through the engine, in one throwaway sandbox: every stack compared, and every
 * stack they read, deployed as the ref has it (upstream first); then, upstream first again, each
 * compared stack previewed at the working tree, and each stack a later one reads deployed at the
 * working tree before that one is previewed — a downstream stack sees its upstream's change (a
 * new staging build is a new release in production).
 */

export interface StackOutcome {
  stack: string;
  report?: StackChangeReport;
  /** Why it can't be compared, where. */
  failure?: string[];
}

export class ChangeRun {
  private readonly atRef = new Map<string, EngineOutcome>();
  private readonly atTree = new Map<string, EngineOutcome>();

  constructor(
    private readonly sandbox: ChangeSandbox,
    private readonly ref: Side & { ref: string; label: string },
    private readonly tree: Side,
  ) {}

  async compare(stacks: readonly string[]): Promise<StackOutcome[]> {
    const refOrder = upstreamFirst(stacks, (stack) => upstreamOf(this.ref.dir, stack));
    for (const stack of refOrder.filter((name) => hasStackFile(this.ref.dir, name))) {
      this.atRef.set(stack, await this.sandbox.deploy(this.ref, stack));
    }
    const treeOrder = upstreamFirst(stacks, (stack) => upstreamOf(this.tree.dir, stack));
    const outcomes: StackOutcome[] = [];
    for (const [index, stack] of treeOrder.entries()) {
      if (stacks.includes(stack)) outcomes.push(await this.outcome(stack));
      const downstream = treeOrder
        .slice(index + 1)
        .some((later) => upstreamOf(this.tree.dir, later).includes(stack));
      if (downstream && hasStackFile(this.tree.dir, stack) && this.atRef.get(stack)?.ok !== false) {
        this.atTree.set(stack, await this.sandbox.deploy(this.tree, stack));
      }
    }
    return stacks.map((stack) => outcomes.find((outcome) => outcome.stack === stack)!);
  }

  private async outcome(stack: string): Promise<StackOutcome> {
    const deployed = this.atRef.get(stack);
    if (deployed !== undefined && !deployed.ok) {
      return {
        stack,
        failure: [`at ${this.ref.label}: \`pulumi up\` failed in the sandbox:`, ...deployed.lines],
      };
    }
    const inTree = hasStackFile(this.tree.dir, stack);
    const run = inTree
      ? await this.sandbox.preview(this.tree, stack)
      : await this.sandbox.destroyPreview(this.ref, stack);
    if (!run.ok) {
      const what = inTree ? "`pulumi preview`" : "`pulumi destroy --preview-only`";
      return { stack, failure: [`${this.tree.where}: ${what} failed:`, ...run.lines] };
    }
    try {
      const report = stackReport(stack, run, {
        ref: this.ref.ref,
        label: this.ref.label,
        warnings: this.notes(stack, inTree),
      });
      return { stack, report };
    } catch (error) {
      return { stack, failure: error instanceof SideError ? error.lines : failureLines(error) };
    }
  }

  /** What the reader must know about how this stack was compared. */
  private notes(stack: string, inTree: boolean): string[] {
    const notes: string[] = [];
    if (!hasStackFile(this.ref.dir, stack)) {
      notes.push(
        `a new stack: there is no Pulumi.${stack}.yaml at ${this.ref.label}, so every resource is created`,
      );
    }
    if (!inTree) {
      notes.push(
        `Pulumi.${stack}.yaml is gone from the working tree: every resource is deleted (\`pulumi destroy --stack ${stack}\`)`,
      );
      return notes;
    }
    for (const upstream of upstreamOf(this.tree.dir, stack)) {
      if (this.atTree.get(upstream)?.ok === false) {
        notes.push(
          `${upstream}'s working-tree deploy failed in the sandbox: this stack is previewed against ${upstream} as ${this.ref.label} deploys it`,
        );
      }
    }
    if (importsIds(this.tree.dir, stack)) {
      notes.push(
        `the import ids in Pulumi.${stack}.yaml were left out: they name resources of your Heroku account, which the sandbox doesn't have, so the engine compared the stack as if it had created them. While the file keeps them, \`pulumi up\` refuses to replace a resource that still specifies one (\`npm run adopt -- --done ${stack}\` drops them)`,
      );
    }
    return notes;
  }
}

function importsIds(dir: string, stack: string): boolean {
  try {
    const file = loadStackFile(stack, dir);
    return file.config[`${file.project}:import`] !== undefined;
  } catch {
    return false;
  }
}
