import * as fs from "fs";
import * as path from "path";
import type { ChangeJson } from "../../src/plan/change/render";
import { TYPE } from "../../src/program/types";
import { fixture } from "../support/paths";
import { planCommand } from "../support/plans";
import { copyProjectRepo } from "../support/project-copy";
import type { ProjectCopy } from "../support/project-copy";

/**
 * `npm run plan -- <stack> --against <git-ref>` as a user runs it: in a git repository (a copy
 * of this project whose stacks are the fixtures, committed), after editing stack files or app/,
 * against a real commit. Each case edits the working tree, runs the command, and restores it.
 * The command runs in-process (both sides' programs loaded in jest's registry, the SDK shared, as
 * the tool shares it in its process); one case runs tools/plan.ts as the process a user starts.
 */

const TIMEOUT = 180_000;
let repo: ProjectCopy;

beforeAll(() => {
  repo = copyProjectRepo("against", {
    staging: fixture("staging"),
    production: fixture("production"),
    "review-123": fixture("review-123"),
  });
}, TIMEOUT);

afterEach(() => {
  repo.git("checkout", "-q", "--", ".");
  repo.git("clean", "-qfd", "--", ".");
});

afterAll(() => fs.rmSync(repo.dir, { recursive: true, force: true }));

/** Edits a stack file of the working tree: a text replacement that must apply. */
function edit(stack: string, from: string | RegExp, to: string): void {
  const before = repo.readStack(stack);
  const after = before.replace(from, to);
  expect(after).not.toBe(before);
  repo.writeStack(stack, after);
}

/** `npm run plan -- <args>` in the copy, in-process (the last test runs the real process). */
const plan = (...args: string[]) => planCommand(args, { projectDir: repo.dir });

async function against(...args: string[]) {
  const run = await plan(...args, "--against", "main", "--json");
  const parsed = run.out === "" ? undefined : JSON.parse(run.out);
  return { ...run, json: parsed as ChangeJson | ChangeJson[] };
}

const changed = (json: ChangeJson) =>
  Object.fromEntries(
    json.changes.filter(({ op }) => op !== "same").map(({ name, op }) => [name, op]),
  );
const entry = (json: ChangeJson, name: string) =>
  json.changes.find((change) => change.name === name)!;

test(
  "no edit: every resource of every stack is the same",
  async () => {
    const { status, json, err } = await against();
    expect({ status, err }).toEqual({ status: 0, err: "" });
    const stacks = json as ChangeJson[];
    expect(stacks.map(({ stack }) => stack)).toEqual(["production", "review-123", "staging"]);
    for (const stack of stacks) {
      expect(stack.against).toBe("main");
      expect(changed(stack)).toEqual({});
      expect(stack.changes.length).toBeGreaterThanOrEqual(10);
    }
  },
  TIMEOUT,
);

/** One stack edited, one resource changed: the edit, and what the change plan says about it. */
const SINGLE_CHANGES: [string, string, string | RegExp, string, Record<string, unknown>][] = [
  [
    "a scale change: one Formation update, nothing else",
    "production",
    /web:\n {6}quantity: 2/,
    "web:\n      quantity: 3",
    {
      name: "heroku-formation-web",
      type: TYPE.formation,
      op: "update",
      diffs: ["quantity"],
    },
  ],
  [
    "a removed add-on: deleted, with a warning",
    "staging",
    / {2}heroku-app:addons:\n {4}database:\n {6}plan: [^\n]+\n/,
    "",
    { name: "heroku-addon-database", op: "delete", warnings: ["deletes the add-on and its data"] },
  ],
  [
    "a switch to a pinned slug: the release is replaced, never updated",
    "production",
    "promoteFrom: staging",
    "slugId: 2f0f1b9e-58a4-4c1e-9f0b-7d3c2a1e6b55",
    {
      name: "heroku-release",
      op: "replace",
      diffs: ["description", "slugId"],
      replaceBecause: ["description changed (replaceOnChanges)", "slugId changed (ForceNew)"],
      warnings: [expect.stringContaining("releases a different slug")],
    },
  ],
  [
    "a stage change: the coupling is replaced",
    "review-123",
    "heroku-app:stage: review",
    "heroku-app:stage: development",
    { name: "heroku-coupling", op: "replace", replaceBecause: ["stage changed (ForceNew)"] },
  ],
];

