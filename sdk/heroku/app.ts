import * as pulumi from "@pulumi/pulumi";
import type * as types from "./types";
import { spec, specResource, type StateOf } from "./utilities";

type Opts = pulumi.CustomResourceOptions;
type Vars = { [key: string]: pulumi.Input<string> };

const appSpec = spec({
  token: "heroku:app/app:App",
  inputs: [
    "acm",
    "buildpacks",
    "configVars",
    "internalRouting",
    "name",
    "organization",
    "region",
    "sensitiveConfigVars",
    "space",
    "stack",
  ],
  required: ["region"],
  outputs: [
    "acm",
    "allConfigVars",
    "buildpacks",
    "configVars",
    "gitUrl",
    "herokuHostname",
    "internalRouting",
    "name",
    "organization",
    "region",
    "sensitiveConfigVars",
    "space",
    "stack",
    "uuid",
    "webUrl",
  ],
  secretInputs: ["sensitiveConfigVars"],
  secretOutputs: ["allConfigVars", "sensitiveConfigVars"],
});

export interface AppArgs {
  acm?: pulumi.Input<boolean>;
  buildpacks?: pulumi.Input<pulumi.Input<string>[]>;
  configVars?: pulumi.Input<Vars>;
  internalRouting?: pulumi.Input<boolean>;
  name?: pulumi.Input<string>;
  organization?: pulumi.Input<types.input.app.AppOrganization>;
  region: pulumi.Input<string>;
  sensitiveConfigVars?: pulumi.Input<Vars>;
  space?: pulumi.Input<string>;
  stack?: pulumi.Input<string>;
}
export type AppState = StateOf<App>;

export class App extends specResource(appSpec) {
  declare readonly acm: pulumi.Output<boolean>;
  declare readonly allConfigVars: pulumi.Output<{ [key: string]: string }>;
  declare readonly buildpacks: pulumi.Output<string[]>;
  declare readonly configVars: pulumi.Output<{ [key: string]: string }>;
  declare readonly gitUrl: pulumi.Output<string>;
  declare readonly herokuHostname: pulumi.Output<string>;
  declare readonly internalRouting: pulumi.Output<boolean>;
  declare readonly name: pulumi.Output<string>;
  declare readonly organization: pulumi.Output<types.output.app.AppOrganization | undefined>;
  declare readonly region: pulumi.Output<string>;
  declare readonly sensitiveConfigVars: pulumi.Output<{ [key: string]: string }>;
  declare readonly space: pulumi.Output<string | undefined>;
  declare readonly stack: pulumi.Output<string>;
  declare readonly uuid: pulumi.Output<string>;
  declare readonly webUrl: pulumi.Output<string>;

  constructor(name: string, args: AppArgs, opts?: Opts) {
    super(name, args, opts);
  }
}

const configAssociationSpec = spec({
  token: "heroku:app/configAssociation:ConfigAssociation",
  inputs: ["appId", "sensitiveVars", "vars"],
  required: ["appId"],
  outputs: ["appId", "sensitiveVars", "vars"],
  secretInputs: ["sensitiveVars"],
  secretOutputs: ["sensitiveVars"],
});

export interface ConfigAssociationArgs {
  appId: pulumi.Input<string>;
  sensitiveVars?: pulumi.Input<Vars>;
  vars?: pulumi.Input<Vars>;
}
export type ConfigAssociationState = StateOf<ConfigAssociation>;

export class ConfigAssociation extends specResource(configAssociationSpec) {
  declare readonly appId: pulumi.Output<string>;
  declare readonly sensitiveVars: pulumi.Output<{ [key: string]: string } | undefined>;
  declare readonly vars: pulumi.Output<{ [key: string]: string } | undefined>;

  constructor(name: string, args: ConfigAssociationArgs, opts?: Opts) {
    super(name, args, opts);
  }
}

const featureSpec = spec({
  token: "heroku:app/feature:Feature",
  inputs: ["appId", "enabled", "name"],
  required: ["appId"],
  outputs: ["appId", "enabled", "name"],
  secretInputs: [],
  secretOutputs: [],
});

export interface FeatureArgs {
  appId: pulumi.Input<string>;
  enabled?: pulumi.Input<boolean>;
  name?: pulumi.Input<string>;
}
export type FeatureState = StateOf<Feature>;

export class Feature extends specResource(featureSpec) {
  declare readonly appId: pulumi.Output<string>;
  declare readonly enabled: pulumi.Output<boolean | undefined>;
  declare readonly name: pulumi.Output<string>;

  constructor(name: string, args: FeatureArgs, opts?: Opts) {
    super(name, args, opts);
  }
}

const releaseSpec = spec({
  token: "heroku:app/release:Release",
  inputs: ["appId", "description", "slugId"],
  required: ["appId", "slugId"],
  outputs: ["appId", "description", "slugId"],
  secretInputs: [],
  secretOutputs: [],
});

export interface ReleaseArgs {
  appId: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  slugId: pulumi.Input<string>;
}
export type ReleaseState = StateOf<Release>;

export class Release extends specResource(releaseSpec) {
  declare readonly appId: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly slugId: pulumi.Output<string>;

  constructor(name: string, args: ReleaseArgs, opts?: Opts) {
    super(name, args, opts);
  }
}
