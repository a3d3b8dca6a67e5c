import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import { resolve, runOffline } from "./mock-run";
import type { OfflineRun, Registration } from "./mock-run";
import { PROJECT_DIR } from "../program/paths";
import { knownAfterDeploy } from "../guardrails/marks";
import { listStacks, loadStackFileOrDefaults } from "../stack-files/load";
import { UPSTREAM_OUTPUTS } from "../program/upstream";
import { maskPlaintextCredentials } from "./plaintext";
import type { PlaintextCredential } from "./plaintext";

/**
 * A stack's desired state, as a reviewer (and a policy) sees it: every resource the program
 * declares, with its inputs resolved, secrets masked and values only a deployment can know
 * shown as placeholders — never as a mock's invented value.
 */

export interface PlannedResource {
  type: string;
  name: string;
  parent?: string;
  custom: boolean;
  /** Resolved inputs; secret parts are "[secret]", unknown ones "(known after deploy…)". */
  inputs: Record<string, unknown>;
  protect: boolean;
  retainOnDelete: boolean;
  dependsOn: string[];
  /** The existing resource's id, when `pulumi up` imports it instead of creating it. */
  import?: string;
}

export interface Plan {
  project: string;
  stack: string;
  source: string;
  resources: PlannedResource[];
  /** Stack outputs, masked the same way. */
  outputs: Record<string, unknown>;
  /** Set when the stack has no file: what it plans is what a new stack of that name would get. */
  defaultsNote?: string;
  /** Credentials written in plaintext (masked above as "[secret: plaintext, …]"). */
  plaintextCredentials: PlaintextCredential[];
}

/** `(known after deploy: heroku-app.webUrl)` */
export function afterDeploy(resource: string, property: string): string {
  return knownAfterDeploy(`${resource}.${property}`);
}

/**
 * Mocks that invent nothing: every output the resource declares (its props bag names them all)
 * and every id comes back as a placeholder naming where the real value will come from.
 */
export function placeholderMocks(registrations: readonly Registration[]): pulumi.runtime.Mocks {
  return {
    newResource({ type, name, inputs }) {
      if (type === "pulumi:pulumi:StackReference") {
        const outputs = Object.fromEntries(
          UPSTREAM_OUTPUTS.map((key) => [key, afterDeploy(inputs.name, key)]),
        );
        return { id: inputs.name, state: { ...inputs, outputs, secretOutputNames: [] } };
      }
      const declared =
        registrations.find((registration) => registration.name === name)?.props ?? {};
      const unknowns = Object.keys(declared)
        .filter((key) => inputs[key] === undefined)
        .map((key) => [key, afterDeploy(name, key)]);
      return { id: afterDeploy(name, "id"), state: { ...Object.fromEntries(unknowns), ...inputs } };
    },
    call({ token }) {
      throw new Error(`the program made an unexpected call to ${token}`);
    },
  };
}

/** Resolves a run's registrations and outputs into a Plan. */
export async function toPlan(
  file: { project: string; stack: string; source: string },
  run: OfflineRun,
): Promise<Plan> {
  const plaintextCredentials: PlaintextCredential[] = [];
  const hide = (owner: { type: string; name: string }, values: unknown) => {
    const { inputs, found } = maskPlaintextCredentials(owner, values as Record<string, unknown>);
    plaintextCredentials.push(...found);
    return inputs;
  };
  const resources = await Promise.all(
    run.registrations.map(async (registration): Promise<PlannedResource> => {
      const { props, ...rest } = registration;
      const inputs = hide(registration, (await resolve(props)).masked);
      return { ...rest, inputs: dropUndefined(inputs) };
    }),
  );
  const outputs = hide({ type: "", name: "outputs" }, (await resolve(run.outputs)).masked);
  const { project, stack, source } = file;
  return { project, stack, source, resources, outputs, plaintextCredentials };
}

/** Loads index.ts afresh in this process: the project's own modules are re-evaluated, packages kept. */
export async function loadProgramFresh(): Promise<Record<string, unknown>> {
  const own = (file: string) =>
    file.startsWith(PROJECT_DIR + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`);
  for (const file of Object.keys(require.cache)) if (own(file)) delete require.cache[file];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(PROJECT_DIR, "index"));
}

/**
 * Plans one stack file (a stack name, or a path to any Pulumi.<stack>.yaml). A stack name with
 * no file plans what a new stack of that name would get, and says so.
 */
export async function planStack(
  stackOrPath: string,
  load: () => Promise<Record<string, unknown>> = loadProgramFresh,
): Promise<Plan> {
  const file = loadStackFileOrDefaults(stackOrPath);
  const plan = await toPlan(file, await runOffline(file, { mocks: placeholderMocks, load }));
  if (file.defaults) {
    plan.defaultsNote =
      `${file.source} doesn't exist: this is what a new stack named "${file.stack}" gets from ` +
      `the defaults (stacks with a file: ${listStacks().join(", ")})`;
  }
  return plan;
}

function dropUndefined(inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(inputs).filter(([, value]) => value !== undefined));
}