test.each(SINGLE_CHANGES)(
  "%s",
  async (_, stack, from, to, expected) => {
    edit(stack, from, to);
    const { status, json } = await against(stack);
    expect(status).toBe(0);
    const name = expected.name as string;
    expect(changed(json as ChangeJson)).toEqual({ [name]: expected.op });
    const found = entry(json as ChangeJson, name);
    expect(found).toMatchObject(expected);
    // What a case doesn't expect, it doesn't get: no reason, no warning.
    for (const key of ["replaceBecause", "warnings"] as const) {
      if (!(key in expected)) expect(found[key]).toBeUndefined();
    }
  },
  TIMEOUT,
);

test(
  "a region change on staging: app and config replaced, the add-on's data lost; production follows the new slug",
  async () => {
    edit(
      "staging",
      "heroku-app:stage: staging",
      "heroku-app:stage: staging\n  heroku-app:region: eu",
    );
    const { status, json } = await against("staging", "production");
    expect(status).toBe(0);
    const [staging, production] = json as ChangeJson[];
    expect(changed(staging)).toMatchObject({
      "heroku-app": "replace",
      "heroku-config": "replace",
      "heroku-addon-database": "replace",
      "heroku-build": "replace",
    });
    expect(entry(staging, "heroku-app").replaceBecause).toEqual(["region changed (ForceNew)"]);
    expect(entry(staging, "heroku-config").replaceBecause).toEqual([
      "appId follows replaced heroku-app (replaceOnChanges)",
    ]);
    expect(entry(staging, "heroku-addon-database").warnings).toEqual([
      "a new, empty add-on: the old one and its data are deleted with the old app",
    ]);
    // Staging's new build is a new slug: production's next `up` releases it.
    expect(changed(production)).toEqual({ "heroku-release": "replace" });
    expect(entry(production, "heroku-release").replaceBecause).toEqual([
      "slugId follows staging's new slugId (ForceNew)",
    ]);
  },
  TIMEOUT,
);

test(
  "a region change on production: exit 1, the protected resources named",
  async () => {
    edit(
      "production",
      "heroku-app:protect: true",
      "heroku-app:protect: true\n  heroku-app:region: eu",
    );
    const { status, json, err } = await against("production");
    expect(status).toBe(1);
    expect(err).toContain(
      "plan: production: heroku-app (heroku:app/app:App) is protected: `pulumi up` would refuse to replace it",
    );
    expect(err).toContain(
      "plan: production: heroku-addon-database (heroku:addon/addon:Addon) is protected",
    );
    expect(entry(json as ChangeJson, "heroku-app").op).toBe("replace");
  },
  TIMEOUT,
);

test(
  "a commit's program and app/, not only its stack file: a change to app/ builds and releases",
  async () => {
    fs.appendFileSync(path.join(repo.dir, "app", "src", "server.js"), "\n// a change to the app\n");
    const { status, json } = await against("staging", "production");
    expect(status).toBe(0);
    const [staging, production] = json as ChangeJson[];
    expect(changed(staging)).toEqual({ "heroku-build": "replace" });
    // The path is always .bundle/app: the content's hash, its version, is what changes.
    expect(entry(staging, "heroku-build").replaceBecause).toEqual([
      "source.version changed (ForceNew)",
    ]);
    expect(changed(production)).toEqual({ "heroku-release": "replace" });
  },
  TIMEOUT,
);

test(
  "a new stack file creates everything; a removed one deletes everything (protected ones refused)",
  async () => {
    repo.writeStack("qa", "config:\n  heroku-app:stage: development\n");
    repo.removeStack("production");
    const { status, json, err } = await against("qa", "production");
    const [qa, production] = json as ChangeJson[];
    expect(new Set(qa.changes.map(({ op }) => op))).toEqual(new Set(["create"]));
    expect(qa.warnings).toEqual([
      expect.stringContaining("a new stack: there is no Pulumi.qa.yaml at main"),
    ]);
    expect(new Set(production.changes.map(({ op }) => op))).toEqual(new Set(["delete"]));
    expect(production.warnings).toEqual([
      expect.stringContaining("Pulumi.production.yaml is gone"),
    ]);
    expect(status).toBe(1);
    expect(err).toContain(
      "heroku-app (heroku:app/app:App) is protected: `pulumi up` would refuse to delete it",
    );
  },
  TIMEOUT,
);

