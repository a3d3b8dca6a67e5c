import * as pulumi from "@pulumi/pulumi";
import type * as types from "./types";
import { spec, specResource, type StateOf } from "./utilities";

type Opts = pulumi.CustomResourceOptions;

const pipelineSpec = spec({
  token: "heroku:pipeline/pipeline:Pipeline",
  inputs: ["name", "owner"],
  required: [],
  outputs: ["name", "owner"],
  secretInputs: [],
  secretOutputs: [],
});

export interface PipelineArgs {
  name?: pulumi.Input<string>;
  owner?: pulumi.Input<types.input.pipeline.PipelineOwner>;
}
export type PipelineState = StateOf<Pipeline>;

export class Pipeline extends specResource(pipelineSpec) {
  declare readonly name: pulumi.Output<string>;
  declare readonly owner: pulumi.Output<types.output.pipeline.PipelineOwner>;

  constructor(name: string, args?: PipelineArgs, opts?: Opts) {
    super(name, args, opts);
  }
}

const couplingSpec = spec({
  token: "heroku:pipeline/coupling:Coupling",
  inputs: ["appId", "pipeline", "stage"],
  required: ["appId", "pipeline", "stage"],
  outputs: ["appId", "pipeline", "stage"],
  secretInputs: [],
  secretOutputs: [],
});

export interface CouplingArgs {
  appId: pulumi.Input<string>;
  pipeline: pulumi.Input<string>;
  stage: pulumi.Input<string>;
}
export type CouplingState = StateOf<Coupling>;

export class Coupling extends specResource(couplingSpec) {
  declare readonly appId: pulumi.Output<string>;
  declare readonly pipeline: pulumi.Output<string>;
  declare readonly stage: pulumi.Output<string>;

  constructor(name: string, args: CouplingArgs, opts?: Opts) {
    super(name, args, opts);
  }
}
