import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { STAGES, UNSCALED_PROCESS_TYPES } from "../program/heroku-rules";
import type { Stage } from "../program/heroku-rules";
import { PROJECT_DIR } from "../program/paths";
import { readProcessTypes } from "../program/procfile";
import { readProject } from "../stack-files/load";
import { requestTimeoutMs } from "./deadline";
import { DEFAULT_API_URL, HerokuApi, HerokuApiError } from "./heroku-api";
import type { HerokuApiOptions } from "./heroku-api";
import { readLiveApp } from "./live-app";
import {
  StackFileExists,
  dropImports,
  existsMessage,
  problemsOnceSecretsAreSet,
  renderStackFile,
  stackFilePath,
  writeNewStackFile,
} from "./stack-file";
import { namePipelineStack } from "./pipeline-stack";
import { AdoptionError, adoptionOf } from "./to-stack";
import type { Adoption } from "./to-stack";

/**
 * `npm run adopt`: describe an app made by `heroku create` as a stack of this program, so the
 * first `pulumi up` imports it instead of creating a new one; `--done` drops the import ids
 * afterwards. Exit codes: 0 done, 1 the app can't be read or adopted / the file exists, 2 bad
 * arguments. Errors are one line naming the app; the API key is never printed.
 */

export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
}

export interface AdoptContext {
  /** HEROKU_API_KEY, HEROKU_API_URL. */
  env?: Record<string, string | undefined>;
  /** Where Pulumi.<stack>.yaml goes (the project by default). */
  projectDir?: string;
  /** Retry and timing settings of the API client (tests make them short). */
  api?: Omit<HerokuApiOptions, "apiKey" | "baseUrl">;
}

export const USAGE = `usage: npm run adopt -- <app name or id> --stack <stack> [--stage <stage>] [--dir <dir>]
       npm run adopt -- --done <stack> [--dir <dir>]

  <app name or id>   the Heroku app to adopt (read with HEROKU_API_KEY; HEROKU_API_URL, default ${DEFAULT_API_URL})
  --stack <stack>    writes Pulumi.<stack>.yaml, which must not exist yet
  --stage <stage>    the pipeline stage (${STAGES.join(", ")}); default: the app's own, else staging
  --done <stack>     after the first successful \`pulumi up\`, drops the import ids from Pulumi.<stack>.yaml
  --dir <dir>        where Pulumi.<stack>.yaml is (default: this project's root)
`;

const OPTIONS = {
  stack: { type: "string" },
  stage: { type: "string" },
  done: { type: "string" },
  dir: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

export async function runAdoptCommand(
  argv: string[],
  io: CommandIO,
  context: AdoptContext = {},
): Promise<number> {
  const { env = process.env } = context;
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    return usageError(io, (error as Error).message);
  }
  const { values: flags, positionals } = parsed;
  if (flags.help) {
    io.out(USAGE);
    return 0;
  }
  const projectDir = flags.dir ?? context.projectDir ?? PROJECT_DIR;
  if (!fs.existsSync(projectDir)) return usageError(io, `--dir ${projectDir}: no such directory`);
  if (!fs.statSync(projectDir).isDirectory()) {
    return usageError(
      io,
      `--dir ${projectDir}: not a directory (the project's, holding Pulumi.yaml)`,
    );
  }
  if (flags.done !== undefined) {
    if (positionals.length > 0 || flags.stack !== undefined || flags.stage !== undefined) {
      return usageError(io, "--done takes only the stack: npm run adopt -- --done <stack>");
    }
    return done(flags.done, projectDir, io);
  }
  const [app, ...extra] = positionals;
  if (app === undefined || extra.length > 0) return usageError(io, "name one app to adopt");
  const stack = flags.stack;
  // Pulumi's stack names: at most 100 of these characters (a file name of them stays short).
  if (stack === undefined || !STACK_NAME.test(stack) || stack.length > 100) {
    return usageError(
      io,
      "--stack <stack> names the new stack (1 to 100 letters, digits, -, _ and .)",
    );
  }
  const stage = flags.stage;
  if (stage !== undefined && !(STAGES as readonly string[]).includes(stage)) {
    return usageError(io, `--stage is one of ${STAGES.join(", ")}`);
  }
  const timeout = requestTimeoutMs(env);
  if ("problem" in timeout) {
    io.err(`adopt: ${timeout.problem}\n`);
    return 2;
  }
  const fail = (message: string) => {
    io.err(`adopt: ${app}: ${message}\n`);
    return 1;
  };
  const apiKey = env.HEROKU_API_KEY;
  if (!apiKey) return fail("HEROKU_API_KEY is not set (heroku authorizations:create)");
  const baseUrl = env.HEROKU_API_URL || DEFAULT_API_URL;
  if (!/^https?:\/\/[^\s/]+/.test(baseUrl)) return fail("HEROKU_API_URL is not an http(s) URL");
  const file = stackFilePath(projectDir, stack);
  // Checked before any request, and again (atomically) when writing.
  if (fs.existsSync(file)) return fail(existsMessage(file));

  try {
    const api = new HerokuApi({ timeoutMs: timeout.ms, ...context.api, apiKey, baseUrl });
    const live = await readLiveApp(api, app);
    const project = readProject().name;
    const processTypes = readProcessTypes().filter(
      (type) => !UNSCALED_PROCESS_TYPES.includes(type),
    );
    const adoption = adoptionOf(live, { stack, project, processTypes, stage: stage as Stage });
    namePipelineStack(adoption, [projectDir, PROJECT_DIR]);
    writeNewStackFile(
      file,
      renderStackFile(adoption, { project, stack, app: live.app.name, appId: live.app.id }),
    );
    const problems = problemsOnceSecretsAreSet(file, adoption.secrets);
    io.out(report(live.app.name, stack, file, adoption, api.requests.length));
    if (problems.length === 0) return 0;
    io.err(
      `adopt: ${app}: written, but it won't plan until these are fixed:\n${problems.map((problem) => `  - ${problem}`).join("\n")}\n`,
    );
    return 1;
  } catch (error) {
    const expected = [HerokuApiError, AdoptionError, StackFileExists];
    if (expected.some((kind) => error instanceof kind)) return fail((error as Error).message);
    throw error;
  }
}

