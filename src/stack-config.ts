import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig } from "./config";
import type { StackConfig } from "./config";
import { readProcfile } from "./procfile";
import type { StackFile } from "./stack-file";

/**
 * Where a stack's config comes from: the running Pulumi program (CLI or mocks), or a stack file
 * read offline. Both end in the same parseStackConfig.
 */

// The SDK's own per-key secret check; it is marked @internal, so it is missing from the typings.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isConfigSecret } = require("@pulumi/pulumi/runtime/config") as {
  isConfigSecret(fullKey: string): boolean;
};

/** The program's config, validated before anything is registered; warnings go to the Pulumi log. */
export function readStackConfig(): StackConfig {
  const stack = pulumi.getStack();
  const { config, warnings } = parseStackConfig(
    {
      project: pulumi.getProject(),
      stack,
      source: `Pulumi.${stack}.yaml`,
      values: pulumi.runtime.allConfig(),
      isSecret: isConfigSecret,
    },
    processTypes(),
  );
  warnings.forEach((warning) => pulumi.log.warn(warning));
  return config;
}

/** The same config, straight from a stack file (offline plan, local run, tests). */
export function stackFileConfig(file: StackFile): { config: StackConfig; warnings: string[] } {
  return parseStackConfig(
    {
      project: file.project,
      stack: file.stack,
      source: file.source,
      values: file.config,
      isSecret: (key) => file.secretKeys.includes(key),
    },
    processTypes(),
  );
}

function processTypes(): string[] {
  return readProcfile().map(({ type }) => type);
}
