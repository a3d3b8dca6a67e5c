import { StackConfigError } from "../../src/program/config/parse";
import { stackFileConfig } from "../../src/stack-files/config";
import { isUnknownSecret } from "../../src/program/config/secure";
import { loadStackFile } from "../../src/stack-files/load";
import { fixture } from "../support/paths";
import { writeStackFile } from "../support/stack-files";

function problemsOf(stack: string, yaml: string): string[] {
  try {
    stackFileConfig(loadStackFile(writeStackFile(stack, yaml)));
  } catch (error) {
    if (error instanceof StackConfigError) return [...error.problems];
    throw error;
  }
  throw new Error("the config was accepted");
}

describe("the staging and production fixtures (the stacks as first shipped)", () => {
  test("staging builds app/ on basic dynos and owns the pipeline stage", () => {
    const { config, warnings } = stackFileConfig(loadStackFile(fixture("staging")));
    expect(config).toMatchObject({
      stack: "staging",
      stage: "staging",
      region: "us",
      protect: false,
    });
    expect(config.deploy).toEqual({ kind: "build" });
    expect(config.formation).toEqual([
      { type: "web", quantity: 1, size: "basic" },
      { type: "worker", quantity: 1, size: "basic" },
    ]);
    expect(warnings).toEqual([]);
  });

  test("production promotes staging's slug onto protected standard dynos with preboot", () => {
    const { config } = stackFileConfig(loadStackFile(fixture("production")));
    expect(config).toMatchObject({ stage: "production", protect: true, herokuStack: "heroku-24" });
    expect(config.deploy).toEqual({ kind: "promote", fromStack: "staging" });
    expect(config.formation).toEqual([
      { type: "web", quantity: 2, size: "standard-1x" },
      { type: "worker", quantity: 1, size: "standard-1x" },
    ]);
    expect(config.features.preboot).toBe(true);
  });
});

describe("defaults", () => {
  test("an empty stack file is a small review app built from app/", () => {
    const { config } = stackFileConfig(loadStackFile(writeStackFile("review-9", "config: {}\n")));
    expect(config).toMatchObject({
      stage: "review",
      region: "us",
      herokuStack: "heroku-24",
      protect: false,
      pipelineStack: "staging",
    });
    expect(config.deploy).toEqual({ kind: "build" });
    expect(config.formation).toEqual([
      { type: "web", quantity: 1, size: "basic" },
      { type: "worker", quantity: 0, size: "basic" },
    ]);
  });

  test("unconfigured process types follow the configured tier", () => {
    const yaml = "config:\n  heroku-app:formation:\n    web: {quantity: 3, size: performance-m}\n";
    const { config } = stackFileConfig(loadStackFile(writeStackFile("perf", yaml)));
    expect(config.formation[1]).toEqual({ type: "worker", quantity: 0, size: "performance-m" });
  });

  test("heroku-22 is accepted with a warning", () => {
    const { warnings } = stackFileConfig(
      loadStackFile(writeStackFile("old", "config:\n  heroku-app:stack: heroku-22\n")),
    );
    expect(warnings).toEqual([
      expect.stringContaining('Pulumi.old.yaml: heroku-app:stack: "heroku-22" is being phased out'),
    ]);
  });

  test("numbers and booleans in configVars become Heroku's strings", () => {
    const yaml = "config:\n  heroku-app:configVars:\n    WEB_CONCURRENCY: 2\n    FEATURE_X: true\n";
    const { config } = stackFileConfig(loadStackFile(writeStackFile("vars", yaml)));
    expect(config.configVars).toEqual({ WEB_CONCURRENCY: "2", FEATURE_X: "true" });
  });
});

