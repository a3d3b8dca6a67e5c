import { spawnSync } from "child_process";
import * as path from "path";
import { PROJECT_DIR } from "./paths";

/** Prettier's own formatting of a Markdown text (as `npm run lint` would see it). */
export function prettierFormat(content: string, file: string): string {
  const prettier = path.join(PROJECT_DIR, "node_modules", "prettier", "bin", "prettier.cjs");
  const run = spawnSync(
    process.execPath,
    [prettier, "--stdin-filepath", path.join(PROJECT_DIR, "plans", file)],
    {
      input: content,
      encoding: "utf8",
    },
  );
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout;
}
