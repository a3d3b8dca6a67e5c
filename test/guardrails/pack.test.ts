import * as fs from "fs";
import * as path from "path";
import { unknownCheckingProxy } from "@pulumi/policy";
import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import {
  SECRET_MARK,
  knownAfterDeploy,
  stackContext,
  toCheckedResource,
  validateWith,
} from "../../policy/resources";
import { SECRET_MARK as PLAN_SECRET_MARK } from "../../src/plan/mock-run";
import { afterDeploy } from "../../src/plan/planned";
import type { Plan, PlannedResource } from "../../src/plan/planned";
import { TYPE } from "../../src/program/types";
import { isMaskedSecret } from "../../src/guardrails/marks";
import { POLICIES, checkPlan, productionProtection } from "../../src/guardrails/policies";
import { UNKNOWN_SECRET } from "../../src/program/config/secure";
import { planOnce, policyFixture } from "../support/plans";
import { PROJECT_DIR, fixture as stackFixture } from "../support/paths";

/** The policy pack's side: what the CLI hands a stack policy, mapped to the rules' view. */

const plan = planOnce;
const fixture = policyFixture;
const productionFixture = stackFixture("production");

describe("the policy pack's view (policy/resources.ts; the pack itself is never constructed here)", () => {
  const CLI_SECRET = "decrypted-by-the-cli-0f9e8d";
  const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
  /** What the CLI would send: secrets decrypted, unknowns as sentinels, behind @pulumi/policy's proxy. */
  function asPolicyResource(planned: Plan, resource: PlannedResource): PolicyResource {
    const cliValue = (value: unknown): unknown => {
      if (value === PLAN_SECRET_MARK) return CLI_SECRET;
      if (typeof value === "string" && value.includes("(known after deploy")) return UNKNOWN_STRING;
      if (Array.isArray(value)) return value.map(cliValue);
      if (typeof value === "object" && value !== null) {
        return Object.fromEntries(
          Object.entries(value).map(([key, inner]) => [key, cliValue(inner)]),
        );
      }
      return value;
    };
    return policyResource({
      type: resource.type,
      name: resource.name,
      urn: `urn:pulumi:${planned.stack}::${planned.project}::${resource.type}::${resource.name}`,
      props: cliValue(resource.inputs) as Record<string, unknown>,
      protect: resource.protect,
      // As sdk/heroku declares them.
      additionalSecretOutputs: resource.type === TYPE.config ? ["sensitiveVars"] : [],
    });
  }

  test("the plan's marks are the pack's marks", () => {
    expect(SECRET_MARK).toBe(PLAN_SECRET_MARK);
    expect(knownAfterDeploy("heroku-app.id")).toBe(afterDeploy("heroku-app", "id"));
    expect(isMaskedSecret(PLAN_SECRET_MARK)).toBe(true);
    expect(isMaskedSecret(UNKNOWN_SECRET)).toBe(true);
    expect(isMaskedSecret("[secretive]")).toBe(false);
  });

  test("secrets are masked (map keys kept), unknowns shown as placeholders, protect read, retainOnDelete unseen", () => {
    const checked = toCheckedResource(
      policyResource({
        type: TYPE.config,
        name: "heroku-config",
        props: {
          appId: UNKNOWN_STRING,
          vars: { NODE_ENV: "production", LIST: ["a", UNKNOWN_STRING], UNSET: null },
          sensitiveVars: { SESSION_SECRET: CLI_SECRET },
          credentials: { user: CLI_SECRET },
        },
        protect: true,
        additionalSecretOutputs: ["credentials"],
      }),
    );
    expect(checked).toEqual({
      type: TYPE.config,
      name: "heroku-config",
      inputs: {
        appId: "(known after deploy: heroku-config.appId)",
        vars: {
          NODE_ENV: "production",
          LIST: ["a", "(known after deploy: heroku-config.vars.LIST[1])"],
        },
        sensitiveVars: { SESSION_SECRET: SECRET_MARK },
        credentials: { user: SECRET_MARK },
      },
      protect: true,
    });
    expect(JSON.stringify(checked)).not.toContain(CLI_SECRET);
  });

  test("names the stack, its file and its config namespace from the URNs", () => {
    const resource = policyResource({
      type: TYPE.app,
      name: "heroku-app",
      urn: "urn:pulumi:prod-eu::shop::heroku:app/app:App::heroku-app",
    });
    expect(stackContext([resource])).toEqual({
      project: "shop",
      stack: "prod-eu",
      stackFile: "Pulumi.prod-eu.yaml",
    });
  });

  test.each(["production", "unprotected-production", "plain-secrets", "basic-production"])(
    "through the pack, %s breaks the same rules on the same resources as offline",
    async (name) => {
      const planned = await plan(name === "production" ? productionFixture : fixture(name));
      const resources = planned.resources.map((resource) => asPolicyResource(planned, resource));
      const reported: { policy: string; urn?: string; message: string }[] = [];
      for (const policy of POLICIES) {
        const args = { resources } as unknown as StackValidationArgs;
        await validateWith(policy)(args, (message, urn) =>
          reported.push({ policy: policy.name, urn, message }),
        );
      }
      const urnOf = (resource?: string) => resources.find(({ name }) => name === resource)?.urn;
      const offline = checkPlan(planned).map(({ policy, resource }) => ({
        policy,
        urn: urnOf(resource),
      }));
      expect(reported.map(({ policy, urn }) => ({ policy, urn }))).toEqual(offline);
      for (const { message, urn } of reported) {
        expect(urn).toBeDefined();
        expect(message).toContain(`in Pulumi.${name}.yaml`);
        expect(message).not.toContain(CLI_SECRET);
      }
    },
  );

  test("without retainOnDelete, the pack flags only what it can see", async () => {
    const planned = await plan(fixture("unprotected-production"));
    const resources = planned.resources.map((resource) => asPolicyResource(planned, resource));
    const messages: string[] = [];
    await validateWith(productionProtection)(
      { resources } as unknown as StackValidationArgs,
      (message) => messages.push(message),
    );
    expect(messages[1]).toContain("holds production data but is not protected;");
  });
});

