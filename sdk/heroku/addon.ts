import * as pulumi from "@pulumi/pulumi";
import { spec, specResource, type StateOf } from "./utilities";

type Opts = pulumi.CustomResourceOptions;

const addonSpec = spec({
  token: "heroku:addon/addon:Addon",
  inputs: ["appId", "config", "name", "plan"],
  required: ["appId", "plan"],
  outputs: ["appId", "config", "configVarValues", "configVars", "name", "plan", "providerId"],
  secretInputs: [],
  secretOutputs: ["configVarValues"],
});

export interface AddonArgs {
  appId: pulumi.Input<string>;
  config?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
  name?: pulumi.Input<string>;
  plan: pulumi.Input<string>;
}
export type AddonState = StateOf<Addon>;

export class Addon extends specResource(addonSpec) {
  declare readonly appId: pulumi.Output<string>;
  declare readonly config: pulumi.Output<{ [key: string]: string } | undefined>;
  declare readonly configVarValues: pulumi.Output<{ [key: string]: string }>;
  declare readonly configVars: pulumi.Output<string[]>;
  declare readonly name: pulumi.Output<string>;
  declare readonly plan: pulumi.Output<string>;
  declare readonly providerId: pulumi.Output<string>;

  constructor(name: string, args: AddonArgs, opts?: Opts) {
    super(name, args, opts);
  }
}
