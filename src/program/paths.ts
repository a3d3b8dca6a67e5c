import * as path from "path";

/** The project's root (Pulumi.yaml, package.json), from this file rather than the cwd. */
export const PROJECT_DIR = path.resolve(__dirname, "..", "..");

/** The sample app every stack deploys: its Procfile, package.json and sources. */
export const APP_DIR = path.join(PROJECT_DIR, "app");
