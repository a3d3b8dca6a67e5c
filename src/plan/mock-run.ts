import * as pulumi from "@pulumi/pulumi";
import { KNOWN_AFTER_DEPLOY, maskSecret } from "../guardrails/marks";
import type { StackFile } from "../stack-files/load";

/**
 * Runs the real program under the SDK's mock runtime with a stack file's config, and records
 * every resource it declares — type, name, parent, inputs and options — as the engine would see
 * it. The offline plan and the tests both stand on this; neither forks the program.
 */

export interface Registration {
  type: string;
  name: string;
  /** Name of the parent resource; undefined for children of the stack itself. */
  parent?: string;
  custom: boolean;
  /** The inputs exactly as the program passed them (Outputs included). */
  props: Record<string, unknown>;
  protect: boolean;
  retainOnDelete: boolean;
  /** Names of the resources this one explicitly depends on. */
  dependsOn: string[];
  /** The lifecycle options the engine plans with (src/program/lifecycle.ts sets them). */
  replaceOnChanges: string[];
  deleteBeforeReplace: boolean;
  /** Name of the resource whose deletion makes this one's Delete unnecessary. */
  deletedWith?: string;
  /** The id of an existing resource the engine imports instead of creating it (`import` option). */
  import?: string;
}

export interface OfflineRun {
  registrations: Registration[];
  /** The program's exports (stack outputs), unresolved. */
  outputs: Record<string, unknown>;
}

export interface OfflineRunOptions {
  /** The mocks, or a factory given the registrations so far (to answer for declared outputs). */
  mocks: pulumi.runtime.Mocks | ((registrations: readonly Registration[]) => pulumi.runtime.Mocks);
  /** Loads the program afresh (a new module instance) and runs it, returning its outputs. */
  load: () => Promise<Record<string, unknown>>;
  /** The Pulumi organization stack references resolve in; the DIY backend's is "organization". */
  organization?: string;
  preview?: boolean;
}

/**
 * A program module's stack outputs, as the Pulumi CLI takes them: its exports, or what the
 * function it exports returns (this project's index.ts: an async function), awaited.
 */
export async function programOutputs(exported: unknown): Promise<Record<string, unknown>> {
  const outputs: unknown = typeof exported === "function" ? await exported() : exported;
  return (outputs ?? {}) as Record<string, unknown>;
}

/** The program threw (bad config, say); `registrations` shows what it had declared by then. */
export class OfflineRunError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly registrations: Registration[],
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "OfflineRunError";
  }
}

export const DEFAULT_ORGANIZATION = "organization";

/**
 * The SDK's mock runtime says it supports resource and error hooks (setMocks sets
 * supportsResourceHooks and supportsErrorHooks), but its MockMonitor has no method to register
 * one (@pulumi/pulumi 3.248.0), so a program that binds a hook fails under mocks with
 * "registerErrorHook is not a function". Under mocks no operation fails, so no hook would run:
 * registration is acknowledged by a stand-in for the SDK's callback server (the real one starts
 * a gRPC server and a client per run, which outlive the run). Call it after `setMocks`.
 */
export function acknowledgeHooks(): void {
  // The SDK's run state; internal, so missing from its typings.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { getStore } = require("@pulumi/pulumi/runtime/state") as {
    getStore(): { callbacks?: unknown };
  };
  const nothing = async () => {};
  getStore().callbacks ??= {
    registerErrorHook: nothing,
    registerResourceHook: nothing,
    awaitStackRegistrations: nothing,
    shutdown: () => {},
  };
}

