import { SECRET_MARK } from "../../policy/resources";
import { SECRET_MARK as PLAN_SECRET_MARK } from "../../src/plan/mock-run";
import type { Plan } from "../../src/plan/planned";
import { isDataAddon } from "../../src/program/heroku-rules";
import { TYPE } from "../../src/program/types";
import type { CheckedResource, StackContext } from "../../src/guardrails/checked";
import {
  checkPlan,
  deterministicBuildSource,
  productionPreboot,
  productionProtection,
  productionWebDynos,
  secretsInSensitiveVars,
} from "../../src/guardrails/policies";
import { listStacks } from "../../src/stack-files/load";
import { fixture as stackFixture } from "../support/paths";
import { planOnce, policyFixture } from "../support/plans";

/** The guardrails, offline: over real plans of real stack files, and rule by rule. */

const plan = planOnce;
const fixture = policyFixture;
const fixtureFile = (name: string) => `test/fixtures/policy/Pulumi.${name}.yaml`;

describe("the shipped stacks (whatever the user set in them)", () => {
  test.each(listStacks())("%s passes every policy", async (stack) => {
    expect(checkPlan(await plan(stack))).toEqual([]);
  });
});

describe("the production fixture (the stack as first shipped)", () => {
  test("its resources that hurt to lose are protected, its data add-ons also retained", async () => {
    const { resources } = await plan(stackFixture("production"));
    const ofType = (type: string) => resources.filter((resource) => resource.type === type);
    const [app] = ofType(TYPE.app);
    expect(app.protect).toBe(true);
    const dataAddons = ofType(TYPE.addon).filter(({ inputs }) => isDataAddon(String(inputs.plan)));
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
    // Config vars in the order the Pulumi CLI hands them over: map keys sorted.
    expect(violations.map(({ message }) => why(message))).toEqual([
      "ADMIN_PASSWORD_HASH looks like a credential",
      "GITHUB_TOKEN looks like a credential",
      "REDIS_URL holds a URL with credentials in it",
      "STRIPE_API_KEY looks like a credential",
      "WEBHOOK_SECRET looks like a credential",
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
    expect(violations[3].message).toMatch(
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
      // Add-ons in the order the Pulumi CLI hands them over: map keys sorted.
      {
        policy: "production-protection",
        resource: "heroku-addon-cache",
        message: expect.stringContaining(`(heroku-redis:mini) holds production data`),
      },
      {
        policy: "production-protection",
        resource: "heroku-addon-database",
        message: expect.stringContaining(
          `(heroku-postgresql:essential-1) holds production data but is not protected or retained on delete; ${remedy}`,
        ),
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
    resource(TYPE.app, "app", { name: "shop" }, { protect: true }),
    resource(TYPE.coupling, "coupling", { stage: "production" }),
  ];
  const web = (quantity: unknown, size: unknown) =>
    resource(TYPE.formation, "web", { type: "web", quantity, size });
  const build = (source: unknown) => resource(TYPE.build, "build", { appId: "x", source });

  test("a build from a URL, with a checksum, or without the bundle's hash is not deterministic", () => {
    const bundle = {
      path: ".bundle/app",
      version: `SHA256:${"d5".repeat(32)}`,
    };
    expect(deterministicBuildSource.check([build(bundle)], stack)).toEqual([]);
    const problems = (source: unknown) =>
      deterministicBuildSource.check([build(source)], stack).map(({ message }) => message);
    const [fromUrl] = problems({ url: "https://example.com/app.tgz", version: "v1" });
    expect(fromUrl).toMatch(
      /^build doesn't build the deterministic bundle \(source.url is set: .*; source.path is not the bundle's directory \(\.bundle\/app\); source.version is not/,
    );
    expect(fromUrl).toContain(
      "build app/ with heroku-app:deploy: {build: true} in Pulumi.prod.yaml",
    );
    expect(problems({ ...bundle, checksum: "SHA256:abc" })[0]).toContain("source.checksum is set");
    expect(problems({ ...bundle, path: "app.zip" })[0]).toContain(
      "(source.path is not the bundle's directory (.bundle/app))",
    );
    expect(problems({ ...bundle, version: "SHA256:abc" })[0]).toContain(
      "(source.version is not the bundle's SHA256:<64 hex> content hash)",
    );
    expect(problems(undefined)[0]).toContain("(it has no source)");
  });

  test("secret-looking plain vars are caught wherever plain vars live, and never echoed", () => {
    const found = secretsInSensitiveVars.check(
      [
        resource(TYPE.config, "config", {
          vars: { SESSION_SECRET: "hunter2", NODE_ENV: "production", SOME_VALUE: PLAN_SECRET_MARK },
          sensitiveVars: { API_TOKEN: SECRET_MARK },
        }),
        resource(TYPE.app, "app", {
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
      resource(TYPE.feature, "preboot", { name: "preboot", ...inputs });
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
      resource(TYPE.addon, "db", { plan: "heroku-postgresql:standard-0" }, more);
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
    expect(check(resource(TYPE.addon, "mail", { plan: "mailgun:starter" }))).toEqual([]);
  });
});

function withCouplingStage(planned: Plan, stage: string): Plan {
  const resources = planned.resources.map((resource) =>
    resource.type === TYPE.coupling
      ? { ...resource, inputs: { ...resource.inputs, stage } }
      : resource,
  );
  return { ...planned, resources };
}
