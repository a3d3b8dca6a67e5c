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
} from "../policy/resources";
import { SECRET_MARK as PLAN_SECRET_MARK } from "../src/offline";
import { afterDeploy, planStack } from "../src/planned";
import type { Plan, PlannedResource } from "../src/planned";
import { isDataAddon } from "../src/heroku-rules";
import {
  POLICIES,
  TYPES,
  checkPlan,
  deterministicBuildSource,
  isMaskedSecret,
  productionPreboot,
  productionProtection,
  productionWebDynos,
  secretsInSensitiveVars,
} from "../src/policy-rules";
import type { CheckedResource, StackContext } from "../src/policy-rules";
import { UNKNOWN_SECRET } from "../src/stack-file";
import { loadProgram } from "./harness";

/** The guardrails: offline over real plans of real stack files, by rule, and through the pack's eyes. */

/** Each stack file is planned once: every plan runs the whole program (and adds process listeners). */
const plans = new Map<string, Promise<Plan>>();
function plan(stackOrPath: string): Promise<Plan> {
  if (!plans.has(stackOrPath)) plans.set(stackOrPath, planStack(stackOrPath, loadProgram));
  return plans.get(stackOrPath)!;
}
const fixture = (name: string) => path.join(__dirname, "fixtures", "policy", `Pulumi.${name}.yaml`);
const fixtureFile = (name: string) => `test/fixtures/policy/Pulumi.${name}.yaml`;

describe("the shipped stacks", () => {
  test.each(["staging", "production"])("%s passes every policy", async (stack) => {
    expect(checkPlan(await plan(stack))).toEqual([]);
  });

  test("production's resources that hurt to lose are protected, its data add-ons also retained", async () => {
    const { resources } = await plan("production");
    const ofType = (type: string) => resources.filter((resource) => resource.type === type);
    const [app] = ofType(TYPES.app);
    expect(app.protect).toBe(true);
    const dataAddons = ofType(TYPES.addon).filter(({ inputs }) => isDataAddon(String(inputs.plan)));
    expect(dataAddons.map(({ name }) => name)).toEqual(["heroku-addon-database"]);
    for (const addon of dataAddons)
      expect(addon).toMatchObject({ protect: true, retainOnDelete: true });
    for (const domain of ofType("heroku:domain/domain:Domain")) expect(domain.protect).toBe(true);
  });
});

