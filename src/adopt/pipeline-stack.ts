import { DEFAULT_PIPELINE_STACK } from "../program/config/schema";
import { PROJECT_DIR } from "../program/paths";
import { projectStacks } from "../stack-files/references";
import type { Adoption } from "./to-stack";

/**
 * An app adopted at a stage other than staging joins the pipeline the project's staging stack
 * owns, which the program finds by `pipelineStack` (default: `staging`). Where the project's
 * staging stack has another name (renamed, say `staging-eu`), the stack file names it, so that it
 * plans at once; where there is no staging stack, or more than one, the default stays and the
 * plan's reference check says what to set.
 *
 * `dirs`: where the stacks are, as the plan's reference check reads them (the folder the stack file
 * is written to, and this project's).
 */
export function namePipelineStack(
  adoption: Adoption,
  dirs: readonly string[] = [PROJECT_DIR],
): void {
  if (adoption.config.stage === "staging") return;
  const project = projectStacks(dirs);
  if (project.names.includes(DEFAULT_PIPELINE_STACK)) return;
  const staging = project.names.filter((stack) => project.linksOf(stack)?.stage === "staging");
  if (staging.length !== 1) return;
  const [name] = staging;
  adoption.config.pipelineStack = name;
  adoption.changes.push(
    `pipelineStack: ${name}, the project's staging stack (there is no stack "${DEFAULT_PIPELINE_STACK}"): its pipeline is the one this app joins`,
  );
}