test(
  "an adopted stack: its resources are imported, not created; replaced while an import id remains: refused",
  async () => {
    repo.writeStack("adopted", fs.readFileSync(fixture("adopted"), "utf8"));
    const adopted = (await against("adopted")).json as ChangeJson;
    const imports = Object.fromEntries(
      adopted.changes.map((change) => [change.name, [change.op, change.import]]),
    );
    expect(imports).toMatchObject({
      "heroku-app": ["create", "1a2b3c4d-0000-4000-8000-00000000a001"],
      "heroku-formation-worker": ["create", "acme-shop:worker"],
      "heroku-addon-database": ["create", "postgresql-shiny-31337"],
      // Config vars can't be imported: the first `up` writes them.
      "heroku-config": ["create", undefined],
    });

    repo.git("add", "-A");
    repo.git("commit", "-qm", "adopted");
    edit(
      "adopted",
      "heroku-app:stage: staging",
      "heroku-app:stage: staging\n  heroku-app:region: eu",
    );
    const moved = await plan("adopted", "--against", "HEAD");
    expect(moved.status).toBe(1);
    expect(moved.out).toMatch(/\+- replace heroku-app: heroku:app\/app:App/);
    expect(moved.err).toContain(
      "heroku-app (heroku:app/app:App) is imported by id (heroku-app:import)",
    );
    expect(moved.err).toContain("npm run adopt -- --done adopted");
    repo.git("reset", "-q", "--hard", "HEAD~1");
  },
  TIMEOUT,
);

test(
  "a credential newly added in plaintext: named as one, refused (exit 1), never shown",
  async () => {
    const token = "sk_live_0fake0fake0fake0fake0fake";
    edit(
      "staging",
      "  heroku-app:configVars:\n",
      `  heroku-app:configVars:\n    PAYMENTS: ${token}\n`,
    );
    const { status, out, err } = await plan("staging", "--against", "HEAD");
    expect(status).toBe(1);
    expect(out).toContain("vars.PAYMENTS: a new plaintext credential (a Stripe secret key)");
    expect(err).toContain(
      "heroku-config (heroku:app/configAssociation:ConfigAssociation) is given a new plaintext credential, vars.PAYMENTS (a Stripe secret key); move it to sensitiveVars: `pulumi config set --secret --path 'sensitiveVars.PAYMENTS' <value> --stack staging`",
    );
    expect(out + err).not.toContain(token);
    repo.git("checkout", "-q", "--", ".");
  },
  TIMEOUT,
);

test(
  "text and Markdown; a changed secret is named, never shown",
  async () => {
    edit(
      "staging",
      "  heroku-app:configVars:",
      "  heroku-app:sensitiveVars:\n    API_TOKEN:\n      secure: v1:AAAAc2VjcmV0\n  heroku-app:configVars:",
    );
    repo.git("commit", "-qam", "a secret");
    edit("staging", "v1:AAAAc2VjcmV0", "v1:AAAAbmV3LXNlY3JldA==");
    const text = await plan("staging", "--against", "HEAD");
    expect(text.status).toBe(0);
    expect(text.out).toMatch(
      /^Offline model \(no engine ran: engine\/README.md\): HEAD \([0-9a-f]{7}\) against the working tree\. .*\n\nstaging against HEAD \([0-9a-f]{7}\): 1 to update, \d+ unchanged\n/,
    );
    expect(text.out).toContain(
      "~  update heroku-config: heroku:app/configAssociation:ConfigAssociation\n     sensitiveVars.API_TOKEN: changed (secret)\n",
    );
    const markdown = await plan("staging", "--against", "HEAD", "--markdown");
    expect(markdown.out).toContain(
      "| update | `heroku-config` | `heroku:app/configAssociation:ConfigAssociation` | sensitiveVars.API_TOKEN: changed (secret) |",
    );
    for (const output of [text.out, markdown.out, text.err, markdown.err]) {
      expect(output).not.toMatch(/AAAA|bmV3|decrypted by the Pulumi CLI/);
    }
    repo.git("reset", "-q", "--hard", "HEAD~1");
  },
  TIMEOUT,
);

test(
  "a ref that isn't a commit or a stack given as a path (exit 2), a stack that exists nowhere (exit 1)",
  async () => {
    const missing = await repo.plan("staging", "--against", "no-such-branch"); // as a process
    expect(missing.status).toBe(2);
    expect(missing.err).toContain(
      'plan: --against no-such-branch: "no-such-branch" is not a commit here',
    );
    const unknown = await plan("stagign", "--against", "main");
    expect(unknown.status).toBe(1);
    expect(unknown.err).toContain("plan: stagign: can't be compared with main (");
    expect(unknown.err).toContain("no Pulumi.stagign.yaml at main (");
    expect(unknown.err).toContain(
      "or in the working tree (stacks: production, review-123, staging)",
    );
    const asPath = await plan("Pulumi.staging.yaml", "--against", "main");
    expect(asPath.status).toBe(2);
    expect(asPath.err).toContain("--against compares stacks of this project by name");
  },
  TIMEOUT,
);
