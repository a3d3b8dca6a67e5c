import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Writes a stack file (`Pulumi.<stack>.yaml`) into a scratch directory; returns its path. */
export function writeStackFile(stack: string, yaml: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-"));
  const file = path.join(dir, `Pulumi.${stack}.yaml`);
  fs.writeFileSync(file, yaml);
  return file;
}
