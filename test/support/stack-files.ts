import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * Writes a stack file (`Pulumi.<stack>.yaml`) into a scratch directory; returns its path. A
 * staging stack file goes beside it, so the default `pipelineStack: staging` names a stack of the
 * project wherever the shipped stack files stand.
 */
export function writeStackFile(stack: string, yaml: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-"));
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
