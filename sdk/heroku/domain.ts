import * as pulumi from "@pulumi/pulumi";
import { spec, specResource, type StateOf } from "./utilities";

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

export class Domain extends specResource(domainSpec) {
  declare readonly appId: pulumi.Output<string>;
  declare readonly cname: pulumi.Output<string>;
  declare readonly hostname: pulumi.Output<string>;
  declare readonly sniEndpointId: pulumi.Output<string | undefined>;

  constructor(name: string, args: DomainArgs, opts?: Opts) {
    super(name, args, opts);
  }
}
