import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_DIR } from "../../program/paths";
import { toolchainEnv } from "./toolchain";
import type { Toolchain } from "./toolchain";

/**
 * `sdk/heroku/`, the `@pulumiverse/heroku` the program imports: the Node.js SDK the real CLI
 * generates from the provider's schema (`pulumi package gen-sdk`, Pulumi's local-package route),
 * committed so that `npm ci` and `npm test` need no CLI. `npm run gen-sdk` writes it; the engine
 * tier holds the committed copy to a fresh generation (test/engine/sdk.test.ts).
 *
 * The generator leaves its package.json for a build that publishes compiled JavaScript; three
 * things are finished here, as the published package's own build does them or because this
 * project compiles the TypeScript in place (tsc, and tools/transpile.js for jest, the tools and
 * `pulumi` all read it as source):
 * - `version` and `pulumi.version`: the schema carries no version, the generator writes
 *   `${VERSION}`; every resource asks the engine for the provider at this version, and
 *   tools/install-engine.sh installs the plugin it names;
 * - `main` and `types`: `index.ts`, the source itself;
 * - `scripts` and `devDependencies` dropped: they build and type-check the published package,
 *   which nothing here does (and npm would otherwise install a second TypeScript for them).
 */

export const SDK_DIR = path.join(PROJECT_DIR, "sdk", "heroku");
export const PROVIDER_SCHEMA = path.join(
  PROJECT_DIR,
  "reference",
  "heroku-provider",
  "schema.json",
);
/** The provider release the schema is from (reference/README.md) and the engine installs. */
export const PROVIDER_VERSION = "1.0.4";

/** Generates the SDK into `out` (a directory that must not exist yet). */
export function generateSdk(toolchain: Toolchain, out: string): void {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "gen-sdk-"));
  try {
    execFileSync(
      "pulumi",
      ["package", "gen-sdk", PROVIDER_SCHEMA, "--language", "nodejs", "--out", scratch],
      {
        env: { ...process.env, ...toolchainEnv(toolchain) },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const generated = path.join(scratch, "nodejs");
    finishPackageJson(path.join(generated, "package.json"));
    fs.cpSync(generated, out, { recursive: true, errorOnExist: true, force: false });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim();
    if (stderr !== "") throw new Error(`pulumi package gen-sdk: ${stderr}`, { cause: error });
    throw error;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function finishPackageJson(file: string): void {
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown> & {
    pulumi: Record<string, unknown>;
  };
  json.version = PROVIDER_VERSION;
  json.pulumi.version = PROVIDER_VERSION;
  json.main = "index.ts";
  json.types = "index.ts";
  delete json.scripts;
  delete json.devDependencies;
  // The generator's own layout: four spaces, a final newline.
  fs.writeFileSync(file, `${JSON.stringify(json, null, 4)}\n`);
}

/** Every file under `dir`, relative, sorted: what two generations are compared by. */
export function sdkFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}
