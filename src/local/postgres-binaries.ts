import * as fs from "fs";
import * as path from "path";

/**
 * Where PostgreSQL's server binaries are, or the one line saying how to install them: the
 * throwaway clusters (postgres.ts) need them, and tools/install-postgres.sh asks here whether
 * this machine has them.
 */

/** What the cluster needs; Debian keeps them in /usr/lib/postgresql/<major>/bin, off PATH. */
export const SERVER_BINARIES = ["initdb", "postgres"] as const;
export const VERSIONED_BIN_ROOTS = ["/usr/lib/postgresql"];
export const INSTALL_COMMAND = "sudo bash tools/install-postgres.sh";
export const MISSING_MESSAGE =
  `PostgreSQL's server binaries (${SERVER_BINARIES.join(", ")}) are not on PATH nor in ` +
  `${VERSIONED_BIN_ROOTS.map((root) => `${root}/<version>/bin`).join(", ")}: install them with ` +
  `\`${INSTALL_COMMAND}\` (Debian/Ubuntu: apt-get install -y postgresql; macOS: brew install postgresql)`;
export class PostgresMissingError extends Error {
  override name = "PostgresMissingError";
  constructor() {
    super(MISSING_MESSAGE);
  }
}

/** The first directory with every server binary: PATH, then the newest versioned dir. */
export function findPostgresBinDir(
  searchPath = process.env.PATH ?? "",
  roots: readonly string[] = VERSIONED_BIN_ROOTS,
): string | undefined {
  const versioned = roots.flatMap((root) => {
    const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+/.test(v)) : [];
    return versions
      .sort((a, b) => parseFloat(b) - parseFloat(a))
      .map((version) => path.join(root, version, "bin"));
  });
  const dirs = [...searchPath.split(path.delimiter).filter((dir) => dir !== ""), ...versioned];
  return dirs.find((dir) => SERVER_BINARIES.every((name) => isExecutable(path.join(dir, name))));
}

export function requirePostgresBinDir(searchPath?: string, roots?: readonly string[]): string {
  const dir = findPostgresBinDir(searchPath, roots);
  if (dir === undefined) throw new PostgresMissingError();
  return dir;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
