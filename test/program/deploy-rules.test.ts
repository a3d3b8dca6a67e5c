import { parseStackConfig, StackConfigError } from "../../src/program/config/parse";
import { maxDynosPerProcessType } from "../../src/program/heroku-rules";
import { upstreamSuffix } from "../../src/program/upstream";
import { MAX_LOCAL_QUANTITY, parseScale } from "../../src/local/dynos";
import { STAGING_OUTPUTS, STAGING_REFERENCE, runStack } from "../support/harness";
import { writeStackFile } from "../support/stack-files";

/**
 * What would fail at deploy, caught or avoided before it: resource names Pulumi would see twice,
 * Heroku's dyno limits (one rule for a stack file and for `npm run local --scale`), and names
 * JavaScript gives a meaning that must still reach Heroku as plain names.
 */

describe("two upstream stacks of the same name", () => {
  const OTHER = "other-org/heroku-app/staging";

  test("get a StackReference each, under names Pulumi can tell apart", async () => {
    const yaml = `config:\n  heroku-app:stage: production\n  heroku-app:protect: true\n  heroku-app:deploy:\n    promoteFrom: ${OTHER}\n  heroku-app:formation:\n    web: {quantity: 2, size: standard-1x}\n`;
    const run = await runStack(writeStackFile("prod-eu", yaml), {
      [STAGING_REFERENCE]: STAGING_OUTPUTS,
      [OTHER]: { ...STAGING_OUTPUTS, slugId: "0c7e4a36-2b7b-4b5e-9d7e-6b2c9b1f3a10" },
    });
    const references = run.ofType("pulumi:pulumi:StackReference").map(({ name }) => name);
    expect(references.sort()).toEqual([
      "heroku-upstream-other-org/heroku-app/staging",
      "heroku-upstream-staging",
    ]);
    expect(await run.input("heroku-release", "slugId")).toBe(
      "0c7e4a36-2b7b-4b5e-9d7e-6b2c9b1f3a10",
    );
    expect(await run.input("heroku-coupling", "pipeline")).toBe(STAGING_OUTPUTS.pipelineId);
  });

  test("a stack of this organization and project keeps its short name", () => {
    expect(upstreamSuffix("organization/heroku-app/staging", "organization", "heroku-app")).toBe(
      "staging",
    );
    expect(upstreamSuffix("acme/heroku-app/staging", "organization", "heroku-app")).toBe(
      "acme/heroku-app/staging",
    );
    expect(upstreamSuffix("organization/shop/staging", "organization", "heroku-app")).toBe(
      "organization/shop/staging",
    );
  });
});

describe("Heroku's dyno limits", () => {
  const problemsWith = (processTypes: string[], formation: Record<string, unknown>) => {
    try {
      parseStackConfig(
        {
          project: "heroku-app",
          stack: "limits",
          source: "Pulumi.limits.yaml",
          values: { "heroku-app:formation": JSON.stringify(formation) },
          isSecret: () => false,
        },
        processTypes,
      );
      return [];
    } catch (error) {
      return [...(error as StackConfigError).problems];
    }
  };

  test("an app on Eco dynos runs at most two at once, across its process types", () => {
    const eco = { quantity: 1, size: "eco" };
    expect(problemsWith(["web", "worker"], { web: eco, worker: eco })).toEqual([]);
    expect(problemsWith(["web", "worker", "clock"], { web: eco, worker: eco, clock: eco })).toEqual(
      [
        "Pulumi.limits.yaml: heroku-app:formation: runs 3 Eco dynos; an app on Eco dynos runs at most 2 at once (web=1:eco clock=1:eco worker=1:eco)",
      ],
    );
  });

  test("per process type, by tier: Eco and Basic 1, Performance 10, Standard up to the app's 100", () => {
    const sizes = ["eco", "basic", "standard-1x", "performance-l"] as const;
    expect(sizes.map((size) => maxDynosPerProcessType(size))).toEqual([1, 1, 100, 10]);
    expect(problemsWith(["web"], { web: { quantity: 10, size: "performance-l" } })).toEqual([]);
    expect(problemsWith(["web"], { web: { quantity: 100, size: "standard-2x" } })).toEqual([]);
  });

  test("one rule for a stack file's formation and for --scale", () => {
    const cap = maxDynosPerProcessType();
    expect(MAX_LOCAL_QUANTITY).toBe(cap);
    const formation = [{ type: "web", quantity: 1, size: "standard-1x" as const }];
    expect(() => parseScale(`web=${cap}`, formation)).not.toThrow();
    expect(() => parseScale(`web=${cap + 1}`, formation)).toThrow(/at most 100 dynos/);
    expect(problemsWith(["web"], { web: { quantity: cap + 1, size: "standard-1x" } })).toEqual([
      expect.stringContaining(
        `${cap + 1} dynos of size "standard-1x": standard-1x dynos run at most ${cap} per process type`,
      ),
    ]);
  });
});

test("constructor, valueOf and hasOwnProperty reach Heroku as plain config var names", async () => {
  const yaml =
    "config:\n  heroku-app:configVars:\n    constructor: a\n    valueOf: b\n    hasOwnProperty: c\n    NODE_ENV: production\n";
  const run = await runStack(writeStackFile("names", yaml));
  expect(await run.input("heroku-config", "vars")).toEqual({
    NODE_ENV: "production",
    constructor: "a",
    hasOwnProperty: "c",
    valueOf: "b",
  });
  expect((await run.output("configVarNames")).value).toEqual([
    "NODE_ENV",
    "constructor",
    "hasOwnProperty",
    "valueOf",
  ]);
});
