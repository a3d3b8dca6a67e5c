/**
 * `npm run bundle`: brings the app's Heroku build source, the directory .bundle/app/, in line
 * with app/ and prints one JSON line describing it, e.g.
 * {"path":".bundle/app","checksum":"SHA256:…","bytes":12345,"files":9}
 * Files left out (the secret deny list's, and files git doesn't track) are named on stderr; a
 * bundle that can't be made is one line on stderr and exit status 1. `npm run bundle -- <dir>`
 * bundles another app directory.
 */
import * as nodePath from "node:path";
import { fatalLine } from "./fatal";
import { BundleError, bundleApp } from "../src/program/bundle";
import { APP_DIR, shownPath } from "../src/program/paths";

const appDir = nodePath.resolve(process.argv[2] ?? APP_DIR);
try {
  const { path, checksum, bytes, files, withheld, untracked } = bundleApp({ appDir });
  process.stdout.write(`${JSON.stringify({ path, checksum, bytes, files })}\n`);
  const shown = (file: string) => shownPath(nodePath.join(appDir, file));
  for (const file of withheld) {
    process.stderr.write(`bundle: ${shown(file)} not bundled: it may carry credentials or logs\n`);
  }
  for (const file of untracked) {
    process.stderr.write(`bundle: ${shown(file)} not bundled: git doesn't track it (git add it)\n`);
  }
} catch (error) {
  // A refusal is its message; anything else is unexpected, and one line too.
  process.stderr.write(
    error instanceof BundleError ? `bundle: ${error.message}\n` : fatalLine("bundle", error),
  );
  process.exitCode = 1;
}
