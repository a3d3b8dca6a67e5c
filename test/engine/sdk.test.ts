import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SDK_DIR, generateSdk, sdkFiles } from "../../src/sandbox/engine/sdk";
import { engineToolchain } from "../support/pulumi-cli";

/**
 * sdk/heroku/ is what the real CLI generates from the provider's schema (src/sandbox/engine/sdk.ts),
 * byte for byte: a hand edit, a schema refreshed without `npm run gen-sdk`, or another generator
 * (a CLI of another version) shows here, file by file.
 */

let fresh: string;
let scratch: string;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-test-"));
  fresh = path.join(scratch, "heroku");
  generateSdk(engineToolchain(), fresh);
});

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

test("the committed SDK has the files of a fresh generation, and only those", () => {
  expect(sdkFiles(SDK_DIR)).toEqual(sdkFiles(fresh));
});

test("each file of the committed SDK is the fresh generation's, byte for byte", () => {
  const differing = sdkFiles(fresh).filter((file) => {
    const committed = path.join(SDK_DIR, file);
    return (
      !fs.existsSync(committed) ||
      !fs.readFileSync(committed).equals(fs.readFileSync(path.join(fresh, file)))
    );
  });
  expect(differing).toEqual([]);
});

test("it asks the engine for the Heroku provider 1.0.4, the plugin tools/install-engine.sh installs", () => {
  const json = JSON.parse(fs.readFileSync(path.join(SDK_DIR, "package.json"), "utf8"));
  expect(json).toMatchObject({
    name: "@pulumiverse/heroku",
    version: "1.0.4",
    main: "index.ts",
    pulumi: { name: "heroku", version: "1.0.4", server: "github://api.github.com/pulumiverse" },
  });
});
