/**
 * The app's Heroku source bundle: a gzipped tarball of what `git push heroku` would send,
 * byte-for-byte the same on every machine and every run while app/ is unchanged.
 *
 * Why byte-stable: the Heroku provider hashes the tarball on every preview and rebuilds
 * the app when the hash moves. Mtimes, umask, owners or directory order leaking into the
 * archive would make every `pulumi up` on a fresh clone (or a teammate's laptop) deploy.
 */
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as tar from "tar";
import { BundleError, selectDeployableFiles } from "./bundle-files";
import { MAX_SLUG_BYTES } from "./heroku-rules";
import { APP_DIR, PROJECT_DIR, shownPath } from "./paths";

export interface AppBundle {
  /** The tarball, relative to the project root when inside it (posix separators). */
  path: string;
  /** "SHA256:<64 hex>" of the tarball bytes. */
  checksum: string;
  bytes: number;
  files: number;
  /** Files git would send that the secret deny list kept out (see bundle-files.ts). */
  withheld: string[];
}

/**
 * Same fixed date as `npm pack`, for the same reason: any constant works for
 * reproducibility, but tools that go through zip cannot represent dates before 1980.
 */
export const BUNDLE_MTIME = new Date("1985-10-26T08:15:00.000Z");

/** Which files are deployed lives in bundle-files.ts; it is re-exported for the bundle's users. */
export { BundleError, listDeployableFiles } from "./bundle-files";

/**
 * Writes the bundle of `appDir` into `outDir` as `app-<first 12 hex of its SHA-256>.tar.gz`.
 * Synchronous because the Pulumi program calls it at top level. Safe to run from several
 * processes at once: each writes its own temporary file, then renames it into place.
 * A relative `appDir`/`outDir` is resolved against the current directory.
 */
export function bundleApp(
  options: { appDir?: string; outDir?: string; maxBytes?: number } = {},
): AppBundle {
  const appDir = path.resolve(options.appDir ?? APP_DIR);
  const outDir = path.resolve(options.outDir ?? path.join(PROJECT_DIR, ".bundle"));
  const { files, withheld } = selectDeployableFiles(appDir);
  if (!files.includes("package.json")) {
    throw new BundleError(
      `${shownPath(appDir)} has no package.json, so Heroku could not detect a Node.js app`,
    );
  }

  fs.mkdirSync(outDir, { recursive: true });
  const temporary = path.join(outDir, `.app-${process.pid}-${randomBytes(6).toString("hex")}.tmp`);
  try {
    writeTarball(appDir, files, temporary);
    const tarball = fs.readFileSync(temporary);
    const maxBytes = options.maxBytes ?? MAX_SLUG_BYTES;
    if (tarball.length > maxBytes) {
      throw new BundleError(
        `the bundle of ${shownPath(appDir)} is ${size(tarball.length)} compressed, over Heroku's ${size(maxBytes)} slug limit, so it could never deploy; leave the large files out with .slugignore or .gitignore`,
      );
    }
    const hex = createHash("sha256").update(tarball).digest("hex");
    const destination = path.join(outDir, `app-${hex.slice(0, 12)}.tar.gz`);
    fs.renameSync(temporary, destination); // atomic: readers never see a partial file
    return {
      path: shownPath(destination),
      checksum: `SHA256:${hex}`,
      bytes: tarball.length,
      files: files.length,
      withheld,
    };
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * A gzipped tar of `files` (relative to `appDir`) at the archive's top level, as
 * Heroku's Build API expects: package.json at the root, no leading `app/`.
 *
 * What keeps it reproducible:
 * - entries in the order given (sorted by selectDeployableFiles), files only: no directory
 *   entries, whose modes and order would be one more thing to normalise;
 * - `portable`: no uid, gid, user or group names, atime or ctime;
 * - `mtime`: one fixed date for every entry;
 * - modes normalised to 0644, or 0755 when any execute bit is set (git only tracks that
 *   bit, and the umask otherwise leaks in, e.g. 0664 under umask 002);
 * - gzip header: Node's zlib writes mtime 0 but puts the platform's OS code in byte 9
 *   (3 on Linux, another value on macOS), so the same files would hash differently per OS.
 *   tar's `portable` makes minizlib overwrite it with 255 ("unknown", RFC 1952).
 * The deflate stream itself comes from the zlib bundled with Node: it is stable for a
 * given Node release; a different zlib could in principle compress differently.
 */
function writeTarball(appDir: string, files: string[], file: string): void {
  tar.c(
    {
      sync: true,
      file,
      cwd: appDir,
      gzip: { level: 9 },
      portable: true,
      mtime: BUNDLE_MTIME,
      strict: true,
      // A file with another hard link in the bundle is written in full, exactly like a copy,
      // instead of as a tar hard-link entry pointing at the other name.
      linkCache: new NoHardLinks(),
      onWriteEntry(entry) {
        const stat = entry.stat;
        if (stat) stat.mode = (stat.mode & ~0o7777) | (stat.mode & 0o111 ? 0o755 : 0o644);
      },
    },
    files,
  );
}

/** node-tar writes a hard link when its link cache knows the inode: this one never does. */
class NoHardLinks extends Map<`${number}:${number}`, string> {
  override get(): string | undefined {
    return undefined;
  }
}
