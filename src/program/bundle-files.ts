/**
 * Which files of app/ the Heroku bundle holds: what `git push heroku` would send (in a git
 * checkout, the files git tracks; files that no `.gitignore` ignores, at any level from the
 * checkout's root down),
 * minus what Heroku's own `.slugignore` removes before the build, minus secret-bearing files
 * whatever the ignore files say. The ignore files are read with the `ignore` package (the
 * .gitignore matcher ESLint and others use), not hand-written matching. It works the same
 * outside a git checkout: then only the `.gitignore` files inside app/ apply.
 *
 * Deliberately not read: .git/info/exclude and the user's global excludes file (core.excludesFile)
 * — they differ between machines and would make the bundle differ too.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import ignore from "ignore";
import type { Ignore } from "ignore";
import { shownPath } from "./paths";
import { Refusal } from "./refusal";

/** A bundle that can't be made as asked: one line, naming the file and how to fix it. */
export class BundleError extends Refusal {}

export interface DeployableFiles {
  /** Sorted by code unit (locale-free), posix paths relative to app/. */
  files: string[];
  /** Files git would send that the secret deny list held back (a directory ends in `/`). */
  withheld: string[];
  /** In a git checkout, files git doesn't track: `git push` wouldn't send them, so neither do we. */
  untracked: string[];
}

/**
 * Never deployed whatever the ignore files say: files that carry credentials (npm and netrc
 * auth, env files of any spelling, secrets files, SSH and TLS private keys and key stores, cloud
 * and registry credentials) and logs.
 */
export const SECRET_DENY_LIST = [
  ".npmrc",
  ".env*", // .env, .env.production, .env-local, .env_prod, .envrc: any env file
  ".secrets",
  "secrets.yml",
  "secrets.yaml",
  "secrets.json",
  "secrets.toml",
  "secrets.ini",
  "secrets.env",
  "*.secret",
  "*.secrets",
  "service-account*.json",
  "*.keystore",
  "*.jks",
  ".htpasswd",
  ".pypirc",
  ".netrc",
  ".pgpass",
  ".git-credentials",
  "id_*",
  "*.pem",
  "*.key",
  "*.p12",
  "*.pfx",
  "credentials*.json",
  ".aws/",
  "**/.docker/config.json",
  "*.log",
  "*.log.*",
];

/**
 * Not deployed either, and not worth a word: dependencies (Heroku installs them from the
 * lockfile), git's own directory, the app's tests (only app/test/, where they live; a `test/`
 * deeper down is application code), editor and OS droppings.
 */
const NEVER_DEPLOYED = [
  "node_modules/",
  ".git",
  "/test/",
  ".DS_Store",
  "Thumbs.db",
  "*.sw[op]",
  "*~",
  ".vscode/",
  ".idea/",
];

/** Heroku reads `.slugignore` at the top of the app (Dev Center, "Slug Compiler"). */
const SLUGIGNORE = ".slugignore";

export function listDeployableFiles(appDir: string): string[] {
  return selectDeployableFiles(appDir).files;
}

export function selectDeployableFiles(appDir: string): DeployableFiles {
  requireDirectory(appDir);
  const root = checkoutRoot(appDir);
  const gitignores = ancestorGitignores(root, appDir);
  const denied = ignore().add(SECRET_DENY_LIST);
  const never = ignore().add(NEVER_DEPLOYED);
  const slugignored = slugignore(appDir);
  const files: string[] = [];
  const withheld: string[] = [];
  const walk = (relativeDir: string, matchers: readonly Matcher[]): void => {
    const here = [...matchers, ...gitignoreIn(appDir, relativeDir)];
    const entries = fs.readdirSync(path.join(appDir, relativeDir), { withFileTypes: true });
    for (const entry of entries) {
      const relative = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      const directory = entry.isDirectory();
      const asMatched = directory ? `${relative}/` : relative;
      if (never.ignores(asMatched) || gitIgnores(here, path.join(appDir, relative), directory)) {
        continue;
      }
      if (denied.ignores(asMatched)) {
        withheld.push(asMatched);
      } else if (slugignored.ignores(asMatched)) {
        continue;
      } else if (directory) {
        walk(relative, here);
      } else if (entry.isFile()) {
        files.push(relative);
      } else {
        throw new BundleError(
          `${shownPath(path.join(appDir, relative))} is ${describeSpecial(entry)}; a bundle holds regular files only: replace it with the file itself, or ignore it in .gitignore or .slugignore`,
        );
      }
    }
  };
  walk("", gitignores);
  const tracked =
    root === appDir && !fs.existsSync(path.join(appDir, ".git")) ? undefined : trackedFiles(appDir);
  const untracked = tracked === undefined ? [] : files.filter((file) => !tracked.has(file));
  return {
    files: files.filter((file) => tracked === undefined || tracked.has(file)).sort(),
    withheld: withheld.sort(),
    untracked: untracked.sort(),
  };
}