function done(stack: string, projectDir: string, io: CommandIO): number {
  const file = stackFilePath(projectDir, stack);
  const name = `Pulumi.${stack}.yaml`;
  if (!STACK_NAME.test(stack) || !fs.existsSync(file)) {
    io.err(`adopt: --done: ${name}: no such stack file\n`);
    return 1;
  }
  if (!dropImports(file, readProject().name)) {
    io.err(`adopt: --done: ${name} has no import ids (nothing to drop)\n`);
    return 1;
  }
  io.out(
    `${name}: import ids dropped; its resources are managed as if Pulumi had created them.\n` +
      `Check: npm run plan -- ${stack} (no "import id" left), then commit the file.\n`,
  );
  return 0;
}

function report(
  app: string,
  stack: string,
  file: string,
  adoption: Adoption,
  requests: number,
): string {
  const { imports } = adoption;
  const counted = (label: string, ids?: Record<string, string>) =>
    ids && Object.keys(ids).length > 0 ? [`${label} ${Object.keys(ids).join(", ")}`] : [];
  const imported = [
    "app",
    ...counted("formation", imports.formation),
    ...counted("add-ons", imports.addons),
    ...counted("domains", imports.domains),
    ...counted("drains", imports.drains),
    ...counted("features", imports.features),
    ...(imports.coupling ? ["pipeline coupling"] : []),
    ...(imports.pipeline ? ["pipeline"] : []),
  ];
  const lines = [
    `adopt: ${app} → ${path.basename(file)} (${requests} GET requests)`,
    `  imports: ${imported.join("; ")}`,
  ];
  const section = (title: string, items: readonly string[]) => {
    if (items.length > 0) lines.push("", title, ...items.map((item) => `  - ${item}`));
  };
  section("Not adopted:", adoption.notes);
  section("The first `pulumi up` will also change:", [
    "config vars: the provider can't import them, so it writes the ones in the file (and a new SESSION_SECRET): one new release, the dynos restart",
    ...adoption.changes,
  ]);
  if (adoption.secrets.length > 0) {
    lines.push(
      "",
      "Secrets, never written in plaintext: after `pulumi stack init`, run each command (it prompts for the value, or reads it from stdin):",
    );
    for (const { command, why } of adoption.secrets) lines.push(`  ${command}`, `      (${why})`);
  }
  lines.push(
    "",
    "Next:",
    `  1. pulumi stack init ${stack}        (the new stack picks up the file)`,
    `  2. ${adoption.secrets.length > 0 ? "the secrets above" : "no secrets to set"}`,
    `  3. npm run plan -- ${stack}           (offline: every resource's import id)`,
    `  4. pulumi preview --stack ${stack}    (the imports, and the changes above)`,
    `  5. pulumi up --stack ${stack}`,
    `  6. npm run adopt -- --done ${stack}   (once the up has succeeded), then commit the file`,
    "",
  );
  return lines.join("\n");
}

function usageError(io: CommandIO, message: string): number {
  io.err(`adopt: ${message}\n\n${USAGE}`);
  return 2;
}
