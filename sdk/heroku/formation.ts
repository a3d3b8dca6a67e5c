import * as pulumi from "@pulumi/pulumi";
import { isInstanceOf, resourceOptions, resourceProps, spec, type StateOf } from "./utilities";

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

export class Formation extends pulumi.CustomResource {
  /** @internal */ static readonly __pulumiType = formationSpec.token;
  /** @internal Property table behind this class; see utilities.ResourceSpec. */
  static readonly __spec = formationSpec;

  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: FormationState,
    opts?: Opts,
  ): Formation {
    return new Formation(name, state as FormationArgs, { ...opts, id });
  }

  static override isInstance(obj: unknown): obj is Formation {
    return isInstanceOf(obj, Formation.__pulumiType);
  }

  declare readonly appId: pulumi.Output<string>;
  declare readonly quantity: pulumi.Output<number>;
  declare readonly size: pulumi.Output<string>;
  declare readonly type: pulumi.Output<string>;

  constructor(name: string, args: FormationArgs, opts?: Opts) {
    const s = formationSpec;
    super(s.token, name, resourceProps(s, name, args, opts), resourceOptions(s, opts));
  }
}