describe("bad config names the stack file and the key", () => {
  const cases: [string, string, string][] = [
    [
      "dyno size",
      "heroku-app:formation:\n    web: {quantity: 1, size: standard-3x}",
      'heroku-app:formation.web.size: "standard-3x" is not a Heroku dyno size (eco, basic, standard-1x',
    ],
    [
      "negative quantity",
      "heroku-app:formation:\n    web: {quantity: -1, size: basic}",
      "heroku-app:formation.web.quantity: -1 dynos",
    ],
    [
      "fractional quantity",
      "heroku-app:formation:\n    web: {quantity: 1.5, size: basic}",
      "heroku-app:formation.web.quantity: 1.5 is not a whole number",
    ],
    [
      "eco scaled",
      "heroku-app:formation:\n    web: {quantity: 2, size: eco}",
      'heroku-app:formation.web.quantity: 2 dynos of size "eco": eco dynos run at most 1',
    ],
    [
      "unknown process type",
      "heroku-app:formation:\n    clock: {quantity: 1, size: basic}",
      'heroku-app:formation.clock: "clock" is not a process type in app/Procfile (web, worker)',
    ],
    [
      "tier mix",
      "heroku-app:formation:\n    web: {quantity: 1, size: eco}\n    worker: {quantity: 1, size: standard-1x}",
      "heroku-app:formation: mixes dyno tiers eco and standard",
    ],
    [
      "app name",
      "heroku-app:appName: My_App",
      'heroku-app:appName: "My_App" is not a Heroku app name',
    ],
    [
      "region",
      "heroku-app:region: ap",
      'heroku-app:region: "ap" is not a Heroku Common Runtime region (us, eu)',
    ],
    [
      "end-of-life stack",
      "heroku-app:stack: heroku-20",
      'heroku-app:stack: "heroku-20" reached end of life',
    ],
    [
      "unknown stack",
      "heroku-app:stack: cedar-14",
      'heroku-app:stack: "cedar-14" is not a Heroku stack (heroku-24, heroku-22)',
    ],
    [
      "managed var",
      "heroku-app:configVars:\n    PORT: 8080",
      'heroku-app:configVars.PORT: "PORT" is set by Heroku itself',
    ],
    [
      "bad var name",
      "heroku-app:configVars:\n    9LIVES: x",
      'heroku-app:configVars.9LIVES: "9LIVES" is not a valid config var name',
    ],
    [
      "generated var",
      "heroku-app:configVars:\n    SESSION_SECRET: x",
      'heroku-app:configVars.SESSION_SECRET: "SESSION_SECRET" is generated by the program',
    ],
    [
      "plaintext sensitive var",
      "heroku-app:sensitiveVars:\n    API_TOKEN: hunter2",
      "heroku-app:sensitiveVars.API_TOKEN: is stored in plaintext; set it with `pulumi config set --secret --path sensitiveVars.API_TOKEN <value>`",
    ],
    [
      "two deploy modes",
      "heroku-app:deploy:\n    build: true\n    promoteFrom: staging",
      "heroku-app:deploy: choose exactly one of build: true, promoteFrom: <stack> or slugId: <uuid> (found build, promoteFrom)",
    ],
    [
      "bad slug id",
      "heroku-app:deploy:\n    slugId: v102",
      'heroku-app:deploy.slugId: "v102" is not a Heroku slug id',
    ],
    ["unknown key", "heroku-app:dynos: 3", "heroku-app:dynos: is not a config key of this program"],
    [
      "preboot on basic",
      "heroku-app:features:\n    preboot: true",
      'heroku-app:features.preboot: preboot needs Standard or Performance web dynos, and web is "basic"',
    ],
    ["stage", "heroku-app:stage: prod", 'heroku-app:stage: "prod" is not a pipeline stage'],
    [
      "protect",
      "heroku-app:protect: maybe",
      'heroku-app:protect: "maybe" is not a structured value',
    ],
    ["plaintext api key", "heroku:apiKey: abc", "heroku:apiKey: is stored in plaintext"],
    [
      "self promotion",
      "heroku-app:deploy:\n    promoteFrom: selfish",
      "heroku-app:deploy.promoteFrom: a stack can't promote from itself",
    ],
  ];

  test.each(cases)("%s", (_, entry, expected) => {
    const stack = "selfish";
    const problems = problemsOf(stack, `config:\n  ${entry}\n`);
    expect(problems).toEqual([expect.stringContaining(`Pulumi.${stack}.yaml: ${expected}`)]);
  });

  test("every problem is reported at once", () => {
    const yaml = [
      "config:",
      "  heroku-app:region: mars",
      "  heroku-app:formation:",
      "    web: {quantity: 1, size: huge}",
      "  heroku-app:configVars:",
      "    DYNO: web.1",
      "  heroku-app:deploy:",
      "    slugId: nope",
    ].join("\n");
    const problems = problemsOf("many", yaml);
    expect(problems).toHaveLength(4);
    expect(problems.map((problem) => problem.split(": ")[1])).toEqual(
      expect.arrayContaining([
        "heroku-app:region",
        "heroku-app:formation.web.size",
        "heroku-app:configVars.DYNO",
        "heroku-app:deploy.slugId",
      ]),
    );
  });

  test("a sensitive value is never echoed, even when it is wrong", () => {
    const yaml =
      "config:\n  heroku-app:drains:\n    logs: not-a-url-hunter2\n  heroku-app:sensitiveVars:\n    TOKEN: {nested: hunter2}\n";
    const problems = problemsOf("leaky", yaml);
    expect(problems.length).toBeGreaterThanOrEqual(2);
    expect(problems.join("\n")).not.toContain("hunter2");
  });
});

