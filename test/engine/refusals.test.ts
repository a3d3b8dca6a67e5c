import * as fs from "fs";
import * as path from "path";
import { FIXTURES_DIR, fixture } from "../support/paths";
import { ProgramWorkspace } from "../support/pulumi-cli";

/**
 * What the engine's user reads when the program refuses to run a stack, under the real
 * `pulumi preview`: the refusal's own words — the file, the key, how to fix it — and nothing
 * else: no "unhandled exception", no stack trace, no terminal escapes, no secret. One workspace
 * runs this project's program on every stack here; the upstream cases follow one another as a
 * new user's first hour does (production before staging exists, before it is deployed, after).
 */

let workspace: ProgramWorkspace;
beforeAll(() => {
  workspace = new ProgramWorkspace();
});
afterAll(() => workspace?.dispose());

/** A preview of `stack`: its exit status, and what the Diagnostics section says, unindented. */
function preview(stack: string, args: string[] = []) {
  const { status, stdout, stderr } = workspace.run(["preview", "--stack", stack, ...args]);
  const output = stdout + stderr;
  const diagnostics = /\nDiagnostics:\n([\s\S]*?)(?:\n\S|$)/.exec(output)?.[1] ?? "";
  return { status, output, diagnostics: diagnostics.replace(/^ {2}/gm, "").trimEnd() };
}

/** The words a user must never be shown for a refusal: a crash's, a trace's, a terminal's. */
function expectNoCrash(output: string): void {
  expect(output).not.toMatch(/unhandled exception|Required output|unknown stack/);
  expect(output).not.toMatch(/\bat .*:\d+:\d+/);
  expect(output).not.toContain("\u001b[");
}

test("a stack file the program refuses: every problem, naming file and key, and nothing else", () => {
  const stack = "basic-scaled";
  const file = path.join(FIXTURES_DIR, "invalid", `Pulumi.${stack}.yaml`);
  workspace.addStack(stack, file);
  const secret = "tok_live_9f8e7d6c5b4a39281706";
  const setSecret = ["config", "set", "--secret", "--path", "configVars.API_TOKEN", secret];
  workspace.ok([...setSecret, "--stack", stack]);

  const { status, output, diagnostics } = preview(stack);
  expect(status).not.toBe(0);
  const expected = [...fs.readFileSync(file, "utf8").matchAll(/^# expect: (.+)$/gm)].map(
    ([, text]) => `Pulumi.${stack}.yaml: ${text}`,
  );
  expect(diagnostics).toBe(
    [
      `pulumi:pulumi:Stack (heroku-app-${stack}):`,
      `  error: Stack "${stack}" has 2 config problems:`,
      `    - Pulumi.${stack}.yaml: heroku-app:configVars: holds a secret, but plain config vars are stored and shown in plaintext; put it in sensitiveVars`,
      ...expected.map((line) => `    - ${line}`),
    ].join("\n"),
  );
  expectNoCrash(output);
  expect(output).not.toContain(secret);
});

describe("the first production preview, before staging is deployed", () => {
  beforeAll(() => {
    workspace.addStack("production", fixture("production"));
    workspace.addStack("review-123", fixture("review-123"));
  });
  /** A staging stack, as `pulumi stack init staging` leaves it: no deploy, no outputs. */
  const initStaging = () => {
    const stacks = JSON.parse(workspace.ok(["stack", "ls", "--json"])) as { name: string }[];
    if (!stacks.some(({ name }) => name === "staging")) {
      workspace.ok(["stack", "init", "staging", "--secrets-provider", "passphrase"]);
    }
  };
  const deployStagingFirst = (how: string) =>
    `so staging must be deployed first, ${how} (in the sandbox: \`npm run sandbox -- up staging\`)`;

  test("no staging stack at all: create and deploy it first, said once", () => {
    const { status, output, diagnostics } = preview("production");
    expect(status).not.toBe(0);
    expect(diagnostics).toBe(
      [
        "pulumi:pulumi:Stack (heroku-app-production):",
        `  error: Pulumi.production.yaml: heroku-app:deploy.promoteFrom, heroku-app:pipelineStack: production releases staging's slug and joins the pipeline staging owns, ${deployStagingFirst("and there is no stack staging yet: `pulumi stack init staging`, then `pulumi up --stack staging`")}`,
      ].join("\n"),
    );
    expectNoCrash(output);
  });

  test("a staging stack never deployed: deploy it first, said once; the same for a stack that only joins its pipeline", () => {
    initStaging();
    const neverDeployed = deployStagingFirst(
      "and it has never been deployed: `pulumi up --stack staging`",
    );
    const production = preview("production");
    expect(production.status).not.toBe(0);
    expect(production.diagnostics).toBe(
      [
        "pulumi:pulumi:Stack (heroku-app-production):",
        `  error: Pulumi.production.yaml: heroku-app:deploy.promoteFrom, heroku-app:pipelineStack: production releases staging's slug and joins the pipeline staging owns, ${neverDeployed}`,
      ].join("\n"),
    );
    expectNoCrash(production.output);

    const review = preview("review-123");
    expect(review.status).not.toBe(0);
    expect(review.diagnostics).toBe(
      [
        "pulumi:pulumi:Stack (heroku-app-review-123):",
        `  error: Pulumi.review-123.yaml: heroku-app:pipelineStack: review-123 joins the pipeline staging owns, ${neverDeployed}`,
      ].join("\n"),
    );
    expectNoCrash(review.output);
  });

  test("once staging has its outputs, production reads them and releases staging's slug", () => {
    const slugId = "5d3b7a3e-1c0f-4f53-a5c3-3b0d5f6f7e01";
    const pipelineId = "0a6f4c2e-9d7b-4e1a-8c3f-2b5e6d7a8f90";
    // Staging's state as a deploy leaves it, outputs and all (no Platform API here to deploy it).
    initStaging();
    const exported = JSON.parse(workspace.ok(["stack", "export", "--stack", "staging"]));
    exported.deployment.resources = [
      {
        urn: "urn:pulumi:staging::heroku-app::pulumi:pulumi:Stack::heroku-app-staging",
        custom: false,
        type: "pulumi:pulumi:Stack",
        outputs: { slugId, pipelineId },
      },
    ];
    const file = path.join(workspace.root, "staging-deployed.json");
    fs.writeFileSync(file, JSON.stringify(exported));
    workspace.ok(["stack", "import", "--stack", "staging", "--file", file]);

    const { status, output } = preview("production", ["--json"]);
    expect({ status, output: status === 0 ? "" : output }).toEqual({ status: 0, output: "" });
    const steps = (JSON.parse(output) as { steps: PreviewStep[] }).steps;
    const step = (name: string) => steps.find(({ urn }) => urn.endsWith(`::${name}`));
    expect(step("heroku-upstream-staging")?.op).toBe("read");
    expect(step("heroku-release")?.newState?.inputs).toMatchObject({ slugId });
    expect(step("heroku-coupling")?.newState?.inputs).toMatchObject({ pipeline: pipelineId });
  });
});

interface PreviewStep {
  op: string;
  urn: string;
  newState?: { inputs: Record<string, unknown> };
}
