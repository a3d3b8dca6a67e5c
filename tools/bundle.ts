/**
 * `npm run bundle`: writes the app's Heroku source tarball under .bundle/ and prints one
 * JSON line describing it, e.g.
 * {"path":".bundle/app-0123456789ab.tar.gz","checksum":"SHA256:…","bytes":12345,"files":9}
 */
import { bundleApp } from "../src/program/bundle";

const { path, checksum, bytes, files } = bundleApp();
process.stdout.write(`${JSON.stringify({ path, checksum, bytes, files })}\n`);
