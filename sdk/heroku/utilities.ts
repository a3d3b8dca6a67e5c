import * as pulumi from "@pulumi/pulumi";

/**
 * Plugin coordinates. They travel with every registration so that the Pulumi CLI installs and
 * runs exactly the provider this binding mirrors (pulumi-resource-heroku v1.0.4 from the
 * pulumiverse GitHub releases), the same way the published SDK pins it.
 */
export const PLUGIN_VERSION = "1.0.4";
export const PLUGIN_DOWNLOAD_URL = "github://api.github.com/pulumiverse";

/**
 * What a resource class sends to the engine, by schema property name. One table per class keeps
 * the classes themselves down to their TypeScript types; test/sdk/conformance.test.ts checks the
 * behaviour these tables drive against the provider schema, and the class types against them.
 */
export interface ResourceSpec {
  /** Schema `resources` key. */
  readonly token: string;
  /** Schema `inputProperties` keys. */
  readonly inputs: readonly string[];
  /** Schema `requiredInputs`. */
  readonly required: readonly string[];
  /** Schema `properties` keys (also the state accepted by `get`; the schema's stateInputs match). */
  readonly outputs: readonly string[];
  /** Inputs marked `secret`: wrapped with pulumi.secret before they leave the program. */
  readonly secretInputs: readonly string[];
  /** Properties marked `secret`: the engine must keep them secret even if the provider does not. */
  readonly secretOutputs: readonly string[];
}

/** Identity helper that keeps the literal property names, for the type-level checks. */
export function spec<const S extends ResourceSpec>(s: S): S {
  return s;
}

/** Plugin version and download URL; anything the caller sets wins. */
export function withDefaults<T extends pulumi.ResourceOptions>(opts: T | undefined): T {
  const defaults = { version: PLUGIN_VERSION, pluginDownloadURL: PLUGIN_DOWNLOAD_URL };
  return pulumi.mergeOptions(defaults, opts ?? {}) as T;
}

/** Resource options for a class: defaults, then the caller's, then the schema's secret outputs. */
export function resourceOptions(
  s: ResourceSpec,
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.CustomResourceOptions {
  const merged = withDefaults(opts);
  if (s.secretOutputs.length === 0) return merged;
  return pulumi.mergeOptions(merged, { additionalSecretOutputs: [...s.secretOutputs] });
}

/**
 * The props bag for a registration. Like the published SDK: a `get` (opts.id) forwards the given
 * state; otherwise required inputs are checked (unless rehydrating by opts.urn), secret inputs are
 * wrapped, and every output-only property is listed as undefined so the engine resolves it.
 */
export function resourceProps(
  s: ResourceSpec,
  name: string,
  argsOrState: object | undefined,
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.Inputs {
  const given = (argsOrState ?? {}) as Record<string, unknown>;
  const props: pulumi.Inputs = {};
  if (opts?.id) {
    for (const k of s.outputs) props[k] = given[k];
    return props;
  }
  if (!opts?.urn) {
    for (const k of s.required) {
      if (given[k] === undefined) {
        throw new Error(`Missing required property '${k}' for ${s.token} resource '${name}'`);
      }
    }
  }
  for (const k of s.inputs) {
    const v = given[k];
    props[k] = v !== undefined && s.secretInputs.includes(k) ? pulumi.secret(v) : v;
  }
  for (const k of s.outputs) if (!(k in props)) props[k] = undefined;
  return props;
}

/** Cross-copy-safe instance check (several copies of this module may be loaded). */
export function isInstanceOf(obj: unknown, token: string): boolean {
  return (
    obj !== undefined && obj !== null && (obj as Record<string, unknown>)["__pulumiType"] === token
  );
}

/** Output-typed property names of a resource class, without the engine's own urn/id. */
export type OutputKeys<R> = Exclude<
  { [K in keyof R]-?: R[K] extends pulumi.OutputInstance<unknown> ? K : never }[keyof R],
  "urn" | "id"
>;

/** State accepted by `get`: every output, optional, as an input. */
export type StateOf<R> = {
  [K in OutputKeys<R>]?: R[K] extends pulumi.OutputInstance<infer T> ? pulumi.Input<T> : never;
};

type Opts = pulumi.CustomResourceOptions;

/**
 * The base of one resource class: registration driven by its spec, and the published SDK's
 * static `get` and `isInstance`, written once for every class. A class adds only its typed
 * constructor and its `declare`d outputs.
 */
export function specResource<const S extends ResourceSpec>(s: S) {
  abstract class SpecResource extends pulumi.CustomResource {
    /** @internal */ static readonly __pulumiType: S["token"] = s.token;
    /** @internal Property table behind this class; see ResourceSpec. */
    static readonly __spec: S = s;

    /** Reads an existing resource's state by id (the published SDK's `Xxx.get`). */
    static get<T extends pulumi.CustomResource>(
      this: new (name: string, args: never, opts?: Opts) => T,
      name: string,
      id: pulumi.Input<pulumi.ID>,
      state?: StateOf<T>,
      opts?: Opts,
    ): T {
      return new this(name, state as never, { ...opts, id });
    }

    static override isInstance<T extends pulumi.CustomResource>(
      this: abstract new (name: string, args: never, opts?: Opts) => T,
      obj: unknown,
    ): obj is T {
      return isInstanceOf(obj, s.token);
    }

    protected constructor(name: string, args: object | undefined, opts: Opts | undefined) {
      super(s.token, name, resourceProps(s, name, args, opts), resourceOptions(s, opts));
    }
  }
  return SpecResource;
}
