import { parseStackConfig } from "../program/config/parse";
import type { StackConfig } from "../program/config/parse";
import { readProcessTypes } from "../program/procfile";
import type { StackFile } from "./load";

/**
 * A stack file's config, parsed exactly as the program parses what the CLI hands it: the offline
 * plan's parity report, the local run and the tests read a stack this way.
 */
export function stackFileConfig(file: StackFile): { config: StackConfig; warnings: string[] } {
  return parseStackConfig(
    {
      project: file.project,
      stack: file.stack,
      source: file.source,
      values: file.config,
      isSecret: (key) => file.secretKeys.includes(key),
    },
    readProcessTypes(),
  );
}
