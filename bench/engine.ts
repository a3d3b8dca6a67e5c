import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { BenchRow } from "./index";
import { PROJECT_DIR } from "../src/program/paths";
import { findToolchain, toolchainEnv } from "../src/sandbox/engine/toolchain";
import { loadStackFile } from "../src/stack-files/load";
import { median } from "./stats";

/**
 * The engine tier's costs. The offline stack-file loader is a model of the Pulumi CLI, kept only
 * because it is faster than asking the CLI (test/engine holds it to the CLI): this measures by how
 * much. And tools/install-engine.sh's cached path, which every engine run and sandbox command
 * takes, against the bare `pulumi version` it ends in.
 */
export async function benchEngine(): Promise<BenchRow[]> {
  const installer = path.join(PROJECT_DIR, "tools", "install-engine.sh");
  const toolchain = findToolchain(true);
  const pulumi = path.join(toolchain.bin, "pulumi");
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-engine-"));
  try {
    const project = path.join(root, "project");
    fs.mkdirSync(project);
    fs.mkdirSync(path.join(root, "state"));
    fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(project, "Pulumi.yaml"));
    fs.copyFileSync(
      path.join(PROJECT_DIR, "test", "fixtures", "Pulumi.staging.yaml"),
      path.join(project, "Pulumi.staging.yaml"),
    );
    const env = {
      ...process.env,
      ...toolchainEnv(toolchain),
      PULUMI_BACKEND_URL: `file://${path.join(root, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "bench",
    };
    const cli = (args: string[]) =>
      execFileSync(pulumi, [...args, "--non-interactive"], { cwd: project, env, stdio: "pipe" });
    cli(["stack", "init", "staging", "--secrets-provider", "passphrase"]);

    const runs = 7;
    const loader = timed(runs, () => loadStackFile("staging", project));
    const config = timed(runs, () => cli(["config", "--json", "--stack", "staging"]));
    const cached = timed(runs, () =>
      execFileSync("bash", [installer, "--plugins"], { stdio: "pipe" }),
    );
    const version = timed(runs, () => cli(["version"]));
    return [
      {
        figure: `read a stack file offline (median of ${runs})`,
        value: `${loader.toFixed(1)} ms`,
        baseline: `pulumi config --json: ${config.toFixed(0)} ms`,
        ratio: loader / config,
        goal: { atMost: 0.1 },
        note: "the loader is a model of the CLI's reading; it stays only while it is this much faster",
      },
      {
        figure: `install-engine.sh, cached (median of ${runs})`,
        value: `${cached.toFixed(0)} ms`,
        baseline: `pulumi version: ${version.toFixed(0)} ms`,
        ratio: cached / version,
        goal: { atMost: 3 },
        note: "what every engine test run and sandbox command pays before the CLI starts",
      },
    ];
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function timed(runs: number, run: () => unknown): number {
  run(); // warm: the first run pays for disk caches, not for the work
  const samples: number[] = [];
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  return median(samples);
}
