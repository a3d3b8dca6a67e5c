import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/**
 * Reference data that lives outside the repo (`../shared/`: the provider schema, the CLI's
 * project schema), beside this checkout or beside the one it was cloned from. An environment
 * variable may point elsewhere (a GitHub workflow can fetch the
 * provider's published schema). Under CI a missing file is a failure; elsewhere the suite is
 * skipped with a message saying why.
 */
export function referenceFile(envVar: string, relative: string): string {
  const explicit = process.env[envVar];
  if (explicit !== undefined) return explicit;
  const besideRepo = path.resolve(__dirname, "..", "..", "..", "shared", relative);
  if (fs.existsSync(besideRepo)) return besideRepo;
  // A scratch clone (`git clone . /tmp/x`) finds it beside the checkout it was cloned from.
  const origin = localOrigin();
  const besideOrigin = origin && path.resolve(origin, "..", "shared", relative);
  return besideOrigin && fs.existsSync(besideOrigin) ? besideOrigin : besideRepo;
}

function localOrigin(): string | undefined {
  try {
    const url = execFileSync("git", ["config", "--get", "remote.origin.url"], {
      cwd: path.resolve(__dirname, "..", ".."),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    return url.startsWith("/") && fs.existsSync(url) ? url : undefined;
  } catch {
    return undefined; // not a git checkout, or no origin
  }
}

const IN_CI = ["true", "1"].includes(process.env.CI ?? "");

export function describeWithReference(file: string, name: string, body: () => void): void {
  if (fs.existsSync(file)) {
    describe(name, body);
  } else if (IN_CI) {
    describe(name, () => {
      test("finds its reference file", () => {
        throw new Error(`${file} not found (required under CI)`);
      });
    });
  } else {
    console.warn(`${name}: skipped, no reference file at ${file}`);
    describe(name, () => test.skip(`needs ${file}`, () => undefined));
  }
}
