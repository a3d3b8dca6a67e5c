/**
 * `npm run bundle`: writes the app's Heroku source tarball under .bundle/ and prints one
 * JSON line describing it, e.g.
 * {"path":".bundle/app-0123456789ab.tar.gz","checksum":"SHA256:…","bytes":12345,"files":9}
 * Files the secret deny list kept out are named on stderr; a bundle that can't be made is one
 * line on stderr and exit status 1. `npm run bundle -- <dir>` bundles another app directory.
 */
import * as nodePath from "node:path";
import { fatalLine } from "./fatal";
import { BundleError, bundleApp } from "../src/program/bundle";
import { APP_DIR, shownPath } from "../src/program/paths";

const appDir = nodePath.resolve(process.argv[2] ?? APP_DIR);
try {
  const { path, checksum, bytes, files, withheld } = bundleApp({ appDir });
  process.stdout.write(`${JSON.stringify({ path, checksum, bytes, files })}\n`);
  for (const file of withheld) {
    const shown = shownPath(nodePath.join(appDir, file));
    process.stderr.write(`bundle: ${shown} not bundled: it may carry credentials or logs\n`);
  }
} catch (error) {
  // A refusal is its message; anything else is unexpected, and one line too.
  process.stderr.write(
    error instanceof BundleError ? `bundle: ${error.message}\n` : fatalLine("bundle", error),
  );
  process.exitCode = 1;
}
