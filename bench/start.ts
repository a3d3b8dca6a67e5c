import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseDocument } from "yaml";
import type { BenchRow } from "./index";
import { PROJECT_DIR } from "../src/program/paths";
import { findToolchain, toolchainEnv } from "../src/sandbox/engine/toolchain";
import { copyProject } from "../test/support/project-copy";
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
  const toolchain = findToolchain(true);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-start-"));
  const hooked = projectCopy("start-hooked");
  const compiled = projectCopy("start-compiled");
  try {
    precompile(compiled);
    const preview = workspaces(root, toolchain, { hooked, compiled });
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
    for (const dir of [root, hooked, compiled]) fs.rmSync(dir, { recursive: true, force: true });
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

/** One workspace per copy: its Pulumi.yaml with `main` at the copy, a file backend. */
function workspaces(
  root: string,
  toolchain: ReturnType<typeof findToolchain>,
  copies: { hooked: string; compiled: string },
): { hooked: () => void; compiled: () => void } {
  const pulumi = path.join(toolchain.bin, "pulumi");
  const make = (name: string, program: string) => {
    const dir = path.join(root, name);
    fs.mkdirSync(path.join(dir, "state"), { recursive: true });
    const project = parseDocument(fs.readFileSync(path.join(program, "Pulumi.yaml"), "utf8"));
    project.set("main", program);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), project.toString());
    fs.copyFileSync(
      path.join(program, "Pulumi.staging.yaml"),
      path.join(dir, "Pulumi.staging.yaml"),
    );
    const env = {
      ...process.env,
      ...toolchainEnv(toolchain),
      PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "bench",
      // A port nobody listens on: a preview of new resources asks the Platform API nothing.
      HEROKU_API_URL: "http://127.0.0.1:9",
      HEROKU_API_KEY: "bench",
    };
    const cli = (args: string[]) => {
      const run = spawnSync(pulumi, [...args, "--non-interactive"], { cwd: dir, env });
      if (run.status !== 0)
        throw new Error(`pulumi ${args.join(" ")} (${name}):\n${run.stdout}${run.stderr}`);
    };
    cli(["stack", "init", "staging", "--secrets-provider", "passphrase"]);
    return () => {
      cli(["preview", "--stack", "staging"]);
    };
  };
  return { hooked: make("hooked", copies.hooked), compiled: make("compiled", copies.compiled) };
}

function timed(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}
