import * as pulumi from "@pulumi/pulumi";
import type * as types from "./types";
import { isInstanceOf, resourceOptions, resourceProps, spec, type StateOf } from "./utilities";

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

export class Pipeline extends pulumi.CustomResource {
  /** @internal */ static readonly __pulumiType = pipelineSpec.token;
  /** @internal Property table behind this class; see utilities.ResourceSpec. */
  static readonly __spec = pipelineSpec;

  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: PipelineState,
    opts?: Opts,
  ): Pipeline {
    return new Pipeline(name, state as PipelineArgs, { ...opts, id });
  }

  static override isInstance(obj: unknown): obj is Pipeline {
    return isInstanceOf(obj, Pipeline.__pulumiType);
  }

  declare readonly name: pulumi.Output<string>;
  declare readonly owner: pulumi.Output<types.output.pipeline.PipelineOwner>;

  constructor(name: string, args?: PipelineArgs, opts?: Opts) {
    const s = pipelineSpec;
    super(s.token, name, resourceProps(s, name, args, opts), resourceOptions(s, opts));
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

export class Coupling extends pulumi.CustomResource {
  /** @internal */ static readonly __pulumiType = couplingSpec.token;
  /** @internal */ static readonly __spec = couplingSpec;

  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: CouplingState,
    opts?: Opts,
  ): Coupling {
    return new Coupling(name, state as CouplingArgs, { ...opts, id });
  }

  static override isInstance(obj: unknown): obj is Coupling {
    return isInstanceOf(obj, Coupling.__pulumiType);
  }

  declare readonly appId: pulumi.Output<string>;
  declare readonly pipeline: pulumi.Output<string>;
  declare readonly stage: pulumi.Output<string>;

  constructor(name: string, args: CouplingArgs, opts?: Opts) {
    const s = couplingSpec;
    super(s.token, name, resourceProps(s, name, args, opts), resourceOptions(s, opts));
  }
}