test("the pack's rule modules import nothing but each other, so the pack compiles on its own", () => {
  const guardrails = fs.readdirSync(path.join(PROJECT_DIR, "src", "guardrails"));
  const ruleModules = guardrails.filter((file) => file.endsWith(".ts")).map((file) => `./${file}`);
  const program = [
    "../program/heroku-rules.ts",
    "../program/credentials.ts",
    "../program/types.ts",
  ];
  const allowed = [...ruleModules, ...program].map((file) => file.slice(0, -3));
  const files = [
    ...ruleModules.map((file) => path.join("src", "guardrails", file)),
    "src/program/heroku-rules.ts",
    "src/program/credentials.ts",
    "src/program/types.ts",
  ];
  expect(ruleModules).toEqual(expect.arrayContaining(["./policies.ts", "./checked.ts"]));
  for (const file of files) {
    const source = fs.readFileSync(path.join(PROJECT_DIR, file), "utf8");
    const imports = [...source.matchAll(/from "([^"]+)"/g)].map(([, from]) => from);
    // The program's modules the pack compiles are dependency-free; the rules use only those.
    if (file.startsWith("src/program/")) expect(imports).toEqual([]);
    else expect(imports.filter((from) => !allowed.includes(from))).toEqual([]);
  }
  for (const policy of POLICIES) {
    expect(policy.name).toMatch(/^[a-z0-9-]{1,100}$/);
    expect(policy.description.length).toBeGreaterThan(40);
  }
  expect(new Set(POLICIES.map(({ name }) => name)).size).toBe(POLICIES.length);
});

function policyResource(fields: {
  type: string;
  name: string;
  urn?: string;
  props?: Record<string, unknown>;
  protect?: boolean;
  additionalSecretOutputs?: string[];
}): PolicyResource {
  const { type, name, props = {}, protect = false, additionalSecretOutputs = [] } = fields;
  return {
    type,
    name,
    urn: fields.urn ?? `urn:pulumi:prod::heroku-app::${type}::${name}`,
    props: unknownCheckingProxy(props),
    opts: {
      protect,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs,
    },
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: () => undefined,
  };
}
