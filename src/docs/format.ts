import { spawnSync } from "child_process";
import * as path from "path";
import { PROJECT_DIR } from "../program/paths";

/**
 * `content` as Prettier formats the file at `filePath` (what `npm run lint` checks), with the
 * project's config. In a process: Prettier 3 loads its plugins with a dynamic import, which jest's
 * module registry can't do, and the tests check generated pages with this same function.
 */
export function prettierFormat(content: string, filePath: string): string {
  const prettier = path.join(PROJECT_DIR, "node_modules", "prettier", "bin", "prettier.cjs");
  const run = spawnSync(process.execPath, [prettier, "--stdin-filepath", filePath], {
    input: content,
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout;
}
