import * as pulumi from "@pulumi/pulumi";
import { isInstanceOf, resourceOptions, resourceProps, spec, type StateOf } from "./utilities";

type Opts = pulumi.CustomResourceOptions;

const drainSpec = spec({
  token: "heroku:drain/drain:Drain",
  inputs: ["appId", "sensitiveUrl", "url"],
  required: ["appId"],
  outputs: ["appId", "sensitiveUrl", "token", "url"],
  secretInputs: ["sensitiveUrl"],
  secretOutputs: ["sensitiveUrl"],
});

export interface DrainArgs {
  appId: pulumi.Input<string>;
  sensitiveUrl?: pulumi.Input<string>;
  url?: pulumi.Input<string>;
}
export type DrainState = StateOf<Drain>;

export class Drain extends pulumi.CustomResource {
  /** @internal */ static readonly __pulumiType = drainSpec.token;
  /** @internal Property table behind this class; see utilities.ResourceSpec. */
  static readonly __spec = drainSpec;

  static get(name: string, id: pulumi.Input<pulumi.ID>, state?: DrainState, opts?: Opts): Drain {
    return new Drain(name, state as DrainArgs, { ...opts, id });
  }

  static override isInstance(obj: unknown): obj is Drain {
    return isInstanceOf(obj, Drain.__pulumiType);
  }

  declare readonly appId: pulumi.Output<string>;
  declare readonly sensitiveUrl: pulumi.Output<string | undefined>;
  declare readonly token: pulumi.Output<string>;
  declare readonly url: pulumi.Output<string | undefined>;

  constructor(name: string, args: DrainArgs, opts?: Opts) {
    const s = drainSpec;
    super(s.token, name, resourceProps(s, name, args, opts), resourceOptions(s, opts));
  }
}
