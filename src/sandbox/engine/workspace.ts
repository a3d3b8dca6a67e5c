import { execFileSync, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { PROJECT_DIR } from "../../program/paths";
import { readProject } from "../../stack-files/load";
import { toolchainEnv } from "./toolchain";
import type { Toolchain } from "./toolchain";

/**
 * The sandbox's Pulumi workspace: the real CLI, run against the sandbox's Platform API, with
 * state and stack files of its own so nothing of the user's is read or written but the program.
 *
 * - `<root>/project/Pulumi.yaml` is the project's, with `main` pointing back at the program, so
 *   the CLI's stack files (`Pulumi.<stack>.yaml`, with the sandbox's encryption salt and
 *   stand-in secrets) live there, never beside the user's;
 * - `<root>/state` is a file backend, and the secrets provider a passphrase everybody knows: the
 *   sandbox holds no real secret;
 * - HEROKU_API_URL and HEROKU_API_KEY point the Heroku provider at the sandbox's API.
 */

/** The sandbox's passphrase: public on purpose, the sandbox holds stand-ins, never real secrets. */
export const SANDBOX_PASSPHRASE = "heroku-app-sandbox";

export interface SandboxApi {
  url: string;
  key: string;
}

export class SandboxWorkspace {
  readonly projectDir: string;
  readonly stateDir: string;

  /**
   * @param root the sandbox's directory (`.sandbox/engine`)
   * @param program the project whose program the sandbox runs
   * @param stacks where the user's stack files are (the project's, or a test's fixtures)
   */
  constructor(
    readonly root: string,
    private readonly api: SandboxApi,
    private readonly toolchain: Toolchain,
    readonly program = PROJECT_DIR,
    readonly stacks = program,
  ) {
    this.projectDir = path.join(root, "project");
    this.stateDir = path.join(root, "state");
    fs.mkdirSync(this.projectDir, { recursive: true });
    fs.mkdirSync(this.stateDir, { recursive: true });
  }

  /**
   * The sandbox project's Pulumi.yaml, pointing at this workspace's program: written before each
   * command, since another workspace on the same root (another copy of the program) may have
   * pointed it elsewhere.
   */
  private pointAtProgram(): void {
    fs.writeFileSync(
      path.join(this.projectDir, "Pulumi.yaml"),
      sandboxProjectYaml(this.program, this.projectDir),
    );
  }

  get env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      ...toolchainEnv(this.toolchain),
      PULUMI_BACKEND_URL: `file://${this.stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: SANDBOX_PASSPHRASE,
      HEROKU_API_URL: this.api.url,
      HEROKU_API_KEY: this.api.key,
    };
  }

  stackFile(stack: string): string {
    return path.join(this.projectDir, `Pulumi.${stack}.yaml`);
  }

  hasStack(stack: string): boolean {
    const stacks = path.join(this.stateDir, ".pulumi", "stacks");
    return ["json", "json.gz"].some((ext) =>
      fs.existsSync(path.join(stacks, readProject(this.program).name, `${stack}.${ext}`)),
    );
  }

  /** Runs `pulumi <args>` in the sandbox's project, output passed through; its exit status. */
  pulumi(args: string[]): number {
    this.pointAtProgram();
    const result = spawnSync("pulumi", args, {
      cwd: this.projectDir,
      env: this.env,
      stdio: "inherit",
    });
    if (result.error) throw result.error;
    return result.status ?? 1;
  }

  /**
   * Runs `pulumi <args>` with its output captured; never rejects on a non-zero exit. Not
   * synchronous, so a Platform API served by this same process keeps answering meanwhile.
   */
  capture(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    this.pointAtProgram();
    return new Promise((resolve, reject) => {
      const child = spawn("pulumi", [...args, "--non-interactive"], {
        cwd: this.projectDir,
        env: { ...this.env, NO_COLOR: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("error", reject);
      child.on("close", (status) => resolve({ status: status ?? 1, stdout, stderr }));
    });
  }

  /** Runs `pulumi <args>` quietly; throws with the CLI's own message when it fails. */
  quiet(args: string[]): string {
    this.pointAtProgram();
    try {
      return execFileSync("pulumi", [...args, "--non-interactive"], {
        cwd: this.projectDir,
        env: this.env,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (error) {
      const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim();
      throw new Error(`pulumi ${args[0]} ${args[1] ?? ""}: ${stderr}`, { cause: error });
    }
  }
}

/** The project's Pulumi.yaml with `main` set to the program, relative to the sandbox's project. */
function sandboxProjectYaml(program: string, projectDir: string): string {
  const doc = parseDocument(fs.readFileSync(path.join(program, "Pulumi.yaml"), "utf8"));
  doc.set("main", path.relative(projectDir, program) || ".");
  return doc.toString();
}
