/**
 * `npm run gen-sdk`: writes sdk/heroku/ (the `@pulumiverse/heroku` the program imports) afresh
 * from reference/heroku-provider/schema.json with the real CLI's `pulumi package gen-sdk`
 * (src/sandbox/engine/sdk.ts says what is finished after it). Run it when the schema changes,
 * then commit sdk/heroku/; the engine tier fails while the committed copy differs.
 */
import * as fs from "fs";
import { fatalLine } from "./fatal";
import { shownPath } from "../src/program/paths";
import { SDK_DIR, generateSdk, sdkFiles } from "../src/sandbox/engine/sdk";
import { NoToolchain, findToolchain } from "../src/sandbox/engine/toolchain";

try {
  const toolchain = findToolchain(false, "inherit");
  const next = `${SDK_DIR}.next`;
  fs.rmSync(next, { recursive: true, force: true });
  generateSdk(toolchain, next);
  // Swapped in whole: a generation that failed half-way leaves the committed SDK as it was.
  fs.rmSync(SDK_DIR, { recursive: true, force: true });
  fs.renameSync(next, SDK_DIR);
  process.stdout.write(
    `gen-sdk: wrote ${sdkFiles(SDK_DIR).length} files to ${shownPath(SDK_DIR)}/\n`,
  );
} catch (error) {
  if (error instanceof NoToolchain) {
    process.stderr.write("gen-sdk: needs the Pulumi CLI (see above)\n");
    process.exitCode = 2;
  } else {
    process.stderr.write(fatalLine("gen-sdk", error));
    process.exitCode = 1;
  }
}
