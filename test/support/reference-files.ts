import * as fs from "fs";
import * as path from "path";

/**
 * Reference data copied into the repo (`reference/`, with where each file came from). An
 * environment variable may point elsewhere, e.g. at a newer upstream file to compare with.
 */
export function referenceFile(envVar: string, relative: string): string {
  return process.env[envVar] ?? path.resolve(__dirname, "..", "..", "reference", relative);
}

/** A suite over a reference file; a missing file fails it (the files are in the repo). */
export function describeWithReference(file: string, name: string, body: () => void): void {
  if (!fs.existsSync(file)) {
    describe(name, () =>
      test("finds its reference file", () => expect(file).toBe("an existing file")),
    );
  } else {
    describe(name, body);
  }
}
