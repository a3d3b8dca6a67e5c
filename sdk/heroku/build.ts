import * as pulumi from "@pulumi/pulumi";
import type * as types from "./types";
import { spec, specResource, type StateOf } from "./utilities";

type Opts = pulumi.CustomResourceOptions;

const buildSpec = spec({
  token: "heroku:build/build:Build",
  inputs: ["appId", "buildpacks", "source"],
  required: ["appId", "source"],
  outputs: [
    "appId",
    "buildpacks",
    "localChecksum",
    "outputStreamUrl",
    "releaseId",
    "slugId",
    "source",
    "stack",
    "status",
    "users",
    "uuid",
  ],
  secretInputs: [],
  secretOutputs: [],
});

export interface BuildArgs {
  appId: pulumi.Input<string>;
  buildpacks?: pulumi.Input<pulumi.Input<string>[]>;
  source: pulumi.Input<types.input.build.BuildSource>;
}
export type BuildState = StateOf<Build>;

export class Build extends specResource(buildSpec) {
  declare readonly appId: pulumi.Output<string>;
  declare readonly buildpacks: pulumi.Output<string[]>;
  declare readonly localChecksum: pulumi.Output<string>;
  declare readonly outputStreamUrl: pulumi.Output<string>;
  declare readonly releaseId: pulumi.Output<string>;
  declare readonly slugId: pulumi.Output<string>;
  declare readonly source: pulumi.Output<types.output.build.BuildSource>;
  declare readonly stack: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly users: pulumi.Output<types.output.build.BuildUser[]>;
  declare readonly uuid: pulumi.Output<string>;

  constructor(name: string, args: BuildArgs, opts?: Opts) {
    super(name, args, opts);
  }
}
