import { scratchDirs } from "../support/scratch";
import * as fs from "fs";
import { planToJson, renderMarkdown, renderTree } from "../../src/plan/render";
import { planReport } from "../../src/plan/report";
import { checkPlan } from "../../src/guardrails/policies";
import { StackConfigError } from "../../src/program/config/parse";
import { stackFileConfig } from "../../src/stack-files/config";
import { loadStackFile } from "../../src/stack-files/load";
import { loadProgram } from "../support/harness";
import { fixture } from "../support/paths";
import { planCommand, policyFixture } from "../support/plans";
import { writeStackFile } from "../support/stack-files";

const scratchDir = scratchDirs();

/**
 * A credential written in plaintext among plain config vars is masked in the Plan itself, so no
 * output the project writes shows it — tree, Markdown, JSON, parity, error messages — `--write`
 * refuses to snapshot it, and the policy still fails and says how to move it.
 */

const FIXTURE = policyFixture("token-shaped");
const TOKENS = [
  "sk_live_0fake0fake0fake0fake0fake",
  "hooks.slack.com/services/T0FAKE",
  "0fake0fake0fake@cache",
  "ghp_0fake0fake0fake0fake0fake0fake0fake0",
];

function expectNoToken(where: string, text: string): void {
  expect({ where, leaked: TOKENS.filter((token) => text.includes(token)) }).toEqual({
    where,
    leaked: [],
  });
}

describe("a plan of a stack file with token-shaped plain config vars", () => {
  let report: Awaited<ReturnType<typeof planReport>>;
  beforeAll(async () => {
    report = await planReport(FIXTURE, loadProgram);
  });

  test("masks each one in the Plan, saying what it looked like", () => {
    const config = report.plan.resources.find(({ name }) => name === "heroku-config");
    expect(config?.inputs.vars).toEqual({
      CACHE: "[secret: plaintext, a URL with credentials in it]",
      CHAT_HOOK: "[secret: plaintext, a Slack webhook URL]",
      CI_ACCESS: "[secret: plaintext, a GitHub token]",
      NODE_ENV: "production",
      PAYMENTS: "[secret: plaintext, a Stripe secret key]",
    });
    expect(report.plan.plaintextCredentials.map(({ path: at, what }) => `${at}: ${what}`)).toEqual([
      "vars.CACHE: a URL with credentials in it",
      "vars.CHAT_HOOK: a Slack webhook URL",
      "vars.CI_ACCESS: a GitHub token",
      "vars.PAYMENTS: a Stripe secret key",
    ]);
  });

  test("the tree, Markdown and JSON never show a value", () => {
    const tree = renderTree(report);
    expectNoToken("tree", tree);
    expectNoToken("markdown", renderMarkdown(report));
    expectNoToken("json", JSON.stringify(planToJson(report)));
    expect(tree).toContain("PAYMENTS: [secret: plaintext, a Stripe secret key]");
  });

  test("the policy still fails, once per credential, and says how to move it", () => {
    const found = checkPlan(report.plan).filter(
      ({ policy }) => policy === "secrets-in-sensitive-vars",
    );
    expect(found.map(({ message }) => message.split(" but ")[0])).toEqual([
      "CACHE holds a URL with credentials in it",
      "CHAT_HOOK holds a Slack webhook URL",
      "CI_ACCESS holds a GitHub token",
      "PAYMENTS holds a Stripe secret key",
    ]);
    expect(found[3].message).toMatch(
      /move it from heroku-app:configVars to heroku-app:sensitiveVars in .*: pulumi config set --secret --path 'sensitiveVars\.PAYMENTS' <value> --stack token-shaped$/,
    );
    for (const { message } of found) expectNoToken("policy", message);
  });

  test("npm run plan --diff, --json and --policy print no value, and refuse the stack", async () => {
    const diff = await planCommand([FIXTURE, "--diff", fixture("staging")]);
    // The plan is printed, masked, and the stack refused: exit 1, with the command for each.
    expect(diff.status).toBe(1);
    expectNoToken("--diff", diff.out + diff.err);
    expect(diff.err).toContain(
      "plan: token-shaped: heroku-config.vars.PAYMENTS holds a Stripe secret key in plaintext (",
    );
    expect(diff.err).toContain(
      "move it from configVars to sensitiveVars: `pulumi config set --secret --path 'sensitiveVars.PAYMENTS' <value> --stack token-shaped`, then delete configVars.PAYMENTS",
    );
    const tree = await planCommand([FIXTURE]);
    expect(tree.status).toBe(1);
    expect(
      tree.err.split("\n").filter((line) => line.startsWith("plan: token-shaped:")),
    ).toHaveLength(4);
    expect(diff.out).toContain("[secret: plaintext, a Stripe secret key]");
    const policy = await planCommand([FIXTURE, "--json", "--policy"]);
    expect(policy.status).toBe(1);
    expectNoToken("--json --policy", policy.out + policy.err);
  });

  test("--write refuses to put a plaintext credential into a snapshot, and writes nothing", async () => {
    const dir = scratchDir("plans-");
    const written = await planCommand(["--write"], { stacks: () => [FIXTURE], plansDir: dir });
    expect(written.status).toBe(1);
    expect(written.err).toContain(
      "plan: token-shaped: heroku-config.vars.PAYMENTS holds a Stripe secret key in plaintext",
    );
    expect(written.err).toContain("plan: nothing written");
    expectNoToken("--write", written.err);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

test("a config error never echoes a value shaped like a credential", () => {
  const token = "sk_live_0fake0fake0fake0fake0fake";
  const file = writeStackFile("echo", `config:\n  heroku-app:appName: ${token}\n`);
  let problems: readonly string[] = [];
  try {
    stackFileConfig(loadStackFile(file));
  } catch (error) {
    problems = (error as StackConfigError).problems;
  }
  expect(problems).toEqual([
    expect.stringContaining(
      "heroku-app:appName: (a value that looks like a Stripe secret key, not shown) is not a Heroku app name",
    ),
  ]);
  expect(problems.join("\n")).not.toContain(token);
});
