import * as pulumi from "@pulumi/pulumi";
import { spec, specResource, type StateOf } from "./utilities";

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

export class Drain extends specResource(drainSpec) {
  declare readonly appId: pulumi.Output<string>;
  declare readonly sensitiveUrl: pulumi.Output<string | undefined>;
  declare readonly token: pulumi.Output<string>;
  declare readonly url: pulumi.Output<string | undefined>;

  constructor(name: string, args: DrainArgs, opts?: Opts) {
    super(name, args, opts);
  }
}
