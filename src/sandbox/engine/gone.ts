import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  GONE_EXPLAINED,
  bringBackCommands,
  bringBackExplained,
  goneResources,
} from "../../drift/gone";
import type { CommandStyle } from "../../drift/gone";
import type { SandboxWorkspace } from "./workspace";

/**
 * A program verb of the sandbox (`up`, `preview`, `refresh`, `destroy`) that recognises, when it
 * fails, a resource deleted by hand through the API (src/drift/gone.ts: the provider's refresh
 * stops on Heroku's 404) and says which, and the sandbox commands that bring it back.
 *
 * The CLI keeps the terminal (its progress display and its prompts need one), so what it
 * reported is read from its event log instead: `--event-log`, the flag Pulumi's Automation API
 * reads its engine events through, which the CLI accepts with PULUMI_DEBUG_COMMANDS set.
 */

export const SANDBOX_COMMANDS: CommandStyle = {
  pulumi: (args) => `npm run sandbox -- pulumi ${args}`,
  upRefresh: (stack) => `npm run sandbox -- up ${stack} --refresh`,
};

export function runProgramVerb(
  workspace: SandboxWorkspace,
  stack: string,
  args: string[],
  say: (text: string) => void = (text) => process.stderr.write(text),
): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-events-"));
  const eventLog = path.join(dir, "events.jsonl");
  try {
    const status = workspace.pulumi([...args, "--event-log", eventLog], {
      PULUMI_DEBUG_COMMANDS: "true",
    });
    if (status !== 0) {
      const report = goneReport(workspace, stack, diagnostics(eventLog), say);
      if (report !== undefined) say(report);
    }
    return status;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** What to tell the user, if the failure was resources deleted by hand. */
function goneReport(
  workspace: SandboxWorkspace,
  stack: string,
  messages: string,
  say: (text: string) => void,
): string | undefined {
  const gone = goneResources(messages);
  if (gone.length === 0) return undefined;
  const commands = bringBackCommands(
    gone,
    stack,
    dependencies(workspace, stack, say),
    SANDBOX_COMMANDS,
  );
  return [
    `sandbox: ${stack}: ${GONE_EXPLAINED}`,
    ...gone.map(({ name, type, answer }) => `  - ${name} (${type}): ${answer}`),
    bringBackExplained(`Pulumi.${stack}.yaml`),
    ...commands.map((command) => `  ${command}`),
    "",
  ].join("\n");
}

/** Every diagnostic message in the event log (one JSON engine event a line). */
function diagnostics(eventLog: string): string {
  if (!fs.existsSync(eventLog)) return "";
  const messages: string[] = [];
  for (const line of fs.readFileSync(eventLog, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    try {
      const event = JSON.parse(line) as { diagnosticEvent?: { message?: string } };
      if (event.diagnosticEvent?.message) messages.push(event.diagnosticEvent.message);
    } catch {
      // A line cut short by a killed CLI: nothing to recognise in it.
    }
  }
  return messages.join("\n");
}

/**
 * urn → what it depends on, as the stack's state records them. Without them (the state unreadable:
 * said in one line) the commands keep the order the engine reported the resources in.
 */
function dependencies(
  workspace: SandboxWorkspace,
  stack: string,
  say: (text: string) => void,
): Map<string, string[]> {
  try {
    const exported = JSON.parse(workspace.quiet(["stack", "export", "--stack", stack])) as {
      deployment?: { resources?: { urn: string; dependencies?: string[] }[] };
    };
    return new Map(
      (exported.deployment?.resources ?? []).map(({ urn, dependencies = [] }) => [
        urn,
        dependencies,
      ]),
    );
  } catch (error) {
    say(
      `sandbox: ${stack}: the state's dependencies unread (${(error as Error).message}); the commands below are in the order the engine reported the resources\n`,
    );
    return new Map();
  }
}
