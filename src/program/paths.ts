import * as path from "path";

/** The project's root (Pulumi.yaml, package.json), from this file rather than the cwd. */
export const PROJECT_DIR = path.resolve(__dirname, "..", "..");

/** The sample app every stack deploys: its Procfile, package.json and sources. */
export const APP_DIR = path.join(PROJECT_DIR, "app");

/** A path as messages show it: relative to the project (posix) when inside it, else absolute. */
export function shownPath(file: string): string {
  const relative = path.relative(PROJECT_DIR, file);
  const outside = relative === ".." || relative.startsWith(`..${path.sep}`);
  const inside = relative !== "" && !outside && !path.isAbsolute(relative);
  return inside ? relative.split(path.sep).join("/") : file;
}
