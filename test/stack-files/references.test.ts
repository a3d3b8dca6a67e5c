import * as fs from "fs";
import * as path from "path";
import { StackConfigError } from "../../src/program/config/parse";
import { planReport } from "../../src/plan/report";
import { failureLines } from "../../src/plan/report";
import { stackFileConfig } from "../../src/stack-files/config";
import { loadStackFile } from "../../src/stack-files/load";
import { stackReferenceProblems } from "../../src/stack-files/references";
import { loadProgram } from "../support/harness";
import { scratchDirs } from "../support/scratch";

/**
 * `promoteFrom` and `pipelineStack` between the stacks of a project: a stack file must exist for
 * a stack of this project, other projects' stacks are taken on trust, and cycles are refused.
 */

const scratchDir = scratchDirs();

/** A project folder holding these stack files (`name` → the entries under `config:`). */
function stacks(files: Record<string, string[]>): (stack: string) => string {
  const dir = scratchDir("references-");
  for (const [stack, entries] of Object.entries(files)) {
    const yaml = ["config:", ...entries.map((entry) => `  ${entry}`), ""].join("\n");
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), yaml);
  }
  return (stack) => path.join(dir, `Pulumi.${stack}.yaml`);
}

/** The problems, each with the file as the tests wrote it (`Pulumi.prod.yaml`) at the start. */
const problems = (file: string) =>
  stackReferenceProblems(loadStackFile(file)).map((problem) =>
    problem.replace(loadStackFile(file).source, path.basename(file)),
  );

function configProblems(file: string): readonly string[] {
  try {
    stackFileConfig(loadStackFile(file));
  } catch (error) {
    if (error instanceof StackConfigError) {
      return error.problems.map((problem) =>
        problem.replace(loadStackFile(file).source, path.basename(file)),
      );
    }
    throw error;
  }
  return [];
}

const STAGING = ["heroku-app:stage: staging"];

describe("a reference to a stack of this project needs its stack file", () => {
  test("a missing one is named, with the stacks there and how to fix it", () => {
    const file = stacks({ staging: STAGING, prod: ["heroku-app:deploy: {promoteFrom: stagign}"] });
    const [problem, ...rest] = problems(file("prod"));
    expect(rest).toEqual([]);
    expect(problem).toMatch(
      /^Pulumi\.prod\.yaml: heroku-app:deploy\.promoteFrom: "stagign": no stack file Pulumi\.stagign\.yaml in this project \(stacks here: [^)]*\bprod\b[^)]*\bstaging\b[^)]*\); name one of them, or another project's stack as org\/project\/stack$/,
    );
  });

  test("pipelineStack too, and a qualified name of this project counts as one of its stacks", () => {
    const file = stacks({
      review: ["heroku-app:pipelineStack: acme/heroku-app/gone"],
      other: ["heroku-app:pipelineStack: acme/gone"],
    });
    expect(problems(file("review"))).toEqual([
      expect.stringContaining(
        'Pulumi.review.yaml: heroku-app:pipelineStack: "acme/heroku-app/gone": no stack file Pulumi.gone.yaml',
      ),
    ]);
    expect(problems(file("other"))).toEqual([
      expect.stringContaining("no stack file Pulumi.gone.yaml"),
    ]);
  });

  test("another project's stack is allowed, and so is a chain that reaches the pipeline's owner", () => {
    const file = stacks({
      staging: STAGING,
      qa: [
        "heroku-app:stage: development",
        "heroku-app:deploy: {promoteFrom: acme/shared-app/staging}",
      ],
      review: ["heroku-app:pipelineStack: qa"],
    });
    expect(problems(file("qa"))).toEqual([]);
    expect(problems(file("review"))).toEqual([]);
  });
});

