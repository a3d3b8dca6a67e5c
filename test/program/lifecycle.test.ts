import { LIFECYCLE_OPTIONS, lifecycleOptions } from "../../src/program/lifecycle";
import { TYPE } from "../../src/program/types";
import { resolve } from "../../src/plan/mock-run";
import type { Registration } from "../../src/plan/mock-run";
import { STAGING_OUTPUTS, STAGING_REFERENCE, runStack } from "../support/harness";
import type { StackRun } from "../support/harness";
import { fixture } from "../support/paths";

/**
 * The lifecycle options (src/program/lifecycle.ts) are what the program applies: every resource
 * it declares carries exactly the options its type's row asks for. What each does to a change is
 * the engine's to say (test/engine/change-plan.test.ts, test/engine/lifecycle.test.ts).
 */

const EXTRAS_REFERENCE = "organization/heroku-app/extras";
const upstream = (previous: Record<string, unknown>) => ({
  [STAGING_REFERENCE]: STAGING_OUTPUTS,
  [EXTRAS_REFERENCE]: previous,
});

describe.each([
  ["staging", () => runStack(fixture("staging"))],
  ["production", () => runStack(fixture("production"))],
  ["extras", () => runStack(fixture("extras"), upstream({}))],
])("the %s fixture's resources get their row's options", (_, start) => {
  let run: StackRun;
  beforeAll(async () => {
    run = await start();
  });

  test("replaceOnChanges, deleteBeforeReplace, deletedWith, retainOnDelete as the table says", () => {
    const custom = run.registrations.filter(({ custom }) => custom);
    expect(custom.length).toBeGreaterThan(8);
    for (const registration of custom) {
      const options = LIFECYCLE_OPTIONS[registration.type] ?? {};
      expect({ name: registration.name, ...applied(registration) }).toEqual({
        name: registration.name,
        replaceOnChanges: [...(options.replaceOnChanges ?? [])],
        deleteBeforeReplace: options.deleteBeforeReplace === true,
        deletedWith: options.deletedWithApp ? "heroku-app" : undefined,
        // Data add-ons of protected stacks are retained too (a guardrail, not a provider fact).
        retainOnDelete:
          options.retainOnDelete === true ||
          (registration.type === TYPE.addon && registration.protect),
      });
    }
  });
});

describe("the fixes each row asks for", () => {
  test("the config association follows a replaced app, and goes with a deleted one", () => {
    expect(lifecycleOptions(TYPE.config)).toEqual({ replaceOnChanges: ["appId"] });
  });

  test("a release is replaced, never updated, when its description changes", () => {
    expect(lifecycleOptions(TYPE.release)).toEqual({ replaceOnChanges: ["description"] });
  });

  test("a coupling and a domain are replaced delete-first; the pipeline outlives its stack", () => {
    expect(lifecycleOptions(TYPE.coupling)).toMatchObject({ deleteBeforeReplace: true });
    expect(lifecycleOptions(TYPE.domain)).toMatchObject({ deleteBeforeReplace: true });
    expect(lifecycleOptions(TYPE.pipeline)).toEqual({ retainOnDelete: true });
  });
});

describe("ACM waits until the app is in place (it fails on a new app without dynos)", () => {
  const acm = async (run: StackRun) => (await resolve(run.get("heroku-app").props.acm)).value;

  test("the deploy that creates the app leaves ACM off and says why", async () => {
    const run = await runStack(fixture("extras"), upstream({}));
    expect(await acm(run)).toBe(false);
    expect(run.warnings).toEqual([
      expect.stringMatching(
        /^Pulumi\.extras\.yaml: heroku-app:domains: ACM .* is turned on by the next `pulumi up`/,
      ),
    ]);
    expect((await run.output("appPlacement")).value).toBe("eu, team acme");
  });

  test("the next deploy, finding the app where it is configured, turns it on", async () => {
    const run = await runStack(fixture("extras"), upstream({ appPlacement: "eu, team acme" }));
    expect(await acm(run)).toBe(true);
    expect(run.warnings).toEqual([]);
  });

  test("an app that moves (a new app in another region or team) is created with ACM off", async () => {
    const run = await runStack(fixture("extras"), upstream({ appPlacement: "us, team acme" }));
    expect(await acm(run)).toBe(false);
    expect(run.warnings).toHaveLength(1);
  });

  test("a stack last deployed before appPlacement was an output keeps ACM on", async () => {
    const run = await runStack(fixture("extras"), upstream({ appId: "3f1c9e2a-existing-app" }));
    expect(await acm(run)).toBe(true);
    expect(run.warnings).toEqual([]);
  });

  test("a stack without custom domains never asks for ACM, nor reads its previous deploy", async () => {
    const run = await runStack(fixture("production"));
    expect(await acm(run)).toBe(false);
    expect(run.ofType(TYPE.stackReference).map(({ name }) => name)).toEqual([
      "heroku-upstream-staging",
    ]);
  });
});

function applied(registration: Registration) {
  return {
    replaceOnChanges: registration.replaceOnChanges,
    deleteBeforeReplace: registration.deleteBeforeReplace,
    deletedWith: registration.deletedWith,
    retainOnDelete: registration.retainOnDelete,
  };
}
