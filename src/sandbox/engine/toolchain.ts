import { spawnSync } from "child_process";
import * as path from "path";
import { PROJECT_DIR } from "../../program/paths";

/**
 * The real Pulumi toolchain as tools/install-engine.sh lays it out: `bin` holds `pulumi` (and the
 * Node.js language host beside it), `home` is the PULUMI_HOME whose plugin cache holds the Heroku
 * and random providers. Everything that runs the real engine (the sandbox, the change plan, the
 * engine tier, the benchmarks) starts from here.
 */
export interface Toolchain {
  bin: string;
  home: string;
}

/** Why there is no toolchain: the installer's exit status (it said why on stderr). */
export class NoToolchain extends Error {
  constructor(
    readonly status: number,
    readonly stderr: string,
  ) {
    super(stderr.trim() || `tools/install-engine.sh exited ${status}`);
    this.name = "NoToolchain";
  }
}

/**
 * Finds (or builds, the first time: minutes) the toolchain. `plugins` also requires what running
 * the program needs (the language host and the providers); without it, the CLI alone. The
 * installer's notes go to `stderr` ("inherit": the terminal; "pipe": kept for the error).
 */
export function findToolchain(plugins: boolean, stderr: "inherit" | "pipe" = "pipe"): Toolchain {
  const installer = path.join(PROJECT_DIR, "tools", "install-engine.sh");
  const result = spawnSync("bash", [installer, ...(plugins ? ["--plugins"] : [])], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", stderr],
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new NoToolchain(result.status ?? 1, result.stderr ?? "");
  const [bin, home] = result.stdout.trim().split("\n");
  return { bin, home };
}

/** The environment that runs this toolchain's CLI with its plugins and nothing fetched. */
export function toolchainEnv(toolchain: Toolchain): NodeJS.ProcessEnv {
  return {
    PATH: `${toolchain.bin}${path.delimiter}${process.env.PATH}`,
    PULUMI_HOME: toolchain.home,
    // Every plugin the program needs is installed: a missing one is an error, never a download.
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_UPDATE_CHECK: "true",
  };
}
