/**
 * The app's Heroku build source: a directory, `.bundle/app/`, holding exactly the files `git push
 * heroku` would send (bundle-files.ts), which the Heroku provider tars and uploads itself.
 *
 * Why a directory at a fixed path, not a tarball of our own: the provider tells a changed source
 * by a "relaxed" checksum of a directory's file names and contents (terraform-provider-heroku
 * v5.2.10, checksumSourceRelaxed), so mtimes, umask, owners or the order files were written in
 * can't make a fresh clone rebuild, with no tar normalisation to keep right. And the path never
 * changes: the provider reads the path the last deploy recorded when it diffs, and a
 * content-named tarball of an older app/ is gone from a fresh clone (seen through the engine: a
 * region change failed with "Error stating build source path .bundle/app-<old>.tar.gz").
 */
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { BundleError, selectDeployableFiles } from "./bundle-files";
import { APP_DIR, PROJECT_DIR, shownPath } from "./paths";

export interface AppBundle {
  /** The directory, relative to the project root when inside it (posix separators). */
  path: string;
  /** "SHA256:<64 hex>" over the file names and contents: the build's `version`, the outputs' id. */
  checksum: string;
  bytes: number;
  files: number;
  /** Files git would send that the secret deny list kept out (see bundle-files.ts). */
  withheld: string[];
  /** Files of app/ git doesn't track: not sent by `git push`, so not built either. */
  untracked: string[];
}

/** Which files are deployed lives in bundle-files.ts; it is re-exported for the bundle's users. */
export { BundleError, listDeployableFiles } from "./bundle-files";

/**
 * Brings `<outDir>/app/` in line with the deployable files of `appDir`: each file written only
 * when its content or execute bit differs (to a temporary name, then renamed, so a reader never
 * sees half a file), every other file removed. Synchronous because the Pulumi program calls it
 * at top level; processes bundling the same app/ at once write the same bytes.
 */
export function bundleApp(options: { appDir?: string; outDir?: string } = {}): AppBundle {
  const appDir = path.resolve(options.appDir ?? APP_DIR);
  const outDir = path.resolve(options.outDir ?? path.join(PROJECT_DIR, ".bundle"));
  const { files, withheld, untracked } = selectDeployableFiles(appDir);
  if (untracked.includes("package.json")) {
    throw new BundleError(
      `${shownPath(path.join(appDir, "package.json"))} isn't tracked by git, so \`git push heroku\` wouldn't send it, nor does the build: \`git add ${shownPath(appDir)}\``,
    );
  }
  if (!files.includes("package.json")) {
    throw new BundleError(
      `${shownPath(appDir)} has no package.json, so Heroku could not detect a Node.js app`,
    );
  }
  const target = path.join(outDir, "app");
  const hash = createHash("sha256");
  let bytes = 0;
  for (const file of files) {
    const source = path.join(appDir, file);
    const content = fs.readFileSync(source);
    // git tracks only the execute bit; anything else of the mode is the umask's.
    const mode = fs.statSync(source).mode & 0o111 ? 0o755 : 0o644;
    hash.update(`${file}\0${mode === 0o755 ? "x" : "-"}\0${content.length}\0`).update(content);
    bytes += content.length;
    writeIfChanged(target, file, content, mode);
  }
  removeOthers(target, new Set(files));
  return {
    path: shownPath(target),
    checksum: `SHA256:${hash.digest("hex")}`,
    bytes,
    files: files.length,
    withheld,
    untracked,
  };
}

function writeIfChanged(target: string, relative: string, content: Buffer, mode: number): void {
  const file = path.join(target, relative);
  try {
    const current = fs.statSync(file);
    if ((current.mode & 0o777) === mode && fs.readFileSync(file).equals(content)) return;
  } catch {
    // not there yet
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Beside the directory, not in it: a reader of the directory never meets a half-written file.
  const partial = path.join(
    path.dirname(target),
    `.partial-${process.pid}-${randomBytes(6).toString("hex")}`,
  );
  fs.writeFileSync(partial, content, { mode });
  fs.chmodSync(partial, mode); // the umask may have taken bits off
  fs.renameSync(partial, file);
}

/** Removes what the bundle no longer holds, and directories left empty. */
function removeOthers(dir: string, keep: ReadonlySet<string>, relative = ""): void {
  if (!fs.existsSync(path.join(dir, relative))) return;
  for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
    const name = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      removeOthers(dir, keep, name);
      if (fs.readdirSync(path.join(dir, name)).length === 0) fs.rmdirSync(path.join(dir, name));
    } else if (!keep.has(name)) {
      fs.rmSync(path.join(dir, name), { force: true });
    }
  }
}
