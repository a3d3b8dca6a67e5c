import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { RecordsOnlyRuntime } from "../../sandbox/api/runtime";
import { startSandboxApi } from "../../sandbox/api/server";
import type { SandboxApi } from "../../sandbox/api/server";
import { syncStack } from "../../sandbox/engine/stacks";
import type { Toolchain } from "../../sandbox/engine/toolchain";
import { SandboxWorkspace } from "../../sandbox/engine/workspace";
import { readProject } from "../../stack-files/load";
import type { PreviewJson } from "./steps";

/**
 * The change plan's engine: a throwaway sandbox — its own Platform API on loopback, served by this
 * process, and a Pulumi workspace with a file backend — in which the real CLI deploys the stacks
 * as the ref has them, then previews them at the working tree. Nothing of the user's `.sandbox/`,
 * stacks or credentials is read or written; everything goes with `close()`.
 */

/** What a side of the comparison runs: a program and the stack files beside it. */
export interface Side {
  /** The project directory (its program, app/ and stack files). */
  dir: string;
  /** Where, for messages: `at main (c61c69e)`, `in the working tree`. */
  where: string;
}

export interface EngineOutcome {
  ok: boolean;
  /** The CLI's own lines when it failed (the tail of its output), for the reader. */
  lines: string[];
}

export class ChangeSandbox {
  private constructor(
    readonly scratch: string,
    private readonly api: SandboxApi,
    private readonly toolchain: Toolchain,
  ) {}

  static async start(toolchain: Toolchain): Promise<ChangeSandbox> {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "change-plan-"));
    const apiDir = path.join(scratch, "api");
    fs.mkdirSync(apiDir);
    // No release phase to wait out: the records are Heroku's, the waiting isn't the question.
    const api = await startSandboxApi({ dir: apiDir, runtime: new RecordsOnlyRuntime(0) });
    return new ChangeSandbox(scratch, api, toolchain);
  }

  /** One workspace per side, sharing the state: the working tree previews what the ref deployed. */
  private workspace(side: Side): SandboxWorkspace {
    return new SandboxWorkspace(
      path.join(this.scratch, "engine"),
      { url: this.api.url, key: this.api.key },
      this.toolchain,
      side.dir,
      side.dir,
    );
  }

  /**
   * `pulumi up` of the stack as `side` has it, and once more while the program reads its own
   * last deploy (a stack reference to itself: it does on the next deploy what the first couldn't,
   * such as ACM on an app that exists) — the stack as a live one stands after its deploys.
   */
  async deploy(side: Side, stack: string): Promise<EngineOutcome> {
    const workspace = this.synced(side, stack);
    for (let round = 0; round < 2; round++) {
      const up = await workspace.capture(["up", "--yes", "--skip-preview", "--stack", stack]);
      if (up.status !== 0) return { ok: false, lines: tail(up.stdout, up.stderr) };
      if (round === 0 && !(await this.readsItself(workspace, stack))) break;
    }
    return { ok: true, lines: [] };
  }

  /** `pulumi preview --json` of the stack as `side` has it, every step shown. */
  async preview(side: Side, stack: string): Promise<PreviewRun> {
    const workspace = this.synced(side, stack);
    return parsed(
      await workspace.capture([
        "preview",
        "--json",
        "--show-sames",
        "--show-replacement-steps",
        "--show-reads",
        "--stack",
        stack,
      ]),
    );
  }

  /** What `pulumi destroy` would do: a stack file gone from the working tree. */
  async destroyPreview(side: Side, stack: string): Promise<PreviewRun> {
    const workspace = this.workspace(side);
    return parsed(
      await workspace.capture(["destroy", "--preview-only", "--json", "--stack", stack]),
    );
  }

  async close(): Promise<void> {
    await this.api.close();
    fs.rmSync(this.scratch, { recursive: true, force: true });
  }

  /**
   * The workspace with the sandbox's copy of the stack brought in step with the side's file. The
   * stack file's import ids are left out: they name resources in the user's Heroku account, which
   * the sandbox doesn't have (the command says so).
   */
  private synced(side: Side, stack: string): SandboxWorkspace {
    const workspace = this.workspace(side);
    syncStack(workspace, stack, { leaveOut: [`${readProject(side.dir).name}:import`] });
    return workspace;
  }

  /** From the file backend's checkpoint: a `pulumi stack export` would start the CLI again. */
  private async readsItself(workspace: SandboxWorkspace, stack: string): Promise<boolean> {
    const project = readProject(workspace.program).name;
    const file = path.join(workspace.stateDir, ".pulumi", "stacks", project, `${stack}.json`);
    const checkpoint = fs.existsSync(file)
      ? fs.readFileSync(file, "utf8")
      : (await workspace.capture(["stack", "export", "--stack", stack])).stdout;
    const resources: { type?: string; inputs?: { name?: unknown } }[] =
      JSON.parse(checkpoint).checkpoint?.latest?.resources ??
      JSON.parse(checkpoint).deployment?.resources ??
      [];
    return resources.some(
      (resource) =>
        resource.type === "pulumi:pulumi:StackReference" &&
        String(resource.inputs?.name).split("/").pop() === stack,
    );
  }
}

export type PreviewRun =
  { ok: true; json: PreviewJson; status: number } | { ok: false; lines: string[] };

function parsed(run: { status: number; stdout: string; stderr: string }): PreviewRun {
  try {
    const json = JSON.parse(run.stdout) as PreviewJson;
    if (Array.isArray(json.steps)) return { ok: true, json, status: run.status };
  } catch {
    // Not the CLI's JSON: it failed before it could say anything structured.
  }
  return { ok: false, lines: tail(run.stdout, run.stderr) };
}

/** The last lines the CLI wrote, for a failure's message. */
function tail(stdout: string, stderr: string): string[] {
  const lines = `${stdout}\n${stderr}`
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== "");
  return lines.slice(-12);
}