describe("each policy fails on a crafted stack file, saying which key to change", () => {
  test("one web dyno in production", async () => {
    expect(checkPlan(await plan(fixture("one-web-dyno")))).toEqual([
      {
        policy: "production-web-dynos",
        resource: "heroku-formation-web",
        message: `production runs 1 web dyno, so a restart or a crash takes the site down; set heroku-app:formation.web.quantity to 2 or more in ${fixtureFile("one-web-dyno")}`,
      },
    ]);
  });

  test("production on Basic dynos (which can't preboot either)", async () => {
    const file = fixtureFile("basic-production");
    expect(checkPlan(await plan(fixture("basic-production")))).toEqual([
      expect.objectContaining({
        policy: "production-web-dynos",
        message: expect.stringContaining(
          `set heroku-app:formation.web.quantity to 2 or more in ${file}`,
        ),
      }),
      expect.objectContaining({
        policy: "production-web-dynos",
        resource: "heroku-formation-web",
        message: `production web dynos are "basic", which run one dyno per process type and can't preboot; set heroku-app:formation.web.size to standard-1x or larger in ${file}`,
      }),
      expect.objectContaining({
        policy: "production-preboot",
        message: expect.stringContaining(`set heroku-app:features.preboot to true in ${file}`),
      }),
    ]);
  });

  test("production with preboot off", async () => {
    expect(checkPlan(await plan(fixture("no-preboot")))).toEqual([
      {
        policy: "production-preboot",
        resource: "heroku-feature-preboot",
        message: `preboot is off in production, so every deploy and restart drops requests while new dynos boot; set heroku-app:features.preboot to true in ${fixtureFile("no-preboot")} (it needs standard or performance web dynos)`,
      },
    ]);
  });

  test("credentials in plain config vars, on any stage", async () => {
    const planned = await plan(fixture("plain-secrets"));
    const violations = checkPlan(planned);
    const why = (message: string) =>
      message.slice(0, message.indexOf(" but is a plain config var"));
    expect(violations.map(({ message }) => why(message))).toEqual([
      "STRIPE_API_KEY looks like a credential",
      "GITHUB_TOKEN looks like a credential",
      "WEBHOOK_SECRET looks like a credential",
      "ADMIN_PASSWORD_HASH looks like a credential",
      "REDIS_URL holds a URL with credentials in it",
    ]);
    for (const violation of violations) {
      expect(violation).toMatchObject({
        policy: "secrets-in-sensitive-vars",
        resource: "heroku-config",
      });
      expect(violation.message).toContain(
        `move it from heroku-app:configVars to heroku-app:sensitiveVars in ${fixtureFile("plain-secrets")}`,
      );
      expect(violation.message).not.toMatch(/not-a-real/);
    }
    expect(violations[0].message).toMatch(
      /: pulumi config set --secret --path 'sensitiveVars.STRIPE_API_KEY' <value> --stack plain-secrets$/,
    );
  });

  test("production with protect off: the app and its data add-ons, not other add-ons", async () => {
    const remedy = `set heroku-app:protect to true in ${fixtureFile("unprotected-production")}`;
    // The config only warns about this (a warning, not an error): the policy is what stops it.
    const planned = await plan(fixture("unprotected-production"));
    expect(checkPlan(planned)).toEqual([
      {
        policy: "production-protection",
        resource: "heroku-app",
        message: expect.stringContaining(
          `heroku-app is not protected, so a destroy or a replacement deletes it; ${remedy}`,
        ),
      },
      {
        policy: "production-protection",
        resource: "heroku-addon-database",
        message: expect.stringContaining(
          `(heroku-postgresql:essential-1) holds production data but is not protected or retained on delete; ${remedy}`,
        ),
      },
      {
        policy: "production-protection",
        resource: "heroku-addon-cache",
        message: expect.stringContaining(`(heroku-redis:mini) holds production data`),
      },
    ]);
  });

  test("production is the stage, not the name: a review-stage stack called production-* on Eco dynos passes", async () => {
    const planned = await plan(fixture("production-sandbox"));
    const web = planned.resources.find(({ name }) => name === "heroku-formation-web");
    expect(web?.inputs).toMatchObject({ quantity: 1, size: "eco" });
    expect(checkPlan(planned)).toEqual([]);
    // The same resources coupled as production break every production rule.
    const asProduction = withCouplingStage(planned, "production");
    const broken = new Set(checkPlan(asProduction).map(({ policy }) => policy));
    expect([...broken].sort()).toEqual([
      "production-preboot",
      "production-protection",
      "production-web-dynos",
    ]);
  });
});

