import { randomBytes } from "crypto";
import * as path from "path";
import projectPackage from "../../package.json";
import type * as pulumi from "@pulumi/pulumi";
import type { LoaderFor } from "../../src/plan/change/command";
import { programOutputs, runOffline, resolve } from "../../src/plan/mock-run";
import { withProgramWarnings } from "../../src/plan/report";
import type { OfflineRun, Registration } from "../../src/plan/mock-run";
import { READ_STACK_OUTPUTS } from "../../src/program/upstream-check";
import { loadStackFile } from "../../src/stack-files/load";
import type { StackFile } from "../../src/stack-files/load";

/**
 * Runs the real program (index.ts) under strict mocks with a real stack file, and gives tests
 * the registrations. Mocks invent plausible provider outputs; an unexpected call or resource
 * type throws, so the program can't quietly grow something the tests don't know about.
 */

export const STAGING_REFERENCE = "organization/heroku-app/staging";
/** What the staging stack exports, as production's StackReference sees it. */
export const STAGING_OUTPUTS = {
  slugId: "5d3b7a3e-1c0f-4f53-a5c3-3b0d5f6f7e01",
  pipelineId: "0a6f4c2e-9d7b-4e1a-8c3f-2b5e6d7a8f90",
  appName: "heroku-app-staging-abc123",
};

export interface MockLog {
  /** Every random secret the mocks generated, to hunt for in anything the product writes. */
  generatedSecrets: string[];
  calls: string[];
}

export function strictMocks(
  upstream: Record<string, Record<string, unknown>>,
  log: MockLog,
): pulumi.runtime.Mocks {
  return {
    newResource({ type, name, inputs }) {
      const id = `${name}-id`;
      switch (type) {
        case "pulumi:pulumi:Stack":
        case "heroku-app:index:HerokuEnvironment":
          return { id: "", state: {} };
        case "pulumi:pulumi:StackReference": {
          const outputs = upstream[inputs.name];
          if (!outputs) throw new Error(`unexpected stack reference ${inputs.name}`);
          return { id: inputs.name, state: { name: inputs.name, outputs, secretOutputNames: [] } };
        }
        case "random:index/randomString:RandomString":
          return { id, state: { ...inputs, result: "q7x2k9".slice(0, inputs.length) } };
        case "random:index/randomPassword:RandomPassword": {
          const result = randomBytes(inputs.length).toString("base64url").slice(0, inputs.length);
          log.generatedSecrets.push(result);
          return { id, state: { ...inputs, result } };
        }
        case "heroku:app/app:App":
          return {
            id: `${name}-uuid`,
            state: {
              ...inputs,
              uuid: `${name}-uuid`,
              webUrl: `https://${inputs.name}.herokuapp.com/`,
              gitUrl: "",
            },
          };
        case "heroku:build/build:Build":
          return {
            id: "build-uuid",
            state: {
              ...inputs,
              slugId: "slug-from-build",
              releaseId: "release-from-build",
              status: "succeeded",
            },
          };
        case "heroku:app/release:Release":
          return { id: "release-uuid", state: inputs };
        case "heroku:app/configAssociation:ConfigAssociation":
        case "heroku:app/feature:Feature":
        case "heroku:formation/formation:Formation":
        case "heroku:pipeline/pipeline:Pipeline":
        case "heroku:pipeline/coupling:Coupling":
        case "heroku:addon/addon:Addon":
        case "heroku:domain/domain:Domain":
        case "heroku:drain/drain:Drain":
          return { id, state: inputs };
        default:
          throw new Error(`unexpected resource type ${type} (${name})`);
      }
    },
    call({ token, inputs }) {
      log.calls.push(token);
      if (token === READ_STACK_OUTPUTS) {
        // The engine's answer for a stack that doesn't exist, for a reference the test didn't expect.
        if (!upstream[inputs.name]) throw new Error(`unknown stack "${inputs.name}"`);
        return { name: inputs.name, outputs: upstream[inputs.name], secretOutputNames: [] };
      }
      throw new Error(`unexpected call ${token}`);
    },
  };
}

export interface StackRun extends OfflineRun {
  log: MockLog;
  /** What the program warned about (pulumi.log.warn), as `pulumi up` would print it. */
  warnings: string[];
  /** The one registration with this name; throws when there is none or several. */
  get(name: string): Registration;
  ofType(type: string): Registration[];
  /** A registration's input, resolved (secrets included: assert on it, never print it). */
  input(name: string, key: string): Promise<unknown>;
  output(key: string): Promise<{ value: unknown; masked: unknown; secret: boolean }>;
}

