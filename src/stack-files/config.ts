import { StackConfigError, parseStackConfig } from "../program/config/parse";
import type { StackConfig } from "../program/config/parse";
import { readProcessTypes } from "../program/procfile";
import type { StackFile } from "./load";
import { stackReferenceProblems } from "./references";

/**
 * A stack file's config, parsed exactly as the program parses what the CLI hands it: the offline
 * plan's parity report, the local run and the tests read a stack this way. References to other
 * stacks of the project are checked too (references.ts), with every other problem at once.
 */
export function stackFileConfig(
  file: StackFile,
  projectDir?: string,
): { config: StackConfig; warnings: string[] } {
  const references = stackReferenceProblems(file, projectDir);
  try {
    const parsed = parseStackConfig(
      {
        project: file.project,
        stack: file.stack,
        source: file.source,
        values: file.config,
        isSecret: (key) => file.secretKeys.includes(key),
      },
      readProcessTypes(),
    );
    if (references.length > 0) throw new StackConfigError(file.stack, references);
    return parsed;
  } catch (error) {
    if (
      error instanceof StackConfigError &&
      references.length > 0 &&
      error.problems !== references
    ) {
      throw new StackConfigError(file.stack, [...error.problems, ...references]);
    }
    throw error;
  }
}
