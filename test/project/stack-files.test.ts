import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { isMap } from "yaml";
import { listStacks } from "../../src/stack-files/load";
import { invariantProblems } from "../support/invariants";
import { PROJECT_DIR } from "../support/paths";
import { planCommand } from "../support/plans";
import { copyProject } from "../support/project-copy";
import { editStackFile, leafStacks, stackOfStage } from "../support/stack-files";

/**
 * The shipped stack files are the user's: no test pins a value in them (behaviour is tested on
 * test/fixtures/). They are checked for invariants only — and any legitimate edit keeps those,
 * once `npm run plan -- --write` has refreshed the snapshots: proven here on an edited copy of
 * the project, never on the real files.
 */

const TIMEOUT = 180_000;

test(
  "the shipped stack files keep every invariant",
  async () => {
    expect(await invariantProblems(PROJECT_DIR)).toEqual([]);
  },
  TIMEOUT,
);

describe("edits a user makes to copies of the shipped stack files", () => {
  const shipped = () =>
    Object.fromEntries(
      listStacks().map((stack) => {
        const text = fs.readFileSync(path.join(PROJECT_DIR, `Pulumi.${stack}.yaml`));
        return [stack, createHash("sha256").update(text).digest("hex")];
      }),
    );

  test(
    "scale, sizes, a domain, a config var, a drain, a pinned slug, a new stack file: all pass after --write",
    async () => {
      const before = shipped();
      const copy = copyProject("edits");
      const stacks = listStacks();
      // Whatever the stacks are called: the production stage's (else one no stack names), the
      // staging stage's (else the qa stack couples to another project's).
      const production =
        stackOfStage(copy.dir, stacks, "production") ?? leafStacks(copy.dir, stacks)[0];
      const staging = stackOfStage(copy.dir, stacks, "staging");
      editStackFile(copy.dir, production, (file) => {
        const quantity = Number(file.get("formation", "web", "quantity") ?? 2);
        file.set("formation", ["web", "quantity"], Math.min(quantity + 1, 100));
        // One tier for every process type: Basic doesn't mix with Standard.
        const formation = file.get("formation");
        const types = isMap(formation) ? formation.items.map(({ key }) => String(key)) : [];
        for (const type of new Set(["web", ...types])) {
          file.set("formation", [type, "size"], "standard-2x");
        }
        file.set("configVars", ["FEATURE_FLAG"], "enabled");
        file.set("drains", ["papertrail"], { secure: "v1:AAAAbG9nLWRyYWlu" });
        file.set("domains", [], ["www.example.org"]);
        file.set("deploy", [], { slugId: "2f0f1b9e-58a4-4c1e-9f0b-7d3c2a1e6b55" });
      });
      if (staging !== undefined && staging !== production) {
        editStackFile(copy.dir, staging, (file) => {
          file.set("configVars", ["LOG_FORMAT"], "json");
          const size = file.get("formation", "web", "size") ?? "basic";
          file.set("formation", ["worker"], { quantity: 0, size });
        });
      }
      // A new stack, named as no stack of the user's is.
      const added = ["qa", "qa-2", "qa-3"].find((name) => !stacks.includes(name))!;
      copy.writeStack(
        added,
        [
          "config:",
          "  heroku-app:stage: development",
          `  heroku-app:pipelineStack: ${staging ?? "acme/heroku-app/staging"}`,
          ...(staging === undefined ? [] : ["  heroku-app:deploy:", `    promoteFrom: ${staging}`]),
          "",
        ].join("\n"),
      );

      const write = await planCommand(["--write"], { projectDir: copy.dir });
      expect({ status: write.status, err: write.err }).toEqual({
        status: 0,
        err: expect.stringContaining(`wrote plans/${added}.md`),
      });
      expect(await invariantProblems(copy.dir)).toEqual([]);
      // The edits took effect in what the stacks declare.
      const snapshot = fs.readFileSync(path.join(copy.dir, "plans", `${production}.md`), "utf8");
      expect(snapshot).toContain('size: "standard-2x"');
      expect(snapshot).toContain("heroku-domain-www-example-org");
      expect(snapshot).toContain("heroku-drain-papertrail");
      expect(snapshot).toContain('slugId: "2f0f1b9e-58a4-4c1e-9f0b-7d3c2a1e6b55"');
      expect(snapshot).not.toContain("AAAAbG9nLWRyYWlu");
      // And the user's own files were never touched.
      expect(shipped()).toEqual(before);
      fs.rmSync(copy.dir, { recursive: true, force: true });
    },
    TIMEOUT,
  );

  test(
    "a stack file renamed or removed: all pass after --write, its snapshot gone with it",
    async () => {
      const copy = copyProject("renames");
      // A stack no other stack names (promoteFrom, pipelineStack): production, as shipped.
      const stacks = listStacks();
      const leaf = leafStacks(copy.dir, stacks)[0];
      const text = fs.readFileSync(path.join(copy.dir, `Pulumi.${leaf}.yaml`), "utf8");
      copy.removeStack(leaf);
      copy.writeStack(`${leaf}-eu`, text);
      const renamed = await planCommand(["--write"], { projectDir: copy.dir });
      expect({ status: renamed.status, err: renamed.err }).toEqual({
        status: 0,
        err: expect.stringContaining(`wrote plans/${leaf}-eu.md`),
      });
      expect(fs.existsSync(path.join(copy.dir, "plans", `${leaf}.md`))).toBe(false);
      expect(await invariantProblems(copy.dir)).toEqual([]);
      copy.removeStack(`${leaf}-eu`);
      const removed = await planCommand(["--write"], { projectDir: copy.dir });
      expect(removed.status).toBe(0);
      expect(fs.readdirSync(path.join(copy.dir, "plans")).sort()).toEqual(
        stacks
          .filter((stack) => stack !== leaf)
          .map((stack) => `${stack}.md`)
          .sort(),
      );
      expect(await invariantProblems(copy.dir)).toEqual([]);
      fs.rmSync(copy.dir, { recursive: true, force: true });
    },
    TIMEOUT,
  );

  test(
    "the invariants can fail: an edit that breaks one is caught",
    async () => {
      const copy = copyProject("broken-edits");
      const stack = listStacks()[0];
      editStackFile(copy.dir, stack, (file) => file.set("region", [], "mars"));
      const problems = await invariantProblems(copy.dir);
      expect(problems.join("\n")).toContain(
        `heroku-app:region: "mars" is not a Heroku Common Runtime region`,
      );
      fs.rmSync(copy.dir, { recursive: true, force: true });
    },
    TIMEOUT,
  );
});
