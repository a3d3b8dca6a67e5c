import { spawnSync } from "child_process";
import * as path from "path";
import { PROJECT_DIR } from "./paths";

/** Prettier's own formatting of a Markdown snapshot in plans/ (as `npm run lint` would see it). */
export function prettierFormat(content: string, file: string): string {
  return prettierFormatAs(content, path.join(PROJECT_DIR, "plans", file));
}

/**
 * Prettier's formatting of `content` as the file at `filePath`. In a process: Prettier 3 loads its
 * plugins with a dynamic import, which jest's module registry can't do.
 */
export function prettierFormatAs(content: string, filePath: string): string {
  const prettier = path.join(PROJECT_DIR, "node_modules", "prettier", "bin", "prettier.cjs");
  const run = spawnSync(process.execPath, [prettier, "--stdin-filepath", filePath], {
    input: content,
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout;
}
