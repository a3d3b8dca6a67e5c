import * as fs from "fs";
import * as path from "path";
import type { ChangeJson } from "../../src/plan/change/render";
import { TYPE } from "../../src/program/types";
import { fixture } from "../support/paths";
import { planCommand } from "../support/plans";
import { copyProjectRepo } from "../support/project-copy";
import type { ProjectCopy } from "../support/project-copy";

/**
 * `npm run plan -- --against <ref>` answered by the engine: in a git repository (a copy of the
 * project whose stacks are the fixtures, committed), the stacks as `main` has them deployed in a
 * throwaway sandbox by the real CLI and providers, then previewed at the edited working tree. Each
 * run deploys from nothing (tens of seconds), so each test makes several edits at once.
 */

const TIMEOUT = 600_000;
const SECRET = "v1:AAAAc2VjcmV0";
let repo: ProjectCopy;

beforeAll(() => {
  repo = copyProjectRepo("change-plan", {
    staging: fixture("staging"),
    production: fixture("production"),
    "review-123": fixture("review-123"),
    domains: fixture("domains"),
  });
  // A secret at the base, so an edit can re-encrypt it.
  edit(
    "staging",
    "  heroku-app:configVars:",
    `  heroku-app:sensitiveVars:\n    API_TOKEN:\n      secure: ${SECRET}\n  heroku-app:configVars:`,
  );
  repo.git("commit", "-qam", "a secret");
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

async function against(...args: string[]) {
  const run = await planCommand([...args, "--against", "main", "--json"], {
    projectDir: repo.dir,
  });
  const parsed = JSON.parse(run.out) as ChangeJson | ChangeJson[];
  const byStack = Object.fromEntries(
    (Array.isArray(parsed) ? parsed : [parsed]).map((json) => [json.stack, json]),
  );
  return { ...run, byStack };
}

/** What is done to each resource, reads and sames left out. */
const done = (json: ChangeJson) =>
  Object.fromEntries(
    json.changes
      .filter(({ op }) => op !== "same" && op !== "read")
      .map(({ name, op }) => [name, op]),
  );
const entry = (json: ChangeJson, name: string) =>
  json.changes.find((change) => change.name === name)!;

test(
  "no edit: nothing to do in any stack; every stack reference is read, as the engine does on every run",
  async () => {
    const { status, byStack, err } = await against();
    expect({ status, err }).toEqual({ status: 0, err: "" });
    // domains turns ACM on at its second deploy: the ref's is deployed until it stands still.
    expect(Object.keys(byStack).sort()).toEqual(["domains", "production", "review-123", "staging"]);
    for (const json of Object.values(byStack)) {
      expect(json.method).toBe("engine-sandbox");
      expect(done(json)).toEqual({});
      expect(json.changes.length).toBeGreaterThanOrEqual(10);
    }
    const reads = (json: ChangeJson) =>
      json.changes.filter(({ type }) => type === TYPE.stackReference).map(({ op }) => op);
    expect(reads(byStack.production)).toEqual(["read"]);
    expect(reads(byStack["review-123"])).toEqual(["read"]);
  },
  TIMEOUT,
);

test(
  "updates in three stacks, a re-encrypted secret, app/ changed, a new stack production now promotes from",
  async () => {
    edit("production", /web:\n {6}quantity: 2/, "web:\n      quantity: 3");
    edit("production", "promoteFrom: staging", "promoteFrom: qa");
    repo.writeStack(
      "qa",
      "config:\n  heroku-app:stage: development\n  heroku-app:deploy:\n    build: true\n",
    );
    edit("staging", "LOG_LEVEL: debug", "LOG_LEVEL: info");
    edit("staging", SECRET, "v1:AAAAbmV3LXNlY3JldA==");
    edit("review-123", "heroku-app:stage: review", "heroku-app:stage: development");
    fs.appendFileSync(path.join(repo.dir, "app", "src", "server.js"), "\n// a change to the app\n");
    const { status, byStack, err, out } = await against(
      "staging",
      "production",
      "review-123",
      "qa",
    );
    expect({ status, err }).toEqual({ status: 0, err: "" });

    expect(done(byStack.staging)).toEqual({ "heroku-config": "update", "heroku-build": "replace" });
    expect(entry(byStack.staging, "heroku-config").diffs).toEqual([
      "sensitiveVars.API_TOKEN",
      "vars.LOG_LEVEL",
    ]);
    // The provider hashes app/'s bundle on every diff (LIFECYCLE.md §3): a new hash, a new build.
    expect(entry(byStack.staging, "heroku-build")).toMatchObject({
      replaceBecause: ["localChecksum changed (provider)", "source changed (provider)"],
      warnings: ["builds app/ and releases the new slug: the app runs other code"],
    });

    // Production releases qa's slug, which qa's working-tree deploy built; it reads qa now.
    expect(done(byStack.production)).toEqual({
      "heroku-formation-web": "update",
      "heroku-release": "replace",
    });
    expect(entry(byStack.production, "heroku-release").replaceBecause).toEqual([
      "description changed (replaceOnChanges)",
      "slugId changed (provider)",
    ]);
    expect(entry(byStack.production, "heroku-upstream-qa").op).toBe("read");

    // A review stack builds app/ too.
    expect(done(byStack["review-123"])).toEqual({
      "heroku-coupling": "replace",
      "heroku-build": "replace",
    });
    expect(entry(byStack["review-123"], "heroku-coupling").replaceBecause).toEqual([
      "stage changed (provider)",
    ]);

    expect(new Set(byStack.qa.changes.map(({ op }) => op))).toEqual(new Set(["create", "read"]));
    expect(byStack.qa.warnings).toEqual([
      expect.stringContaining("a new stack: there is no Pulumi.qa.yaml at main"),
    ]);
    // The secret changed, the engine says so, and no value of it is anywhere.
    expect(out).not.toMatch(/AAAA|bmV3|sandbox-stand-in/);
  },
  TIMEOUT,
);

test(
  "staging moves region: its app and all on it replaced, delete-first; production releases the new build; its protected database can't go; a removed stack deleted whole",
  async () => {
    edit(
      "staging",
      "heroku-app:stage: staging",
      "heroku-app:stage: staging\n  heroku-app:region: eu",
    );
    edit("production", / {2}heroku-app:addons:\n {4}database:\n {6}plan: [^\n]+\n/, "");
    repo.removeStack("review-123");
    const { status, byStack, err } = await against("staging", "production", "review-123");
    expect(status).toBe(1);

    const staging = byStack.staging;
    expect(done(staging)).toEqual({
      "heroku-app": "replace",
      "heroku-config": "replace",
      "heroku-addon-database": "replace",
      "heroku-feature-runtime-dyno-metadata": "replace",
      "heroku-build": "replace",
      "heroku-formation-web": "replace",
      "heroku-formation-worker": "replace",
      "heroku-coupling": "replace",
    });
    expect(entry(staging, "heroku-app").replaceBecause).toEqual(["region changed (provider)"]);
    expect(entry(staging, "heroku-app").warnings).toEqual([
      expect.stringContaining("the old app is deleted first (its name is kept)"),
    ]);
    expect(entry(staging, "heroku-config").replaceBecause).toEqual([
      "appId follows replaced heroku-app (replaceOnChanges)",
    ]);
    expect(entry(staging, "heroku-addon-database").warnings).toEqual([
      "a new, empty add-on: the old one and its data are deleted with the old app",
    ]);

    expect(entry(byStack.production, "heroku-release")).toMatchObject({
      op: "replace",
      replaceBecause: ["slugId changed (provider)"],
    });
    expect(entry(byStack.production, "heroku-addon-database")).toMatchObject({
      op: "delete",
      warnings: [
        expect.stringMatching(
          /^refused by the engine: resource heroku-addon-database cannot be deleted because it is protected/,
        ),
        "no longer managed: kept in the Heroku account (retainOnDelete), with its data",
      ],
    });
    expect(err).toContain(
      "plan: production: heroku-addon-database (heroku:addon/addon:Addon): refused by the engine: resource heroku-addon-database cannot be deleted because it is protected",
    );

    const review = byStack["review-123"];
    expect(new Set(review.changes.map(({ op }) => op))).toEqual(new Set(["delete"]));
    expect(review.warnings).toEqual([expect.stringContaining("Pulumi.review-123.yaml is gone")]);
    expect(entry(review, "heroku-formation-web").warnings).toEqual(["web dynos stop with the app"]);
  },
  TIMEOUT,
);

test(
  "protect and replace in one change: the engine refuses only what is protected on both sides",
  async () => {
    // Protected now, not before: the engine replaces (pkg/resource/deploy/step_generator.go).
    edit(
      "staging",
      "heroku-app:stage: staging",
      "heroku-app:stage: staging\n  heroku-app:protect: true\n  heroku-app:region: eu",
    );
    // Unprotected now, protected before: the app may go; its database, still protected in the
    // state and replaced with it, may not.
    edit(
      "production",
      "heroku-app:protect: true",
      "heroku-app:protect: false\n  heroku-app:region: eu",
    );
    const { status, byStack, err } = await against("staging", "production");
    expect(status).toBe(1);
    expect(done(byStack.staging)).toMatchObject({ "heroku-app": "replace" });
    expect(
      byStack.staging.changes.every(
        ({ warnings }) => !warnings?.some((w) => w.startsWith("refused")),
      ),
    ).toBe(true);
    const refused = err.split("\n").filter((line) => line.includes("refused by the engine"));
    expect(refused).toEqual([
      expect.stringMatching(
        /^plan: production: heroku-addon-database \(heroku:addon\/addon:Addon\): refused by the engine: unable to replace resource heroku-addon-database as part of replacing heroku-app as it is currently marked for protection/,
      ),
    ]);
    expect(entry(byStack.production, "heroku-app").op).toBe("replace");
  },
  TIMEOUT,
);
