import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { listStacks } from "../../src/stack-files/load";
import { PROJECT_DIR } from "../support/paths";
import { scratchDirs } from "../support/scratch";
import { editStackFile, leafStacks, stackLinks, stackOfStage } from "../support/stack-files";

/**
 * The user's stack files are the user's: in a copy of the whole project, a stack file is added,
 * the staging stack's file renamed (the stacks that named it updated, as the plan's error says),
 * and a stack no other stack names removed; after `npm run plan -- --write`, the whole of
 * `npm test` passes there. (test/project/stack-files.test.ts checks edits' invariants quickly;
 * this runs every test on them.)
 */

const scratchDir = scratchDirs();

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 1 << 28 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Every file git would commit (tracked, or new and not ignored), with this checkout's packages. */
function copyWholeProject(): string {
  const dir = scratchDir("user-edits-");
  const files = run(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    PROJECT_DIR,
  )
    .output.split("\0")
    .filter((file) => file !== "" && fs.existsSync(path.join(PROJECT_DIR, file)));
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(PROJECT_DIR, file), path.join(dir, file));
  }
  fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(dir, "node_modules"), "dir");
  // app/'s packages as files, not a link: the bundle refuses symbolic links.
  fs.cpSync(path.join(PROJECT_DIR, "app", "node_modules"), path.join(dir, "app", "node_modules"), {
    recursive: true,
  });
  run("git", ["init", "-q"], dir);
  // What a clone has: every file of the project tracked (the bundle holds what git tracks).
  run("git", ["add", "--all", "--", ".", ":!node_modules", ":!app/node_modules"], dir);
  return dir;
}

test("a stack file added, one renamed, one removed: npm test passes after --write", () => {
  const dir = copyWholeProject();
  const stacks = listStacks(dir);
  const renamed = stackOfStage(dir, stacks, "staging") ?? stacks[0];
  const newName = `${renamed}-eu`;
  fs.renameSync(path.join(dir, `Pulumi.${renamed}.yaml`), path.join(dir, `Pulumi.${newName}.yaml`));
  for (const stack of stacks.filter((name) => name !== renamed)) {
    const links = stackLinks(dir, stack);
    editStackFile(dir, stack, (file) => {
      if (links.pipelineStack === renamed) file.set("pipelineStack", [], newName);
      if (links.promoteFrom === renamed) file.set("deploy", ["promoteFrom"], newName);
    });
  }
  fs.writeFileSync(
    path.join(dir, "Pulumi.qa.yaml"),
    `config:\n  heroku-app:stage: development\n  heroku-app:pipelineStack: ${newName}\n`,
  );
  const leaf = leafStacks(dir, listStacks(dir)).find((stack) => stack !== "qa");
  if (leaf !== undefined) fs.rmSync(path.join(dir, `Pulumi.${leaf}.yaml`));

  const write = run(
    process.execPath,
    ["-r", "./tools/register.js", "tools/plan.ts", "--write"],
    dir,
  );
  expect(write).toEqual({ status: 0, output: expect.stringContaining("wrote plans/qa.md") });
  const tmp = scratchDir("user-edits-tmp-");
  const suite = run(process.execPath, [require.resolve("jest/bin/jest"), "--ci"], dir, {
    ...process.env,
    TMPDIR: tmp,
  });
  // On failure: which tests failed, and the suite's summary.
  const failed = [...new Set(suite.output.split("\n").filter((line) => /^\s+● /.test(line)))];
  const summary = /^Tests: .*$/m.exec(suite.output)?.[0] ?? suite.output.slice(-2000);
  expect({ status: suite.status, failed, summary }).toEqual({
    status: 0,
    failed: [],
    summary: expect.stringMatching(/^Tests: +\d+ passed, \d+ total$/),
  });
  expect(fs.readdirSync(path.join(dir, "plans")).sort()).toEqual(
    listStacks(dir).map((stack) => `${stack}.md`),
  );
}, 600_000);
