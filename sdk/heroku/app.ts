import * as pulumi from "@pulumi/pulumi";
import type * as types from "./types";
import { isInstanceOf, resourceOptions, resourceProps, spec, type StateOf } from "./utilities";

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

export class App extends pulumi.CustomResource {
  /** @internal */ static readonly __pulumiType = appSpec.token;
  /** @internal Property table behind this class; see utilities.ResourceSpec. */
  static readonly __spec = appSpec;

  static get(name: string, id: pulumi.Input<pulumi.ID>, state?: AppState, opts?: Opts): App {
    return new App(name, state as AppArgs, { ...opts, id });
  }

  static override isInstance(obj: unknown): obj is App {
    return isInstanceOf(obj, App.__pulumiType);
  }

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
    const s = appSpec;
    super(s.token, name, resourceProps(s, name, args, opts), resourceOptions(s, opts));
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

export class ConfigAssociation extends pulumi.CustomResource {
  /** @internal */ static readonly __pulumiType = configAssociationSpec.token;
  /** @internal */ static readonly __spec = configAssociationSpec;

  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: ConfigAssociationState,
    opts?: Opts,
  ): ConfigAssociation {
    return new ConfigAssociation(name, state as ConfigAssociationArgs, { ...opts, id });
  }

  static override isInstance(obj: unknown): obj is ConfigAssociation {
    return isInstanceOf(obj, ConfigAssociation.__pulumiType);
  }

  declare readonly appId: pulumi.Output<string>;
  declare readonly sensitiveVars: pulumi.Output<{ [key: string]: string } | undefined>;
  declare readonly vars: pulumi.Output<{ [key: string]: string } | undefined>;

  constructor(name: string, args: ConfigAssociationArgs, opts?: Opts) {
    const s = configAssociationSpec;
    super(s.token, name, resourceProps(s, name, args, opts), resourceOptions(s, opts));
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

export class Feature extends pulumi.CustomResource {
  /** @internal */ static readonly __pulumiType = featureSpec.token;
  /** @internal */ static readonly __spec = featureSpec;

  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: FeatureState,
    opts?: Opts,
  ): Feature {
    return new Feature(name, state as FeatureArgs, { ...opts, id });
  }

  static override isInstance(obj: unknown): obj is Feature {
    return isInstanceOf(obj, Feature.__pulumiType);
  }

  declare readonly appId: pulumi.Output<string>;
  declare readonly enabled: pulumi.Output<boolean | undefined>;
  declare readonly name: pulumi.Output<string>;

  constructor(name: string, args: FeatureArgs, opts?: Opts) {
    const s = featureSpec;
    super(s.token, name, resourceProps(s, name, args, opts), resourceOptions(s, opts));
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

export class Release extends pulumi.CustomResource {
  /** @internal */ static readonly __pulumiType = releaseSpec.token;
  /** @internal */ static readonly __spec = releaseSpec;

  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: ReleaseState,
    opts?: Opts,
  ): Release {
    return new Release(name, state as ReleaseArgs, { ...opts, id });
  }

  static override isInstance(obj: unknown): obj is Release {
    return isInstanceOf(obj, Release.__pulumiType);
  }

  declare readonly appId: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly slugId: pulumi.Output<string>;

  constructor(name: string, args: ReleaseArgs, opts?: Opts) {
    const s = releaseSpec;
    super(s.token, name, resourceProps(s, name, args, opts), resourceOptions(s, opts));
  }
}
