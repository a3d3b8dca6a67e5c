import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig } from "./parse";
import type { StackConfig } from "./parse";
import { readProcessTypes } from "../procfile";

/**
 * The running program's config (under the Pulumi CLI, or the SDK's mocks): what the engine hands
 * the program, parsed by the same parseStackConfig the offline tools use on a stack file.
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
    readProcessTypes(),
  );
  warnings.forEach((warning) => pulumi.log.warn(warning));
  return config;
}
