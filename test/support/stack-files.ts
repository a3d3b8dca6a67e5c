import { scratchDirs } from "./scratch";
import * as fs from "fs";
import * as path from "path";

/**
 * Writes a stack file (`Pulumi.<stack>.yaml`) into a scratch directory; returns its path. A
 * staging stack file goes beside it, so the default `pipelineStack: staging` names a stack of the
 * project wherever the shipped stack files stand.
 */
/** Removed when the test file that wrote them is done (registered as that file loads this one). */
const scratchDir = scratchDirs();

export function writeStackFile(stack: string, yaml: string | Buffer): string {
  const dir = scratchDir("stack-");
  const file = path.join(dir, `Pulumi.${stack}.yaml`);
  fs.writeFileSync(file, yaml);
  if (stack !== "staging") {
    fs.writeFileSync(
      path.join(dir, "Pulumi.staging.yaml"),
      "config:\n  heroku-app:stage: staging\n",
    );
  }
  return file;
}
