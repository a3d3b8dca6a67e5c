/**
 * How the program says that a stack it builds on can't serve it yet (production's first preview,
 * before staging is deployed), in one line: the stack file and its keys, what this stack takes
 * from the other one, and the commands that make it ready.
 */

/** What this stack reads of another: the slug it promotes, the pipeline it joins. */
export type UpstreamUse = "slugId" | "pipelineId";

/** What the engine found when it read the other stack's outputs. */
export type UpstreamState =
  | { kind: "ready" }
  | { kind: "missing" }
  | { kind: "never-deployed" }
  | { kind: "lacking"; outputs: UpstreamUse[] }
  | { kind: "unreadable"; reason: string };

/** Why a stack reads each output, and the key of its stack file that names the other stack. */
const USES: Record<UpstreamUse, { key: string; does: (upstream: string) => string }> = {
  slugId: { key: "deploy.promoteFrom", does: (upstream) => `releases ${upstream}'s slug` },
  pipelineId: { key: "pipelineStack", does: (upstream) => `joins the pipeline ${upstream} owns` },
};

export interface UpstreamProblem {
  /** This stack's file (`Pulumi.production.yaml`) and name, and the project's config namespace. */
  stackFile: string;
  stack: string;
  project: string;
  /** The other stack as the stack file names it (`staging`, `org/project/stack`). */
  reference: string;
  /** Its name when it is a stack of this project (the sandbox can deploy it), else undefined. */
  local: string | undefined;
  uses: readonly UpstreamUse[];
  state: Exclude<UpstreamState, { kind: "ready" }>;
}

/** E.g. "Pulumi.production.yaml: heroku-app:deploy.promoteFrom, …: production releases staging's slug …". */
export function upstreamProblem(problem: UpstreamProblem): string {
  const { stackFile, stack, project, reference, local, uses, state } = problem;
  const keys = uses.map((use) => `${project}:${USES[use].key}`).join(", ");
  const what = `${stackFile}: ${keys}: ${stack} ${uses.map((use) => USES[use].does(reference)).join(" and ")}`;
  const up = `\`pulumi up --stack ${reference}\`${local === undefined ? " in its project" : ""}`;
  const sandbox =
    local === undefined ? "" : ` (in the sandbox: \`npm run sandbox -- up ${local}\`)`;
  const first = `so ${reference} must be deployed first`;
  switch (state.kind) {
    case "missing":
      return `${what}, ${first}, and there is no stack ${reference} yet: \`pulumi stack init ${reference}\`, then ${up}${sandbox}`;
    case "never-deployed":
      return `${what}, ${first}, and it has never been deployed: ${up}${sandbox}`;
    case "lacking":
      return `${what}, but ${reference}'s last deploy exports no ${state.outputs.join(" or ")}, which this program's deploys export: deploy it with this program, ${up}${sandbox}`;
    case "unreadable":
      return `${what}, but the outputs of ${reference} can't be read: ${state.reason}`;
  }
}
