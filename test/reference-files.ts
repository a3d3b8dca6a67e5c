import * as fs from "fs";
import * as path from "path";

/**
 * Reference data that lives outside the repo (`../shared/`: the provider schema, the CLI's
 * project schema). An environment variable may point elsewhere (a GitHub workflow can fetch the
 * provider's published schema). Under CI a missing file is a failure; elsewhere the suite is
 * skipped with a message saying why.
 */
export function referenceFile(envVar: string, relative: string): string {
  return process.env[envVar] ?? path.resolve(__dirname, "..", "..", "shared", relative);
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
