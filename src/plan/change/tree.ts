import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR } from "../../program/paths";

/**
 * A commit of this checkout, checked out whole — program, app/, stack files — so the engine can
 * deploy the stack as that commit deploys it. A checkout of its own (`git init`, this repository's
 * objects borrowed through `objects/info/alternates`, nothing copied), not a `git archive`: the
 * commit's files are exactly what `git push` sends, and git itself (ignore rules, `ls-files`)
 * answers there as in any clone. Its node_modules is a link to this checkout's: the ref's program
 * runs with this checkout's packages; the tree lives in the change plan's own scratch directory.
 */

export class RefError extends Error {
  override name = "RefError";
}

export interface RefCommit {
  commit: string;
  /** `main (c61c69e)`. */
  label: string;
  /** The project's folder inside the repository ("" at its root). */
  prefix: string;
  /** The stacks with a stack file at that commit, sorted. */
  stacks: string[];
}

/** Resolves a ref to a commit of this checkout, or says why it can't. */
export function resolveRef(ref: string, projectDir = PROJECT_DIR): RefCommit {
  if (ref.startsWith("-")) throw new RefError(`"${ref}" is not a git ref`);
  runGit(projectDir, ["rev-parse", "--git-dir"]); // a checkout at all?
  const commit = runGit(projectDir, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  // The project may be a folder of a larger repository: its tree is the one at that folder.
  const prefix = runGit(projectDir, ["rev-parse", "--show-prefix"]).replace(/\/$/, "");
  const files = runGit(projectDir, ["ls-tree", "--name-only", `${commit}:${prefix}`]).split("\n");
  const stacks = files
    .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
  return { commit, label: `${ref} (${commit.slice(0, 7)})`, prefix, stacks };
}

/** Checks `ref` out into `into` (made here); the project's directory in it. */
export function checkoutRef(ref: RefCommit, projectDir: string, into: string): string {
  const objects = path.resolve(
    projectDir,
    runGit(projectDir, ["rev-parse", "--git-path", "objects"]),
  );
  fs.mkdirSync(into, { recursive: true });
  runGit(into, ["init", "--quiet"]);
  fs.writeFileSync(path.join(into, ".git", "objects", "info", "alternates"), `${objects}\n`);
  runGit(into, ["checkout", "--quiet", "--detach", ref.commit]);
  const dir = path.join(into, ref.prefix);
  if (!fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
    throw new RefError(`${ref.label} has no Pulumi.yaml in ${ref.prefix || "its root"}`);
  }
  // This checkout's packages, whatever the commit holds under that name (a committed link, say).
  fs.rmSync(path.join(dir, "node_modules"), { recursive: true, force: true });
  fs.symlinkSync(path.join(projectDir, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

function runGit(cwd: string, args: string[]): string {
  const run = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (run.error) throw new RefError(`git can't run here (${run.error.message})`);
  if (run.status !== 0) {
    const detail = run.stderr.trim().split("\n")[0];
    if (args[0] === "rev-parse" && args.includes("--git-dir")) {
      throw new RefError(
        `${cwd} is not a git checkout: --against compares with a commit${detail ? ` (${detail})` : ""}`,
      );
    }
    if (args[0] === "rev-parse" && args.includes("--verify")) {
      const ref = args[args.length - 1].replace(/\^\{commit\}$/, "");
      throw new RefError(
        `"${ref}" is not a commit here (fetch it first, e.g. \`git fetch origin ${ref}\`)`,
      );
    }
    throw new RefError(`git ${args[0]} failed: ${detail}`);
  }
  return run.stdout.trim();
}
