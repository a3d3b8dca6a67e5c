import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "./config/parse";
import { Refusal } from "./refusal";
import { localStackName, qualifiedStackName } from "./upstream";
import { upstreamProblem } from "./upstream-words";
import type { UpstreamState, UpstreamUse } from "./upstream-words";

/**
 * Whether the stacks this one builds on can serve it, asked before the program declares
 * anything: production's first preview comes before staging has a slug to promote. Left to the
 * StackReferences, a stack that doesn't exist ends the deployment in the engine ("unknown
 * stack"), and one never deployed fails the program with "Required output 'slugId' does not
 * exist" and a stack trace, once per output; here it is one refusal that says what to deploy.
 */

/**
 * The engine's own reading of a stack's outputs, as an invoke: unlike a StackReference's read,
 * its failure comes back to the program.
 */
export const READ_STACK_OUTPUTS = "pulumi:pulumi:readStackOutputs";

/** What this stack takes from which stack: what HerokuEnvironment reads (environment.ts). */
export function upstreamUses(config: StackConfig): Map<string, UpstreamUse[]> {
  const uses = new Map<string, UpstreamUse[]>();
  const add = (reference: string, use: UpstreamUse) =>
    uses.set(reference, [...(uses.get(reference) ?? []), use]);
  if (config.deploy.kind === "promote") add(config.deploy.fromStack, "slugId");
  if (config.stage !== "staging") add(config.pipelineStack, "pipelineId");
  return uses;
}

/** Resolves once every upstream stack holds what this one reads; a Refusal otherwise. */
export async function checkUpstreams(config: StackConfig): Promise<void> {
  const byStack = new Map<string, { reference: string; uses: UpstreamUse[] }>();
  // `staging` and `organization/heroku-app/staging` are one stack, read once.
  for (const [reference, uses] of upstreamUses(config)) {
    const qualified = qualifiedStackName(reference);
    const known = byStack.get(qualified);
    byStack.set(qualified, { reference, uses: [...(known?.uses ?? []), ...uses] });
  }
  const problems = await Promise.all(
    [...byStack].map(async ([qualified, { reference, uses }]) => {
      const state = await stateOf(qualified, uses);
      if (state.kind === "ready") return [];
      return [
        upstreamProblem({
          stackFile: config.source,
          stack: config.stack,
          project: config.project,
          reference,
          local: localStackName(qualified),
          uses,
          state,
        }),
      ];
    }),
  );
  if (problems.flat().length > 0) throw new Refusal(problems.flat().join("\n"));
}

/** What the engine finds of a stack: whether it exists, was deployed, and holds these outputs. */
async function stateOf(qualified: string, uses: readonly UpstreamUse[]): Promise<UpstreamState> {
  let outputs: Record<string, unknown>;
  try {
    ({ outputs = {} } = await pulumi.runtime.invoke(READ_STACK_OUTPUTS, { name: qualified }));
  } catch (error) {
    const reason = engineReason(error);
    // Every backend says so for a stack that doesn't exist (pkg/backend: GetStackOutputs).
    return /\bunknown stack\b/.test(reason) ? { kind: "missing" } : { kind: "unreadable", reason };
  }
  const lacking = uses.filter((use) => outputs[use] === undefined);
  if (lacking.length === 0) return { kind: "ready" };
  if (Object.keys(outputs).length === 0) return { kind: "never-deployed" };
  return { kind: "lacking", outputs: lacking };
}

/** The engine's words for a failed read, without the gRPC status and the invoke's wrapping. */
function engineReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^[\s\S]*returned an error: /, "").trim();
}
