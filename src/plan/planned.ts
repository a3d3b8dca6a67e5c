import * as fs from "fs";
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import { OfflineRunError, programOutputs, resolve, runOffline } from "./mock-run";
import type { OfflineRun, Registration } from "./mock-run";
import { PROJECT_DIR } from "../program/paths";
import { knownAfterDeploy } from "../guardrails/marks";
import { listStacks, loadStackFileOrDefaults } from "../stack-files/load";
import { stackReferenceProblems } from "../stack-files/references";
import { StackConfigError } from "../program/config/parse";
import { UPSTREAM_OUTPUTS } from "../program/upstream";
import { READ_STACK_OUTPUTS } from "../program/upstream-check";
import { maskPlaintextCredentials } from "./plaintext";
import type { PlaintextCredential } from "./plaintext";

/**
 * A stack's desired state, as a reviewer (and a policy) sees it: every resource the program
 * declares, with its inputs resolved, secrets masked and values only a deployment can know
 * shown as placeholders — never as a mock's invented value.
 */

/** A registration (mock-run.ts) as a reviewer sees it: its inputs resolved and masked. */
export interface PlannedResource extends Omit<Registration, "props"> {
  /** Resolved inputs; secret parts are "[secret]", unknown ones "(known after deploy…)". */
  inputs: Record<string, unknown>;
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
 * and every id comes back as a placeholder naming where the real value will come from; so does
 * every output of a stack reference (the plan is a stack's first deploy).
 */
export function placeholderMocks(registrations: readonly Registration[]): pulumi.runtime.Mocks {
  // What the engine reads of another stack, for a StackReference and for the program's check.
  const stackOutputs = (stack: string) => ({
    name: stack,
    outputs: Object.fromEntries(UPSTREAM_OUTPUTS.map((key) => [key, afterDeploy(stack, key)])),
    secretOutputNames: [],
  });
  return {
    newResource({ type, name, inputs }) {
      if (type === "pulumi:pulumi:StackReference") {
        return { id: inputs.name, state: { ...inputs, ...stackOutputs(inputs.name) } };
      }
      const declared =
        registrations.find((registration) => registration.name === name)?.props ?? {};
      const unknowns = Object.keys(declared)
        .filter((key) => inputs[key] === undefined)
        .map((key) => [key, afterDeploy(name, key)]);
      return { id: afterDeploy(name, "id"), state: { ...Object.fromEntries(unknowns), ...inputs } };
    },
    call({ token, inputs }) {
      if (token === READ_STACK_OUTPUTS) return stackOutputs(inputs.name);
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
      const resolved = await resolve(props);
      return { ...rest, inputs: dropUndefined(hide(registration, resolved.masked)) };
    }),
  );
  const outputs = hide({ type: "", name: "outputs" }, (await resolve(run.outputs)).masked);
  const { project, stack, source } = file;
  return { project, stack, source, resources, outputs, plaintextCredentials };
}

/**
 * Loads a project's index.ts afresh in this process and runs it: its own modules are
 * re-evaluated, packages kept. Another project directory (a copy of the project) shares this
 * checkout's packages through its node_modules link, so the program registers with this process's
 * SDK.
 */
export function programLoader(projectDir = PROJECT_DIR): () => Promise<Record<string, unknown>> {
  return async () => {
    // Modules are cached by real path: a tree reached through a node_modules link is elsewhere.
    const root = fs.realpathSync(projectDir);
    const own = (file: string) => {
      const relative = path.relative(root, file);
      return !relative.startsWith("..") && !relative.split(path.sep).includes("node_modules");
    };
    for (const file of Object.keys(require.cache)) if (own(file)) delete require.cache[file];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return programOutputs(require(path.join(root, "index")));
  };
}

/** Loads this project's index.ts afresh. */
export const loadProgramFresh = programLoader();

export interface PlanOptions {
  /** The project the stack belongs to (default: this one); a stack name is looked up there. */
  projectDir?: string;
}

/**
 * Plans one stack file (a stack name, or a path to any Pulumi.<stack>.yaml). A stack name with
 * no file plans what a new stack of that name would get, and says so.
 */
export async function planStack(
  stackOrPath: string,
  load: () => Promise<Record<string, unknown>> = loadProgramFresh,
  options: PlanOptions = {},
): Promise<Plan> {
  const file = loadStackFileOrDefaults(stackOrPath, options.projectDir);
  const references = stackReferenceProblems(file, options.projectDir);
  let run: OfflineRun;
  try {
    run = await runOffline(file, { mocks: placeholderMocks, load });
  } catch (error) {
    // The program's own config problems and the references', reported at once.
    const cause = error instanceof OfflineRunError ? error.cause : undefined;
    if (references.length > 0 && cause instanceof Error && cause.name === "StackConfigError") {
      const problems = [...(cause as StackConfigError).problems, ...references];
      throw new OfflineRunError(new StackConfigError(file.stack, problems), []);
    }
    throw error;
  }
  if (references.length > 0) throw new StackConfigError(file.stack, references);
  const plan = await toPlan(file, run);
  if (file.defaults) {
    plan.defaultsNote =
      `${file.source} doesn't exist: this is what a new stack named "${file.stack}" gets from ` +
      `the defaults (stacks with a file: ${listStacks(options.projectDir).join(", ")})`;
  }
  return plan;
}

function dropUndefined(inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(inputs).filter(([, value]) => value !== undefined));
}
