import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR } from "../../program/paths";

/**
 * A commit's whole tree — program, app/, stack files — written out so the planner can run that
 * commit's program: `git archive <commit> | tar -x`, with a link to this checkout's node_modules
 * so both programs load the same packages (one SDK instance, one set of mocks). Trees are kept
 * by content under node_modules/.cache/plan-against/<tree id> (a few are kept, the oldest go), so
 * planning against the same base again writes nothing.
 */

export class RefError extends Error {
  override name = "RefError";
}

export interface RefTree {
  /** The project's directory inside the written tree. */
  dir: string;
  commit: string;
  /** `main (c61c69e)`. */
  label: string;
}

const KEEP = 4;
const READY = ".tree-complete";

export function checkoutRef(ref: string, projectDir = PROJECT_DIR): RefTree {
  const git = (...args: string[]) => runGit(projectDir, args);
  if (ref.startsWith("-")) throw new RefError(`"${ref}" is not a git ref`);
  git("rev-parse", "--git-dir"); // a checkout at all?
  const commit = git("rev-parse", "--verify", "--quiet", `${ref}^{commit}`);
  // The project may be a folder of a larger repository: its tree is the one at that folder.
  const prefix = git("rev-parse", "--show-prefix").replace(/\/$/, "");
  const treeish = prefix === "" ? `${commit}^{tree}` : `${commit}:${prefix}`;
  const tree = git("rev-parse", "--verify", "--quiet", treeish);
  const cache = path.join(projectDir, "node_modules", ".cache", "plan-against");
  const dir = path.join(cache, tree);
  const label = `${ref} (${commit.slice(0, 7)})`;
  if (fs.existsSync(path.join(dir, READY))) {
    const now = new Date();
    fs.utimesSync(path.join(dir, READY), now, now);
    return { dir, commit, label };
  }
  fs.mkdirSync(cache, { recursive: true });
  const partial = fs.mkdtempSync(path.join(cache, `.${tree}-`));
  try {
    const archive = execFileSync("git", ["archive", "--format=tar", treeish], {
      cwd: projectDir,
      maxBuffer: 1 << 30,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const untar = spawnSync("tar", ["-x", "-C", partial], { input: archive });
    if (untar.status !== 0) throw new RefError(`tar: ${String(untar.stderr).trim()}`);
    // This checkout's packages, whatever the commit holds under that name (a committed link, say).
    fs.rmSync(path.join(partial, "node_modules"), { recursive: true, force: true });
    fs.symlinkSync(
      path.join(projectDir, "node_modules"),
      path.join(partial, "node_modules"),
      "dir",
    );
    // A checkout of its own, so that the bundle's git rules (src/program/bundle-files.ts) read
    // this tree's .gitignore files from its root — not this checkout's, which ignores
    // node_modules/, where the tree is written — and find tracked what the commit tracked.
    runGit(partial, ["init", "--quiet"]);
    runGit(partial, ["add", "--all", "--force", "--", ".", ":!node_modules"]);
    fs.writeFileSync(path.join(partial, READY), `${commit}\n`);
    try {
      fs.renameSync(partial, dir);
    } catch {
      // Another run wrote the same tree first: theirs is as good.
      fs.rmSync(partial, { recursive: true, force: true });
    }
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
  prune(cache);
  return { dir, commit, label };
}

/** Keeps the most recently used trees. */
function prune(cache: string): void {
  const trees = fs
    .readdirSync(cache)
    .filter((name) => fs.existsSync(path.join(cache, name, READY)))
    .map((name) => ({ name, used: fs.statSync(path.join(cache, name, READY)).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  for (const { name } of trees.slice(KEEP)) {
    fs.rmSync(path.join(cache, name), { recursive: true, force: true });
  }
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
    const ref = args[args.length - 1].replace(/\^\{commit\}$/, "");
    throw new RefError(
      `"${ref}" is not a commit here (fetch it first, e.g. \`git fetch origin ${ref}\`)`,
    );
  }
  return run.stdout.trim();
}
