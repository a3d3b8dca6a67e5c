import { createHmac, randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import {
  DEFAULT_ORGANIZATION,
  OfflineRunError,
  programOutputs,
  resolve,
  runOffline,
} from "./mock-run";
import type { OfflineRun, Registration } from "./mock-run";
import { PROJECT_DIR } from "../program/paths";
import { isRecord } from "../guardrails/checked";
import { knownAfterDeploy, placeholderSources } from "../guardrails/marks";
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
  /**
   * Every input leaf shown otherwise than it is (a secret as "[secret]"), by path: a keyed
   * digest of the real value, and the placeholders inside it. It tells a change plan whether a
   * hidden value changed; no renderer prints it, and the digest's key lives in this process only.
   */
  hidden: Record<string, HiddenValue>;
}

export interface HiddenValue {
  digest: string;
  /** Sources of the `(known after deploy: …)` placeholders in the real value. */
  follows: string[];
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

/** A stack's own outputs at its previous deploy, for its reference to itself (`--against`). */
export interface PreviousDeploy {
  /** The qualified stack name: organization/project/stack. */
  stack: string;
  outputs: Record<string, unknown>;
}

/**
 * Mocks that invent nothing: every output the resource declares (its props bag names them all)
 * and every id comes back as a placeholder naming where the real value will come from. A
 * stack's reference to itself reads `previous` when given (what is deployed), else placeholders.
 */
export function placeholderMocks(
  registrations: readonly Registration[],
  previous?: PreviousDeploy,
): pulumi.runtime.Mocks {
  // What the engine reads of another stack, for a StackReference and for the program's check.
  const stackOutputs = (stack: string) => ({
    name: stack,
    outputs:
      previous !== undefined && previous.stack === stack
        ? previous.outputs
        : Object.fromEntries(UPSTREAM_OUTPUTS.map((key) => [key, afterDeploy(stack, key)])),
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
      // Plaintext credentials are masked first, so the digests below see them as hidden values.
      const inputs = dropUndefined(hide(registration, resolved.masked));
      return { ...rest, inputs, hidden: hiddenValues(inputs, resolved.value) };
    }),
  );
  const outputs = hide({ type: "", name: "outputs" }, (await resolve(run.outputs)).masked);
  const { project, stack, source } = file;
  return { project, stack, source, resources, outputs, plaintextCredentials };
}

/**
 * Loads a project's index.ts afresh in this process and runs it: its own modules are
 * re-evaluated, packages kept. Another project directory (a commit's tree, see change/tree.ts) shares this checkout's
 * packages through its node_modules link, so the program registers with this process's SDK.
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
  /** The stack's own outputs at its previous deploy (`--against` knows them). */
  previousOutputs?: Record<string, unknown>;
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
  const previous = options.previousOutputs && {
    stack: `${DEFAULT_ORGANIZATION}/${file.project}/${file.stack}`,
    outputs: options.previousOutputs,
  };
  const mocks = (registrations: readonly Registration[]) =>
    placeholderMocks(registrations, previous);
  let run: OfflineRun;
  try {
    run = await runOffline(file, { mocks, load });
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

/** A per-process key: digests compare within one run and mean nothing outside it. */
const DIGEST_KEY = randomBytes(32);

/** The leaves of `shown` that differ from `real` (masked), with a digest of the real value. */
function hiddenValues(shown: unknown, real: unknown, at = ""): Record<string, HiddenValue> {
  if (Array.isArray(shown) && Array.isArray(real)) {
    return Object.assign(
      {},
      ...shown.map((item, index) => hiddenValues(item, real[index], `${at}[${index}]`)),
    );
  }
  if (isRecord(shown) && isRecord(real)) {
    return Object.assign(
      {},
      ...Object.entries(shown).map(([key, item]) =>
        hiddenValues(item, real[key], at === "" ? key : `${at}.${key}`),
      ),
    );
  }
  if (real === undefined || shown === real) return {};
  const text = typeof real === "string" ? real : JSON.stringify(real);
  const digest = createHmac("sha256", DIGEST_KEY).update(text).digest("hex");
  return { [at]: { digest, follows: placeholderSources(text) } };
}

function dropUndefined(inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(inputs).filter(([, value]) => value !== undefined));
}
