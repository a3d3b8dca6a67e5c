import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_DIR } from "../../src/program/paths";
import { RecordsOnlyRuntime } from "../../src/sandbox/api/runtime";
import type { Runtime } from "../../src/sandbox/api/runtime";
import { startSandboxApi } from "../../src/sandbox/api/server";
import type { SandboxApi } from "../../src/sandbox/api/server";
import { DynoRuntime } from "../../src/sandbox/dynos/runtime";
import type { DynoRuntimeOptions } from "../../src/sandbox/dynos/runtime";
import { syncStack } from "../../src/sandbox/engine/stacks";
import { SandboxWorkspace } from "../../src/sandbox/engine/workspace";
import { readProject } from "../../src/stack-files/load";
import { engineToolchain } from "./pulumi-cli";

/**
 * The real Pulumi CLI and providers against the sandbox's Platform API, for the engine tier: an
 * API in this process (its state read directly), a sandbox workspace with its own file backend,
 * and the user's stack files replaced by fixtures. One per test file; deploy once, build on it.
 */
export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export class EngineSandbox {
  private constructor(
    public api: SandboxApi,
    readonly workspace: SandboxWorkspace,
    readonly stacksDir: string,
    private readonly root: string,
  ) {}

  /** `fixtures`: stack name → stack file (under test/fixtures unless absolute). */
  static async start(
    fixtures: Record<string, string>,
    options: {
      /** The API's runtime, or how to make one on the API's directory. */
      runtime?: Runtime | ((apiDir: string) => Runtime);
      /** Run what it releases (src/sandbox/dynos) with these timings, instead of records only. */
      dynos?: DynoRuntimeOptions["timings"];
      program?: string;
    } = {},
  ): Promise<EngineSandbox> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "engine-sandbox-"));
    const stacksDir = path.join(root, "stacks");
    fs.mkdirSync(stacksDir);
    fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(stacksDir, "Pulumi.yaml"));
    for (const [stack, file] of Object.entries(fixtures)) {
      const from = path.isAbsolute(file) ? file : path.join(PROJECT_DIR, "test", "fixtures", file);
      fs.copyFileSync(from, path.join(stacksDir, `Pulumi.${stack}.yaml`));
    }
    const apiDir = path.join(root, "api");
    fs.mkdirSync(apiDir);
    const runtime =
      (typeof options.runtime === "function" ? options.runtime(apiDir) : options.runtime) ??
      (options.dynos !== undefined
        ? new DynoRuntime({ dir: apiDir, timings: options.dynos })
        : new RecordsOnlyRuntime(1500));
    const api = await startSandboxApi({ dir: apiDir, runtime });
    const workspace = new SandboxWorkspace(
      path.join(root, "engine"),
      { url: api.url, key: api.key },
      engineToolchain(),
      options.program ?? PROJECT_DIR,
      stacksDir,
    );
    return new EngineSandbox(api, workspace, stacksDir, root);
  }

  /**
   * Stops the API (its runtime's dynos and databases with it) and starts it again on the same
   * state and port, as `npm run sandbox -- stop` and the next verb do.
   */
  async restartApi(dynos: DynoRuntimeOptions["timings"]): Promise<void> {
    const dir = path.join(this.root, "api");
    const port = Number(new URL(this.api.url).port);
    await this.api.close();
    this.api = await startSandboxApi({
      dir,
      port,
      runtime: new DynoRuntime({ dir, timings: dynos }),
    });
  }

  /** The same state and API, another copy of the program (a second clone). */
  withProgram(program: string): SandboxWorkspace {
    return new SandboxWorkspace(
      path.join(this.root, "engine"),
      { url: this.api.url, key: this.api.key },
      engineToolchain(),
      program,
      this.stacksDir,
    );
  }

  /** Runs `pulumi <args>` on `stack` after bringing the sandbox's copy of it in step. */
  pulumi(stack: string, args: string[], workspace = this.workspace): Promise<CliResult> {
    syncStack(workspace, stack);
    return workspace.capture([...args, "--stack", stack]);
  }

  up(stack: string, ...flags: string[]): Promise<CliResult> {
    return this.pulumi(stack, ["up", "--yes", "--skip-preview", ...flags]);
  }

  preview(stack: string, ...flags: string[]): Promise<CliResult> {
    return this.pulumi(stack, ["preview", ...flags]);
  }

  /** The stack's outputs; secrets as `[secret]` unless shown. */
  async outputs(stack: string, showSecrets = false): Promise<Record<string, unknown>> {
    const result = await this.pulumi(stack, [
      "stack",
      "output",
      "--json",
      ...(showSecrets ? ["--show-secrets"] : []),
    ]);
    if (result.status !== 0) throw new Error(result.stderr);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }

  /** The stack's state as the backend holds it (a JSON checkpoint). */
  stateText(stack: string): string {
    const project = readProject(PROJECT_DIR).name;
    const file = path.join(
      this.root,
      "engine",
      "state",
      ".pulumi",
      "stacks",
      project,
      `${stack}.json`,
    );
    return fs.readFileSync(file, "utf8");
  }

  writeStack(stack: string, yaml: string): void {
    fs.writeFileSync(path.join(this.stacksDir, `Pulumi.${stack}.yaml`), yaml);
  }

  async close(): Promise<void> {
    // A database's data may live outside the root (where PostgreSQL's user can reach it).
    const runtime = this.api.platform.runtime;
    const databases = runtime instanceof DynoRuntime ? Object.values(runtime.databaseDirs()) : [];
    await this.api.close();
    for (const dir of [this.root, ...databases]) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Fails with the CLI's output when a command did not succeed. */
export function expectSuccess(result: CliResult): void {
  if (result.status !== 0) {
    throw new Error(`pulumi exited ${result.status}\n${result.stdout}\n${result.stderr}`);
  }
}
