import { spawnSync } from "child_process";
import { parseDocument } from "yaml";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_DIR } from "../../src/program/paths";
import { findToolchain, toolchainEnv } from "../../src/sandbox/engine/toolchain";
import type { Toolchain } from "../../src/sandbox/engine/toolchain";

/**
 * The real Pulumi CLI, for the engine tier: tools/install-engine.sh finds it (PATH, or the cache it
 * builds into from the Go module proxy) with its language host and providers. Each workspace is a
 * throwaway project directory with its own HOME, a file backend and a passphrase secrets provider,
 * so a test touches nothing of the user's and leaves nothing behind; the plugins come from the
 * project's PULUMI_HOME, never downloaded.
 */

let found: Toolchain | undefined;

/** The toolchain, building the CLI first if need be (minutes, once per machine). */
export function engineToolchain(): Toolchain {
  // Its notes went to the terminal once already, from tools/test-engine.sh; a failure still shows.
  found ??= findToolchain(true);
  return found;
}

/** The directory holding `pulumi`. */
export function pulumiBinDir(): string {
  return engineToolchain().bin;
}

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export class PulumiWorkspace {
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-cli-"));
  readonly projectDir = path.join(this.root, "project");

  /** A project directory holding `Pulumi.yaml` (the repo's, unless given). */
  constructor(projectYaml = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8")) {
    fs.mkdirSync(this.projectDir);
    fs.mkdirSync(path.join(this.root, "state"));
    fs.writeFileSync(path.join(this.projectDir, "Pulumi.yaml"), projectYaml);
  }

  get env(): NodeJS.ProcessEnv {
    return {
      ...toolchainEnv(engineToolchain()),
      HOME: this.root,
      PULUMI_BACKEND_URL: `file://${path.join(this.root, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "engine-tier-passphrase",
      NO_COLOR: "1",
    };
  }

  /** Runs `pulumi <args>` in the project directory; never throws on a non-zero exit. */
  run(args: string[]): CliResult {
    const result = spawnSync("pulumi", [...args, "--non-interactive"], {
      cwd: this.projectDir,
      env: this.env,
      encoding: "utf8",
      timeout: 120_000,
    });
    if (result.error) throw result.error;
    return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  }

  /** Runs `pulumi <args>` and returns stdout, throwing with stderr on failure. */
  ok(args: string[]): string {
    const result = this.run(args);
    if (result.status !== 0) {
      throw new Error(`pulumi ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
    }
    return result.stdout;
  }

  stackFile(stack: string): string {
    return path.join(this.projectDir, `Pulumi.${stack}.yaml`);
  }

  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * A workspace that runs this project's program: its Pulumi.yaml is the project's with `main`
 * pointing at the project (as the sandbox's is), the program compiles with its own tsconfig, and
 * the Heroku provider is pointed at a port nobody listens on — a preview of new resources asks
 * the Platform API nothing, and anything that did ask would fail rather than reach Heroku.
 */
export class ProgramWorkspace extends PulumiWorkspace {
  constructor() {
    const project = parseDocument(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8"));
    project.set("main", PROJECT_DIR);
    super(project.toString());
  }

  override get env(): NodeJS.ProcessEnv {
    return {
      ...super.env,
      HEROKU_API_URL: "http://127.0.0.1:9",
      HEROKU_API_KEY: "engine-tier-key",
    };
  }

  /** A stack of this workspace, its file copied from `stackFile`. */
  addStack(stack: string, stackFile: string): void {
    fs.copyFileSync(stackFile, this.stackFile(stack));
    this.ok(["stack", "init", stack, "--secrets-provider", "passphrase"]);
  }
}