/**
 * The packages a fresh load of the program shares with this test file, as `npm run plan` shares
 * them in its process (src/plan/planned.ts, programLoader): the SDK's runtime state is set up
 * per run, and fresh copies of the SDK and zod per load cost about a second.
 */
const SHARED_PACKAGES = [
  ...Object.keys(projectPackage.dependencies),
  // The deep imports: src/program/config/read.ts's, and every provider package's utilities.
  "@pulumi/pulumi/runtime/config",
  "@pulumi/pulumi/errors", // src/program/refusal.ts's
  "@pulumi/pulumi/runtime",
];
for (const name of SHARED_PACKAGES) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(name) as Record<string, unknown>;
  // A lazy export (@pulumi/random's resources) loads its module on first use: here, once, and
  // not in every fresh registry (where it would load a whole second SDK runtime).
  for (const key of Object.keys(loaded)) void loaded[key];
  jest.doMock(name, () => loaded);
}

/**
 * Loads index.ts in a fresh module registry (the packages above excepted), so each run reads its
 * own stack's config. `before` runs inside that registry first (to jest.doMock a module, say).
 */
export function loadProgram(before?: () => void): Promise<Record<string, unknown>> {
  return fresh(() => import("../../index"), before);
}

/** Another project folder's program (a copy, a commit's tree), loaded as loadProgram does. */
export const programAt: LoaderFor = (dir) => () => fresh(() => import(path.join(dir, "index")));

/**
 * The module's own exports: `import()` of a module that assigns `module.exports` (index.ts's
 * `export =`) wraps it as `default`, which the Pulumi CLI's `require` doesn't.
 */
const required = (loaded: Record<string, unknown>): unknown =>
  loaded.__esModule === true ? loaded : (loaded.default ?? loaded);

/** Runs a program imported with `import()`, as the Pulumi CLI runs it: its stack outputs. */
export const runImported = (loaded: Record<string, unknown>) => programOutputs(required(loaded));

/** V8's default stack format (an undefined prepareStackTrace would fall back to jest's). */
const v8Format = (error: Error, frames: NodeJS.CallSite[]) =>
  [String(error), ...frames.map((frame) => `    at ${frame}`)].join("\n");

async function fresh(
  load: () => Promise<Record<string, unknown>>,
  before?: () => void,
): Promise<Record<string, unknown>> {
  let program: Record<string, unknown> = {};
  // The SDK records a stack trace with every resource and promise; jest's source-mapped format of
  // them was half of a plan's time. V8's own format while the program registers its resources
  // (a failing test's own stack is still source-mapped).
  const { prepareStackTrace: sourceMapped, stackTraceLimit } = Error;
  Error.prepareStackTrace = v8Format;
  Error.stackTraceLimit = 10; // Node's default; jest raises it to 100
  try {
    await jest.isolateModulesAsync(async () => {
      before?.();
      // Run inside this registry, and while the V8 format holds: it registers the resources.
      program = await runImported(await load());
    });
  } finally {
    Error.prepareStackTrace = sourceMapped;
    Error.stackTraceLimit = stackTraceLimit;
  }
  return program;
}

/** A stack name, a path to a stack file, or a loaded one (e.g. with values as the CLI decrypts them). */
export async function runStack(
  stack: string | StackFile,
  upstream: Record<string, Record<string, unknown>> = { [STAGING_REFERENCE]: STAGING_OUTPUTS },
): Promise<StackRun> {
  const log: MockLog = { generatedSecrets: [], calls: [] };
  const file = typeof stack === "string" ? loadStackFile(stack) : stack;
  const { result: run, warnings } = await withProgramWarnings(() =>
    runOffline(file, { mocks: strictMocks(upstream, log), load: loadProgram }),
  );
  const get = (name: string) => {
    const found = run.registrations.filter((registration) => registration.name === name);
    if (found.length !== 1) throw new Error(`${found.length} registrations named ${name}`);
    return found[0];
  };
  return {
    ...run,
    log,
    warnings,
    get,
    ofType: (type) => run.registrations.filter((registration) => registration.type === type),
    input: async (name, key) => (await resolve(get(name).props[key])).value,
    output: (key) => resolve(run.outputs[key]),
  };
}
