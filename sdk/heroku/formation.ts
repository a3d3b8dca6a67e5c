import * as pulumi from "@pulumi/pulumi";
import { spec, specResource, type StateOf } from "./utilities";

type Opts = pulumi.CustomResourceOptions;

const formationSpec = spec({
  token: "heroku:formation/formation:Formation",
  inputs: ["appId", "quantity", "size", "type"],
  required: ["appId", "quantity", "size", "type"],
  outputs: ["appId", "quantity", "size", "type"],
  secretInputs: [],
  secretOutputs: [],
});

export interface FormationArgs {
  appId: pulumi.Input<string>;
  quantity: pulumi.Input<number>;
  size: pulumi.Input<string>;
  type: pulumi.Input<string>;
}
export type FormationState = StateOf<Formation>;

export class Formation extends specResource(formationSpec) {
  declare readonly appId: pulumi.Output<string>;
  declare readonly quantity: pulumi.Output<number>;
  declare readonly size: pulumi.Output<string>;
  declare readonly type: pulumi.Output<string>;

  constructor(name: string, args: FormationArgs, opts?: Opts) {
    super(name, args, opts);
  }
}
