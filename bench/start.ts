import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import type { BenchRow } from "./index";
import { PROJECT_DIR } from "../src/program/paths";
import { copyProject } from "../test/support/project-copy";
import { ProgramWorkspace } from "../test/support/pulumi-cli";
import { median } from "./stats";

/**
 * How `pulumi` starts the program: a `pulumi preview` of a new staging stack as a user runs it
 * (Pulumi.yaml's `nodeargs: --require ./tools/register.js`), against the same preview of the
 * program precompiled to JavaScript by `tsc` (the SDK too) and started by plain node — the least
 * any way of running TypeScript can cost. Rows: right after `npm ci` (whose postinstall compiles
 * the program into the hook's cache, tools/warm.js), and after an edit to one of its files (that
 * file compiled on the way). Each is its own copy of the project, with its own node_modules farm.
 */
const RUNS = 7;

export async function benchStart(): Promise<BenchRow[]> {
  const hooked = projectCopy("start-hooked");
  const compiled = projectCopy("start-compiled");
  const workspaces: ProgramWorkspace[] = [];
  try {
    precompile(compiled);
    // One workspace per copy (its Pulumi.yaml with `main` at the copy, a file backend, the Platform
    // API on a port nobody listens on: a preview of new resources asks it nothing).
    const previewOf = (program: string) => {
      const workspace = new ProgramWorkspace(program);
      workspaces.push(workspace);
      workspace.addStack("staging", path.join(program, "Pulumi.staging.yaml"));
      return () => void workspace.ok(["preview", "--stack", "staging"]);
    };
    const preview = { hooked: previewOf(hooked), compiled: previewOf(compiled) };
    const cache = path.join(hooked, "node_modules", ".cache");
    const afterInstall = () => {
      fs.rmSync(cache, { recursive: true, force: true });
      execFileSync(process.execPath, ["tools/warm.js"], { cwd: hooked, stdio: "pipe" });
    };
    const edited = path.join(hooked, "src", "program", "environment.ts");
    const source = fs.readFileSync(edited, "utf8");
    let edits = 0;
    const afterEdit = () => fs.writeFileSync(edited, `${source}\n// edit ${++edits}\n`);

    preview.compiled(); // warm the disk caches and the plugins, for both
    const samples = { compiled: [] as number[], installed: [] as number[], edit: [] as number[] };
    for (let run = 0; run < RUNS; run++) {
      samples.compiled.push(timed(preview.compiled));
      afterInstall();
      samples.installed.push(timed(preview.hooked));
      afterEdit();
      samples.edit.push(timed(preview.hooked));
    }
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const baseline = `precompiled (tsc), plain node: ${seconds(median(samples.compiled))}`;
    return [
      {
        figure: `pulumi preview of a new staging stack after npm ci (median of ${RUNS})`,
        value: seconds(median(samples.installed)),
        baseline,
        ratio: median(samples.installed) / median(samples.compiled),
        goal: { atMost: 1.2 },
        note: "the hook's cache as npm ci's postinstall leaves it (tools/warm.js), the CLI's whole run",
      },
      {
        figure: `the same preview after editing a program file (median of ${RUNS})`,
        value: seconds(median(samples.edit)),
        baseline,
        ratio: median(samples.edit) / median(samples.compiled),
        goal: { atMost: 1.2 },
        note: "the edited file compiled by esbuild on the way; the rest from the cache",
      },
    ];
  } finally {
    for (const workspace of workspaces) workspace.dispose();
    for (const dir of [hooked, compiled]) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A copy of the project whose node_modules is its own directory of links to this checkout's
 * packages: its compile cache (node_modules/.cache) is its own, and @pulumiverse/heroku can be
 * replaced by a compiled one.
 */
function projectCopy(purpose: string): string {
  const { dir } = copyProject(purpose, {
    staging: path.join(PROJECT_DIR, "test", "fixtures", "Pulumi.staging.yaml"),
  });
  const modules = path.join(dir, "node_modules");
  fs.rmSync(modules);
  fs.mkdirSync(modules);
  const real = path.join(PROJECT_DIR, "node_modules");
  for (const entry of fs.readdirSync(real)) {
    if (entry === ".cache") continue;
    fs.symlinkSync(path.join(real, entry), path.join(modules, entry), "dir");
  }
  return dir;
}

/** tsc's JavaScript beside the program's sources, and the SDK compiled in node_modules. */
function precompile(dir: string): void {
  const tsc = path.join(PROJECT_DIR, "node_modules", "typescript", "bin", "tsc");
  const tsconfig = path.join(dir, "tsconfig.precompiled.json");
  fs.writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: "./tsconfig.json",
      compilerOptions: { outDir: ".", noEmit: false, sourceMap: false, declaration: false },
      files: ["index.ts"],
    }),
  );
  execFileSync(process.execPath, [tsc, "-p", tsconfig], { cwd: dir, stdio: "pipe" });

  const sdk = path.join(dir, "node_modules", "@pulumiverse", "heroku");
  fs.rmSync(path.join(dir, "node_modules", "@pulumiverse"));
  fs.mkdirSync(sdk, { recursive: true });
  const source = path.join(PROJECT_DIR, "sdk", "heroku");
  execFileSync(
    process.execPath,
    [
      tsc,
      "-p",
      path.join(source, "tsconfig.json"),
      "--outDir",
      sdk,
      "--declaration",
      "false",
      "--declarationMap",
      "false",
    ],
    { cwd: source, stdio: "pipe" },
  );
  const manifest = JSON.parse(fs.readFileSync(path.join(source, "package.json"), "utf8"));
  fs.writeFileSync(
    path.join(sdk, "package.json"),
    JSON.stringify({ ...manifest, main: "index.js", types: undefined }),
  );

  // Started by plain node: Pulumi.yaml without the hook, package.json's main the compiled file.
  const manifestFile = path.join(dir, "package.json");
  const program = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
  fs.writeFileSync(manifestFile, JSON.stringify({ ...program, main: "index.js" }));
  const project = path.join(dir, "Pulumi.yaml");
  const yaml = parseDocument(fs.readFileSync(project, "utf8"));
  if (!yaml.deleteIn(["runtime", "options", "nodeargs"])) throw new Error("no nodeargs to drop");
  fs.writeFileSync(project, yaml.toString());
}

function timed(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}
