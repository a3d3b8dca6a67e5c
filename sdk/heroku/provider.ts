import * as pulumi from "@pulumi/pulumi";
import type * as types from "./types";
import { isInstanceOf, withDefaults } from "./utilities";

/**
 * Provider inputs, by schema name. The object-typed ones travel as JSON strings: providers receive
 * their configuration as flat strings, which is what the published SDK sends as well.
 *
 * apiKey is wrapped as a secret although schema v1.0.4 does not flag it: provider inputs are
 * persisted in the stack's state and the key is a credential. This is the one deliberate
 * difference from the published SDK (see README.md).
 */
const providerSpec = {
  token: "pulumi:providers:heroku",
  inputs: ["apiKey", "customizations", "delays", "email", "headers", "timeouts", "url"],
  jsonInputs: ["customizations", "delays", "timeouts"],
  secretInputs: ["apiKey"],
} as const;

export interface ProviderArgs {
  apiKey?: pulumi.Input<string>;
  customizations?: pulumi.Input<pulumi.Input<types.input.ProviderCustomization>[]>;
  delays?: pulumi.Input<types.input.ProviderDelays>;
  email?: pulumi.Input<string>;
  /** A JSON object of extra HTTP headers, as a string (the schema types it as string). */
  headers?: pulumi.Input<string>;
  timeouts?: pulumi.Input<types.input.ProviderTimeouts>;
  url?: pulumi.Input<string>;
}

/** An explicit provider instance, e.g. for a second Heroku account or API endpoint. */
export class Provider extends pulumi.ProviderResource {
  /** @internal */ static readonly __pulumiType = "heroku";
  /** @internal Property table behind this class. */
  static readonly __spec = providerSpec;

  static override isInstance(obj: unknown): obj is Provider {
    return isInstanceOf(obj, providerSpec.token);
  }

  // Like the published SDK, only the string-typed inputs are read back as outputs.
  declare readonly apiKey: pulumi.Output<string | undefined>;
  declare readonly email: pulumi.Output<string | undefined>;
  declare readonly headers: pulumi.Output<string | undefined>;
  declare readonly url: pulumi.Output<string | undefined>;

  constructor(name: string, args?: ProviderArgs, opts?: pulumi.ResourceOptions) {
    const given = (args ?? {}) as Record<string, unknown>;
    const props: pulumi.Inputs = {};
    for (const k of providerSpec.inputs) {
      const v = given[k];
      if ((providerSpec.jsonInputs as readonly string[]).includes(k)) {
        props[k] = pulumi.output(v as pulumi.Input<object>).apply((x) => JSON.stringify(x));
      } else if ((providerSpec.secretInputs as readonly string[]).includes(k)) {
        props[k] = v === undefined ? undefined : pulumi.secret(v);
      } else {
        props[k] = v;
      }
    }
    super(Provider.__pulumiType, name, props, withDefaults(opts));
  }
}