/** The files git tracks under `appDir` (committed or added), relative to it; undefined without git. */
function trackedFiles(appDir: string): Set<string> | undefined {
  const listed = spawnSync("git", ["ls-files", "-z", "--cached"], {
    cwd: appDir,
    encoding: "utf8",
  });
  if (listed.status !== 0) return undefined; // no git on this machine: the ignore files decide
  return new Set(listed.stdout.split("\0").filter((file) => file !== ""));
}

/** The app is a directory: anything else is refused, naming it, rather than failing in a read. */
function requireDirectory(appDir: string): void {
  const stat = fs.statSync(appDir, { throwIfNoEntry: false });
  if (stat?.isDirectory()) return;
  throw new BundleError(
    `${shownPath(appDir)} ${stat === undefined ? "doesn't exist" : "is not a directory"}: the app to bundle is a directory holding its package.json (app/ by default)`,
  );
}

/** One .gitignore: its patterns, and the directory they are relative to. */
interface Matcher {
  base: string;
  rules: Ignore;
}

/** The directory holding `.git` above (or at) `appDir`; `appDir` itself outside a checkout. */
function checkoutRoot(appDir: string): string {
  for (let dir = appDir; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, ".git"))) return dir;
    if (path.dirname(dir) === dir) return appDir;
  }
}

/** The .gitignore files from the checkout's root down to app/'s parent, shallowest first. */
function ancestorGitignores(root: string, appDir: string): Matcher[] {
  if (appDir === root) return [];
  const dirs: string[] = [];
  for (let dir = path.dirname(appDir); ; dir = path.dirname(dir)) {
    dirs.unshift(dir);
    if (dir === root) break;
  }
  return dirs.flatMap((dir) => readGitignore(dir));
}

function gitignoreIn(appDir: string, relativeDir: string): Matcher[] {
  return readGitignore(path.join(appDir, relativeDir));
}

function readGitignore(dir: string): Matcher[] {
  const file = path.join(dir, ".gitignore");
  return fs.existsSync(file)
    ? [{ base: dir, rules: ignore().add(fs.readFileSync(file, "utf8")) }]
    : [];
}

/**
 * Git's answer for one path: every .gitignore from the root down may speak, the deepest one
 * last, and within a file the last matching line wins (`!` re-includes).
 */
function gitIgnores(matchers: readonly Matcher[], file: string, directory: boolean): boolean {
  let ignored = false;
  for (const { base, rules } of matchers) {
    const relative = path.relative(base, file).split(path.sep).join("/");
    const verdict = rules.test(directory ? `${relative}/` : relative);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

/**
 * Heroku removes what a top-level .slugignore names before the build runs (Dev Center, "Slug
 * Compiler": a fresh checkout, then "Remove anything specified in a top-level .slugignore
 * file", then the buildpack), so leaving those files out of the upload gives the same slug.
 * Its format is "roughly the same as .gitignore" but has no `!` negation, which is refused
 * rather than honoured differently from Heroku.
 */
function slugignore(appDir: string): Ignore {
  const file = path.join(appDir, SLUGIGNORE);
  if (!fs.existsSync(file)) return ignore();
  const lines = fs.readFileSync(file, "utf8").split(/\r?\n/);
  const negation = lines.findIndex((line) => line.startsWith("!"));
  if (negation !== -1) {
    throw new BundleError(
      `${shownPath(file)} line ${negation + 1}: Heroku's .slugignore has no "!" (negation), so Heroku would still remove what it tries to keep; remove the line`,
    );
  }
  return ignore().add(lines);
}

function describeSpecial(entry: fs.Dirent): string {
  if (entry.isSymbolicLink()) return "a symbolic link";
  if (entry.isFIFO()) return "a named pipe";
  if (entry.isSocket()) return "a socket";
  if (entry.isBlockDevice() || entry.isCharacterDevice()) return "a device file";
  return "not a regular file";
}