/** Edge cases, and breaks no stack file can express (the config schema or the program prevents them). */
describe("rules, on hand-made resources", () => {
  const stack: StackContext = {
    project: "heroku-app",
    stack: "prod",
    stackFile: "Pulumi.prod.yaml",
  };
  const resource = (
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    more = {},
  ): CheckedResource => ({
    type,
    name,
    inputs,
    protect: false,
    retainOnDelete: false,
    ...more,
  });
  const production = [
    resource(TYPES.app, "app", { name: "shop" }, { protect: true }),
    resource(TYPES.coupling, "coupling", { stage: "production" }),
  ];
  const web = (quantity: unknown, size: unknown) =>
    resource(TYPES.formation, "web", { type: "web", quantity, size });
  const build = (source: unknown) => resource(TYPES.build, "build", { appId: "x", source });

  test("a build from a URL, with a checksum, or without the bundle's hash is not deterministic", () => {
    const bundle = {
      path: ".bundle/app-d57428fca4f1.tar.gz",
      version: `SHA256:${"d5".repeat(32)}`,
    };
    expect(deterministicBuildSource.check([build(bundle)], stack)).toEqual([]);
    const problems = (source: unknown) =>
      deterministicBuildSource.check([build(source)], stack).map(({ message }) => message);
    const [fromUrl] = problems({ url: "https://example.com/app.tgz", version: "v1" });
    expect(fromUrl).toMatch(
      /^build doesn't build the deterministic bundle \(source.url is set: .*; source.path is not a .tar.gz; source.version is not/,
    );
    expect(fromUrl).toContain(
      "build app/ with heroku-app:deploy: {build: true} in Pulumi.prod.yaml",
    );
    expect(problems({ ...bundle, checksum: "SHA256:abc" })[0]).toContain("source.checksum is set");
    expect(problems({ ...bundle, path: "app.zip" })[0]).toContain("(source.path is not a .tar.gz)");
    expect(problems({ ...bundle, version: "SHA256:abc" })[0]).toContain(
      "(source.version is not the bundle's SHA256:<64 hex> content hash)",
    );
    expect(problems(undefined)[0]).toContain("(it has no source)");
  });

  test("secret-looking plain vars are caught wherever plain vars live, and never echoed", () => {
    const found = secretsInSensitiveVars.check(
      [
        resource(TYPES.config, "config", {
          vars: { SESSION_SECRET: "hunter2", NODE_ENV: "production", SOME_VALUE: PLAN_SECRET_MARK },
          sensitiveVars: { API_TOKEN: SECRET_MARK },
        }),
        resource(TYPES.app, "app", {
          configVars: { DATABASE_URL: "postgres://u:hunter2@db.example.com/x" },
        }),
      ],
      stack,
    );
    expect(
      found.map(({ resource, message }) => `${resource}: ${message.split(" but ")[0]}`),
    ).toEqual([
      "config: SESSION_SECRET looks like a credential",
      "config: SOME_VALUE holds a secret value",
      "app: DATABASE_URL holds a URL with credentials in it",
    ]);
    for (const { message } of found) expect(message).not.toContain("hunter2");
  });

  test("production web dynos: missing, too few, too small; sizes in any case; unknown sizes not judged", () => {
    const messages = (...formation: CheckedResource[]) =>
      productionWebDynos.check([...production, ...formation], stack).map(({ message }) => message);
    expect(messages()).toEqual([
      "production declares no web dynos; set heroku-app:formation.web to {quantity: 2, size: standard-1x} or larger in Pulumi.prod.yaml",
    ]);
    expect(messages(web(0, "standard-1x"))[0]).toMatch(/^production runs 0 web dynos, /);
    expect(messages(web(2, "eco"))).toEqual([
      expect.stringMatching(/^production web dynos are "eco"/),
    ]);
    expect(messages(web(2, "Standard-1X"), web(3, "performance-l"))).toEqual([]);
    expect(messages(web(2, "private-m"))).toEqual([]);
    expect(productionWebDynos.check([web(1, "eco")], stack)).toEqual([]);
  });

  test("preboot: enabled unless the feature says otherwise", () => {
    const preboot = (inputs: Record<string, unknown>) =>
      resource(TYPES.feature, "preboot", { name: "preboot", ...inputs });
    expect(productionPreboot.check([...production, preboot({})], stack)).toEqual([]);
    expect(productionPreboot.check([...production, preboot({ enabled: false })], stack)).toEqual([
      expect.objectContaining({ resource: "preboot" }),
    ]);
    expect(productionPreboot.check(production, stack)).toEqual([
      expect.objectContaining({ resource: "app" }),
    ]);
  });

  test("protection: retainOnDelete is judged only where it can be seen", () => {
    const database = (more: Partial<CheckedResource>) =>
      resource(TYPES.addon, "db", { plan: "heroku-postgresql:standard-0" }, more);
    const check = (...addons: CheckedResource[]) =>
      productionProtection.check([...production, ...addons], stack).map(({ message }) => message);
    expect(check(database({ protect: true, retainOnDelete: true }))).toEqual([]);
    expect(check(database({ protect: true, retainOnDelete: false }))).toEqual([
      expect.stringMatching(
        /^db \(heroku-postgresql:standard-0\) holds production data but is not retained on delete; set heroku-app:protect to true in Pulumi.prod.yaml/,
      ),
    ]);
    expect(check(database({ protect: true, retainOnDelete: undefined }))).toEqual([]);
    expect(check(database({ protect: false, retainOnDelete: undefined }))[0]).toContain(
      "but is not protected;",
    );
    expect(check(resource(TYPES.addon, "mail", { plan: "mailgun:starter" }))).toEqual([]);
  });
});

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
      additionalSecretOutputs: resource.type === TYPES.config ? ["sensitiveVars"] : [],
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
        type: TYPES.config,
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
      type: TYPES.config,
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
      type: TYPES.app,
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
      const planned = await plan(name === "production" ? name : fixture(name));
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
  for (const file of ["src/policy-rules.ts", "src/heroku-rules.ts"]) {
    const source = fs.readFileSync(path.join(__dirname, "..", file), "utf8");
    const imports = [...source.matchAll(/from "([^"]+)"/g)].map(([, from]) => from);
    expect(imports.every((from) => from === "./heroku-rules")).toBe(true);
  }
  for (const policy of POLICIES) {
    expect(policy.name).toMatch(/^[a-z0-9-]{1,100}$/);
    expect(policy.description.length).toBeGreaterThan(40);
  }
  expect(new Set(POLICIES.map(({ name }) => name)).size).toBe(POLICIES.length);
});

function withCouplingStage(planned: Plan, stage: string): Plan {
  const resources = planned.resources.map((resource) =>
    resource.type === TYPES.coupling
      ? { ...resource, inputs: { ...resource.inputs, stage } }
      : resource,
  );
  return { ...planned, resources };
}

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