describe("cycles are refused, naming the file, the key and the way out", () => {
  test("staging promotes from production, which promotes from staging", () => {
    const file = stacks({
      staging: [...STAGING, "heroku-app:deploy: {promoteFrom: production}"],
      production: ["heroku-app:stage: production", "heroku-app:deploy: {promoteFrom: staging}"],
    });
    expect(problems(file("staging"))).toEqual([
      "Pulumi.staging.yaml: heroku-app:deploy.promoteFrom: staging → production → staging is a promotion cycle: no stack in it builds a slug; promote from a stack that builds (deploy: {build: true}), or pin a slug with deploy: {slugId: <uuid>}",
    ]);
    expect(problems(file("production"))).toEqual([
      expect.stringContaining(
        "Pulumi.production.yaml: heroku-app:deploy.promoteFrom: production → staging → production is a promotion cycle",
      ),
    ]);
  });

  test("a longer promotion cycle, found from every stack in it", () => {
    const file = stacks({
      a: ["heroku-app:deploy: {promoteFrom: b}"],
      b: ["heroku-app:deploy: {promoteFrom: c}"],
      c: ["heroku-app:deploy: {promoteFrom: a}"],
      d: ["heroku-app:deploy: {promoteFrom: a}"], // leads into the cycle, isn't in it
      staging: STAGING,
    });
    expect(problems(file("a"))).toEqual([
      expect.stringContaining("a → b → c → a is a promotion cycle"),
    ]);
    expect(problems(file("c"))).toEqual([expect.stringContaining("c → a → b → c")]);
    expect(problems(file("d"))).toEqual([]);
  });

  test("a pipelineStack chain that never reaches a staging stack", () => {
    const file = stacks({
      qa: ["heroku-app:stage: development", "heroku-app:pipelineStack: uat"],
      uat: ["heroku-app:stage: development", "heroku-app:pipelineStack: qa"],
    });
    expect(problems(file("qa"))).toEqual([
      "Pulumi.qa.yaml: heroku-app:pipelineStack: qa → uat → qa is a pipeline cycle: no stack in it owns the pipeline (stage: staging); name the staging stack that owns the pipeline",
    ]);
  });
});

describe("a stack naming itself, `.` or `..` (the program refuses these, under the CLI too)", () => {
  test.each([
    [
      "heroku-app:deploy: {promoteFrom: prod}",
      "heroku-app:deploy.promoteFrom: a stack can't promote from itself; promote from the stack that builds",
    ],
    [
      "heroku-app:deploy: {promoteFrom: .}",
      'heroku-app:deploy.promoteFrom: "." is not a stack name, it is a path',
    ],
    [
      "heroku-app:deploy: {promoteFrom: ..}",
      'heroku-app:deploy.promoteFrom: ".." is not a stack name, it is a path',
    ],
    [
      "heroku-app:pipelineStack: acme/..",
      'heroku-app:pipelineStack: "acme/.." is not a stack name, it is a path',
    ],
    [
      "heroku-app:pipelineStack: prod",
      'heroku-app:pipelineStack: only a staging stack owns a pipeline; this stack\'s stage is "review": name the staging stack',
    ],
  ])("%s", (entry, message) => {
    const file = stacks({ prod: [entry], staging: STAGING });
    expect(configProblems(file("prod"))).toEqual([
      expect.stringContaining(`Pulumi.prod.yaml: ${message}`),
    ]);
  });
});

describe("every tool reports them with the stack's other problems", () => {
  test("stackFileConfig (local runs, parity) lists config and reference problems at once", () => {
    const file = stacks({
      prod: ["heroku-app:region: mars", "heroku-app:deploy: {promoteFrom: nowhere}"],
      staging: STAGING,
    });
    expect(configProblems(file("prod"))).toEqual([
      expect.stringContaining('heroku-app:region: "mars"'),
      expect.stringContaining('heroku-app:deploy.promoteFrom: "nowhere": no stack file'),
    ]);
  });

  test("the plan refuses the stack, with every problem on its own line", async () => {
    const file = stacks({
      prod: ["heroku-app:region: mars", "heroku-app:deploy: {promoteFrom: nowhere}"],
      staging: STAGING,
    });
    const failure = await planReport(file("prod"), loadProgram).catch((error: unknown) => error);
    const lines = failureLines(failure);
    expect(lines).toEqual([
      expect.stringContaining('heroku-app:region: "mars"'),
      expect.stringContaining('heroku-app:deploy.promoteFrom: "nowhere": no stack file'),
    ]);
    const valid = stacks({ prod: ["heroku-app:deploy: {promoteFrom: nowhere}"], staging: STAGING });
    const refused = await planReport(valid("prod"), loadProgram).catch((error: unknown) => error);
    expect(failureLines(refused)).toEqual([
      expect.stringContaining("no stack file Pulumi.nowhere.yaml"),
    ]);
  });
});
