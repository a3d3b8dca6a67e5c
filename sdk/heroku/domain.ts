import * as pulumi from "@pulumi/pulumi";
import { isInstanceOf, resourceOptions, resourceProps, spec, type StateOf } from "./utilities";

type Opts = pulumi.CustomResourceOptions;

const domainSpec = spec({
  token: "heroku:domain/domain:Domain",
  inputs: ["appId", "hostname", "sniEndpointId"],
  required: ["appId", "hostname"],
  outputs: ["appId", "cname", "hostname", "sniEndpointId"],
  secretInputs: [],
  secretOutputs: [],
});

export interface DomainArgs {
  appId: pulumi.Input<string>;
  hostname: pulumi.Input<string>;
  sniEndpointId?: pulumi.Input<string>;
}
export type DomainState = StateOf<Domain>;

export class Domain extends pulumi.CustomResource {
  /** @internal */ static readonly __pulumiType = domainSpec.token;
  /** @internal Property table behind this class; see utilities.ResourceSpec. */
  static readonly __spec = domainSpec;

  static get(name: string, id: pulumi.Input<pulumi.ID>, state?: DomainState, opts?: Opts): Domain {
    return new Domain(name, state as DomainArgs, { ...opts, id });
  }

  static override isInstance(obj: unknown): obj is Domain {
    return isInstanceOf(obj, Domain.__pulumiType);
  }

  declare readonly appId: pulumi.Output<string>;
  declare readonly cname: pulumi.Output<string>;
  declare readonly hostname: pulumi.Output<string>;
  declare readonly sniEndpointId: pulumi.Output<string | undefined>;

  constructor(name: string, args: DomainArgs, opts?: Opts) {
    const s = domainSpec;
    super(s.token, name, resourceProps(s, name, args, opts), resourceOptions(s, opts));
  }
}
