import { RunError } from "@pulumi/pulumi/errors";
import { OfflineRunError } from "../../src/plan/mock-run";
import { BundleError } from "../../src/program/bundle";
import { StackConfigError } from "../../src/program/config/parse";
import { Refusal } from "../../src/program/refusal";
import { STAGING_OUTPUTS, STAGING_REFERENCE, runStack } from "../support/harness";
import { fixture } from "../support/paths";
import { writeStackFile } from "../support/stack-files";

/**
 * The program's refusals are RunErrors, which Pulumi prints as their message alone (the real
 * CLI's output: test/engine/refusals.test.ts); and a stack it builds on that can't serve it yet is
 * one refusal, naming the stack file's keys, what to deploy and how.
 */

test("every error the program throws on purpose is a RunError, named after its class", () => {
  const refusals = [
    new StackConfigError("staging", ["Pulumi.staging.yaml: heroku-app:x: is wrong"]),
    new BundleError("app/ has no package.json"),
    new Refusal("no"),
  ];
  for (const refusal of refusals) expect(RunError.isInstance(refusal)).toBe(true);
  expect(refusals.map(({ name }) => name)).toEqual(["StackConfigError", "BundleError", "Refusal"]);
});

/** What the program refused with, running `stack` against upstream stacks with these outputs. */
async function refusalOf(
  stack: string,
  upstream: Record<string, Record<string, unknown>>,
): Promise<string> {
  try {
    await runStack(stack, upstream);
  } catch (error) {
    const cause = error instanceof OfflineRunError ? error.cause : error;
    expect(RunError.isInstance(cause)).toBe(true);
    return (cause as Error).message;
  }
  throw new Error(`${stack} was not refused`);
}

describe("a stack it builds on that can't serve it yet", () => {
  test("staging without outputs: production says once it must be deployed first", async () => {
    expect(await refusalOf(fixture("production"), { [STAGING_REFERENCE]: {} })).toBe(
      "Pulumi.production.yaml: heroku-app:deploy.promoteFrom, heroku-app:pipelineStack: production releases staging's slug and joins the pipeline staging owns, so staging must be deployed first, and it has never been deployed: `pulumi up --stack staging` (in the sandbox: `npm run sandbox -- up staging`)",
    );
  });

  test("staging deployed by another program: the output it lacks, and a deploy with this one", async () => {
    const { slugId } = STAGING_OUTPUTS;
    expect(await refusalOf(fixture("production"), { [STAGING_REFERENCE]: { slugId } })).toBe(
      "Pulumi.production.yaml: heroku-app:deploy.promoteFrom, heroku-app:pipelineStack: production releases staging's slug and joins the pipeline staging owns, but staging's last deploy exports no pipelineId, which this program's deploys export: deploy it with this program, `pulumi up --stack staging` (in the sandbox: `npm run sandbox -- up staging`)",
    );
  });

  test("another project's stack: deployed from its own project, not the sandbox", async () => {
    const other = "acme/shop/staging";
    const yaml = `config:\n  heroku-app:stage: production\n  heroku-app:protect: true\n  heroku-app:deploy:\n    promoteFrom: ${other}\n  heroku-app:formation:\n    web: {quantity: 2, size: standard-1x}\n`;
    const file = writeStackFile("prod-eu", yaml);
    expect(
      await refusalOf(file, { [STAGING_REFERENCE]: STAGING_OUTPUTS, [other]: { appId: "x" } }),
    ).toBe(
      `Pulumi.prod-eu.yaml: heroku-app:deploy.promoteFrom: prod-eu releases ${other}'s slug, but ${other}'s last deploy exports no slugId, which this program's deploys export: deploy it with this program, \`pulumi up --stack ${other}\` in its project`,
    );
  });
});