describe("secure values", () => {
  test("a secure leaf is a secret of unknown value; a plaintext leaf beside it is still caught", () => {
    const yaml = [
      "config:",
      "  heroku-app:sensitiveVars:",
      "    API_TOKEN:",
      "      secure: v1:AAAAbm90IHJlYWw=",
      "    OOPS: plain",
    ].join("\n");
    const file = loadStackFile(writeStackFile("mixed", yaml));
    expect(file.secretKeys).toContain("heroku-app:sensitiveVars");
    const standIn = JSON.parse(file.config["heroku-app:sensitiveVars"]).API_TOKEN;
    expect(isUnknownSecret(standIn)).toBe(true);
    expect(standIn).not.toContain("AAAAbm90IHJlYWw"); // a fingerprint of the ciphertext, not the ciphertext
    expect(() => stackFileConfig(file)).toThrow(
      /heroku-app:sensitiveVars\.OOPS: is stored in plaintext/,
    );
  });

  test("a secure value among plain config vars is named, since plain vars are stored in plaintext", () => {
    const yaml = [
      "config:",
      "  heroku-app:configVars:",
      "    NODE_ENV: production",
      "    STRIPE_KEY:",
      "      secure: v1:AAAAbm90IHJlYWw=",
      "  heroku-app:appName:",
      "    secure: v1:AAAAbm90IHJlYWw=",
    ].join("\n");
    const problems = problemsOf("misplaced", yaml);
    expect(problems).toEqual([
      expect.stringContaining(
        "heroku-app:configVars.STRIPE_KEY: holds a secret, but plain config vars are stored and shown in plaintext; put it in sensitiveVars",
      ),
      expect.stringContaining("heroku-app:appName: holds a secret"),
    ]);
  });

  test("secure sensitive vars and drains are accepted without their values", () => {
    const yaml = [
      "config:",
      "  heroku-app:sensitiveVars:",
      "    API_TOKEN:",
      "      secure: v1:AAAAbm90IHJlYWw=",
      "  heroku-app:drains:",
      "    papertrail:",
      "      secure: v1:AAAAc3lzbG9n",
    ].join("\n");
    const { config } = stackFileConfig(loadStackFile(writeStackFile("secure", yaml)));
    expect(Object.keys(config.sensitiveVars)).toEqual(["API_TOKEN"]);
    expect(isUnknownSecret(config.sensitiveVars.API_TOKEN)).toBe(true);
    expect(isUnknownSecret(config.drains.papertrail)).toBe(true);
  });
});
