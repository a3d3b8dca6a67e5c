import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { bundleApp, listDeployableFiles } from "../../src/program/bundle";
import { PROJECT_DIR } from "../../src/program/paths";
import { runTool } from "../support/project-copy";
import { scratchDirs } from "../support/scratch";
import { TYPESCRIPT_NODE_ARGS } from "../support/typescript-node";

/**
 * The bundle from processes of its own (the processes tier, test/tiers.js): `npm run bundle` as a
 * user and CI start it — one JSON line, or one line of error and exit 1 — and several processes
 * bundling into one directory at once, as two `pulumi` runs in one checkout do. What the bundle
 * holds is tested in-process (bundle.test.ts, bundle-files.test.ts).
 */

const scratch = scratchDirs();

/** An app directory: package.json, a Procfile, the given files (content: the file's name). */
function app(files: string[] = []): string {
  const dir = path.join(scratch("bundle-process-"), "app");
  for (const file of ["package.json", "Procfile", "src/index.js", "bin/migrate", ...files]) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), file === "package.json" ? "{}\n" : `${file}\n`);
  }
  fs.chmodSync(path.join(dir, "bin", "migrate"), 0o755);
  return dir;
}

/** `npm run bundle [appDir]`'s entry point, from the project folder. */
const bundleProcess = (...args: string[]) => runTool(PROJECT_DIR, "bundle.ts", args);

describe("npm run bundle", () => {
  test("prints exactly one JSON line describing the directory it wrote", async () => {
    const run = await bundleProcess();
    expect({ status: run.status, err: run.err }).toEqual({ status: 0, err: "" });
    const lines = run.out.split("\n").filter(Boolean);
    expect(lines).toHaveLength(1);
    const printed = JSON.parse(lines[0]);
    expect(Object.keys(printed)).toEqual(["path", "checksum", "bytes", "files"]);
    const { withheld, untracked, ...described } = bundleApp();
    expect(printed).toEqual(described);
    expect(withheld).toEqual([]);
    expect(untracked).toEqual([]);
  });

  test("a file left out is named on stderr; a symlink is one line and exit 1, no stack trace", async () => {
    const dir = app([".npmrc"]);
    const ok = await bundleProcess(dir);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.out).files).toBe(4);
    expect(ok.err).toMatch(
      /^bundle: \S*app\/\.npmrc not bundled: it may carry credentials or logs\n$/,
    );

    fs.symlinkSync("index.js", path.join(dir, "src", "alias.js"));
    const failed = await bundleProcess(dir);
    expect({ status: failed.status, out: failed.out }).toEqual({ status: 1, out: "" });
    expect(failed.err).toMatch(/^bundle: \S*src\/alias\.js is a symbolic link; [^\n]*\n$/);
  });

  test("an app directory that isn't there, or isn't a directory: one line, exit 1", async () => {
    const dir = app();
    for (const [given, what] of [
      [path.join(dir, "missing"), "doesn't exist"],
      [path.join(dir, "package.json"), "is not a directory"],
    ]) {
      const run = await bundleProcess(given);
      expect({ status: run.status, out: run.out }).toEqual({ status: 1, out: "" });
      expect(run.err).toMatch(
        new RegExp(
          `^bundle: \\S*${path.basename(given)} ${what}: the app to bundle is a directory holding its package\\.json \\(app/ by default\\)\\n$`,
        ),
      );
    }
  });
});

test("several processes bundling at once all produce the same, complete directory", async () => {
  const dir = app();
  const outDir = scratch("bundle-process-out-");
  const expected = bundleApp({ appDir: dir, outDir: scratch("bundle-process-alone-") }).checksum;
  const results = await Promise.all([1, 2, 3, 4].map(() => bundleInChild(dir, outDir)));
  expect(results.map((result) => result.checksum)).toEqual([
    expected,
    expected,
    expected,
    expected,
  ]);
  expect(fs.readdirSync(outDir)).toEqual(["app"]); // no temporary files left beside it
  const bundled = fs
    .readdirSync(path.join(outDir, "app"), { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) =>
      path.relative(path.join(outDir, "app"), path.join(entry.parentPath, entry.name)),
    )
    .sort();
  expect(bundled).toEqual(listDeployableFiles(dir));
});

/**
 * Runs bundleApp repeatedly in a separate Node process (TypeScript loaded as the npm scripts load
 * it), so that the children's writes overlap; answers the last result, after checking they agree.
 */
function bundleInChild(
  appDir: string,
  outDir: string,
): Promise<{ path: string; checksum: string }> {
  const script = `
    const { bundleApp } = require(${JSON.stringify(path.join(PROJECT_DIR, "src", "program", "bundle.ts"))});
    const [appDir, outDir] = process.argv.slice(1);
    const results = Array.from({ length: 25 }, () => bundleApp({ appDir, outDir }));
    if (new Set(results.map((result) => result.checksum)).size !== 1) process.exit(3);
    process.stdout.write(JSON.stringify(results[0]));`;
  const child = spawn(process.execPath, [...TYPESCRIPT_NODE_ARGS, "-e", script, appDir, outDir], {
    cwd: PROJECT_DIR,
  });
  let stdout = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.pipe(process.stderr);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`child exited ${code}`)),
    );
  });
}