export async function runOffline(file: StackFile, options: OfflineRunOptions): Promise<OfflineRun> {
  // A mock that throws fails the run at once; the registrations waiting on it would never finish.
  let mockFailure: (error: unknown) => void = () => {};
  const mockFailed = new Promise<never>((_, reject) => (mockFailure = reject));
  mockFailed.catch(() => {});
  // The SDK leaves the failed registration's own promise unhandled; it is this run's failure.
  const onUnhandled = (error: unknown) => mockFailure(error);
  process.on("unhandledRejection", onUnhandled);
  const registrations: Registration[] = [];
  const given = typeof options.mocks === "function" ? options.mocks(registrations) : options.mocks;
  const mocks: pulumi.runtime.Mocks = {
    newResource: (args) => guard(() => given.newResource(args), mockFailure),
    call: (args) => guard(() => given.call(args), mockFailure),
  };
  await pulumi.runtime.setMocks(
    mocks,
    file.project,
    file.stack,
    options.preview ?? false,
    options.organization ?? DEFAULT_ORGANIZATION,
  );
  acknowledgeHooks();
  pulumi.runtime.setAllConfig(file.config, file.secretKeys);
  const names = new Map<pulumi.Resource, string>();
  const resources: pulumi.Resource[] = [];
  let outputs: Record<string, unknown> = {};
  let failure: unknown;
  await pulumi.runtime.runInPulumiStack(async () => {
    // A stack transformation sees what the mock monitor doesn't: parent, protect, dependsOn.
    pulumi.runtime.registerStackTransformation((args) => {
      names.set(args.resource, args.name);
      resources.push(args.resource);
      const opts = args.opts as pulumi.CustomResourceOptions;
      registrations.push({
        type: args.type,
        name: args.name,
        parent: args.opts.parent ? names.get(args.opts.parent) : undefined,
        custom: args.resource instanceof pulumi.CustomResource || isCustom(args.resource),
        props: { ...args.props },
        protect: args.opts.protect === true,
        retainOnDelete: opts.retainOnDelete === true,
        dependsOn: dependencies(args.opts.dependsOn).map((resource) => names.get(resource) ?? "?"),
        replaceOnChanges: [...(opts.replaceOnChanges ?? [])],
        deleteBeforeReplace: opts.deleteBeforeReplace === true,
        ...(opts.deletedWith && { deletedWith: names.get(opts.deletedWith) ?? "?" }),
        ...importOf(args.opts),
      });
      return undefined;
    });
    try {
      outputs = await options.load();
    } catch (error) {
      // Kept out of the SDK's stack machinery, which would report it as an unhandled rejection.
      failure = error;
    }
    // On another copy of the SDK (a fresh module registry) instanceof fails, and the SDK sets
    // its cross-copy mark only after the transformations ran; by now every constructor is done.
    resources.forEach((resource, index) => (registrations[index].custom ||= isCustom(resource)));
    return {};
  });
  // Every registration reaches the mocks before we return, so a mock's complaint is never lost.
  await Promise.race([pulumi.runtime.disconnect(), mockFailed]).catch((error) => {
    failure ??= error;
  });
  await new Promise((settled) => setImmediate(settled));
  process.off("unhandledRejection", onUnhandled);
  if (failure !== undefined) throw new OfflineRunError(failure, registrations);
  return { registrations, outputs };
}

function guard<T>(body: () => T, onError: (error: unknown) => void): T {
  try {
    return body();
  } catch (error) {
    onError(error);
    throw error;
  }
}

/** The program may run on another copy of the SDK (a fresh module registry), so no instanceof. */
function isCustom(resource: pulumi.Resource): boolean {
  return (
    (resource as unknown as { __pulumiCustomResource?: boolean }).__pulumiCustomResource === true
  );
}

function importOf(opts: pulumi.ResourceOptions): { import?: string } {
  const id = (opts as pulumi.CustomResourceOptions).import;
  return typeof id === "string" ? { import: id } : {};
}

function dependencies(dependsOn: pulumi.ResourceOptions["dependsOn"]): pulumi.Resource[] {
  if (dependsOn === undefined) return [];
  if (Array.isArray(dependsOn)) return dependsOn as pulumi.Resource[];
  return pulumi.Resource.isInstance(dependsOn) ? [dependsOn] : [];
}

export { KNOWN_AFTER_DEPLOY, SECRET_MARK } from "../guardrails/marks";

export interface Resolved {
  /** The plain value, secrets included: for assertions, never for printing. */
  value: unknown;
  /** The same value with every secret part replaced by SECRET_MARK (map keys are kept). */
  masked: unknown;
  secret: boolean;
}

/** Resolves Outputs, promises and structures of them, tracking which parts are secret. */
export async function resolve(input: unknown): Promise<Resolved> {
  if (pulumi.Output.isInstance(input)) {
    const [inner, secret] = await Promise.all([
      new Promise<unknown>((done) => input.apply((resolved) => done(resolved))),
      pulumi.isSecret(input),
    ]);
    if (inner === undefined) return { value: undefined, masked: KNOWN_AFTER_DEPLOY, secret };
    const nested = await resolve(inner);
    return secret ? { value: nested.value, masked: maskSecret(nested.value), secret } : nested;
  }
  if (input instanceof Promise) return resolve(await input);
  if (Array.isArray(input)) {
    const items = await Promise.all(input.map(resolve));
    return {
      value: items.map((item) => item.value),
      masked: items.map((item) => item.masked),
      secret: items.some((item) => item.secret),
    };
  }
  if (typeof input === "object" && input !== null && !pulumi.Resource.isInstance(input)) {
    const entries = await Promise.all(
      Object.entries(input).map(async ([key, inner]) => [key, await resolve(inner)] as const),
    );
    return {
      value: Object.fromEntries(entries.map(([key, inner]) => [key, inner.value])),
      masked: Object.fromEntries(entries.map(([key, inner]) => [key, inner.masked])),
      secret: entries.some(([, inner]) => inner.secret),
    };
  }
  return { value: input, masked: input, secret: false };
}
