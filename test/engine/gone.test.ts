import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { RecordsOnlyRuntime } from "../../src/sandbox/api/runtime";
import { startSandboxApi } from "../../src/sandbox/api/server";
import type { SandboxApi } from "../../src/sandbox/api/server";
import { copyProject } from "../support/project-copy";
import type { ProjectCopy, ToolRun } from "../support/project-copy";
import { expectOk, runShell } from "../support/shell";
import { TYPESCRIPT_NODE_ARGS } from "../support/typescript-node";

/**
 * A domain and a log drain deleted by hand (`heroku domains:remove`, `heroku drains:remove`)
 * from a deployed stack. The provider's refresh stops on Heroku's 404 for each (its Domain and
 * Drain reads treat it as an error); `npm run sandbox -- preview --refresh` and `refresh`, and the
 * drift workflow's summary, say which resources are gone and the commands that bring them back,
 * and following those commands does. All as a user runs it: `npm run sandbox` in a copy of the
 * project, against the sandbox's Platform API served here (a Platform API on loopback).
 */

const STACK = "gone";
const DRAIN_URL = "syslog+tls://logs.example.com:1234";
let api: SandboxApi;
let apiDir: string;
let copy: ProjectCopy;
beforeAll(async () => {
  apiDir = fs.mkdtempSync(path.join(os.tmpdir(), "gone-api-"));
  api = await startSandboxApi({ dir: apiDir, runtime: new RecordsOnlyRuntime(1500) });
  copy = copyProject("gone", {});
  copy.writeStack(
    STACK,
    [
      "config:",
      "  heroku-app:stage: staging",
      "  heroku-app:formation:",
      "    web: {quantity: 1, size: basic}",
      "  heroku-app:domains:",
      "    - shop.example.com",
      "  heroku-app:drains:",
      "    papertrail:",
      "      secure: v1:AAAAAAAAAAAAAAAAnot-decryptable-here",
      "",
    ].join("\n"),
  );
  expectOk(
    await sandbox(
      ["pulumi", "config", "set", "--secret", "--path", "drains.papertrail"].concat([
        DRAIN_URL,
        "--stack",
        STACK,
      ]),
    ),
  );
  expectOk(await sandbox(["up", STACK, "--yes", "--skip-preview"]));
}, 300_000);
afterAll(async () => {
  await api?.close();
  fs.rmSync(apiDir, { recursive: true, force: true });
  if (copy) fs.rmSync(copy.dir, { recursive: true, force: true });
});
afterEach(() => expect(api.problems).toEqual([]));

const env = () => ({ HEROKU_API_URL: api.url, HEROKU_API_KEY: api.key });
const sandbox = (args: string[]) => copy.tool("sandbox.ts", args, { ...env(), NO_COLOR: "1" });
const state = () => api.platform.state;
const app = () => {
  const found = state().apps.find((candidate) => candidate.name.startsWith("heroku-app-gone-"));
  if (found === undefined) throw new Error("no app for the stack");
  return found;
};
const hostnames = () =>
  state()
    .domains.filter((domain) => domain.appId === app().id)
    .map((domain) => domain.hostname);
const drainUrls = () =>
  state()
    .drains.filter((drain) => drain.appId === app().id)
    .map((drain) => drain.url);

/** `heroku domains:remove shop.example.com` and `heroku drains:remove <token>`, through the API. */
async function removeByHand(): Promise<void> {
  const drain = state().drains.find((candidate) => candidate.appId === app().id);
  for (const route of [
    `/apps/${app().name}/domains/shop.example.com`,
    `/apps/${app().name}/log-drains/${drain?.token}`,
  ]) {
    const response = await fetch(`${api.url}${route}`, {
      method: "DELETE",
      headers: {
        Authorization: `Bearer ${api.key}`,
        Accept: "application/vnd.heroku+json; version=3",
      },
    });
    expect(response.status).toBe(200);
  }
  expect({ domains: hostnames(), drains: drainUrls() }).toEqual({ domains: [], drains: [] });
}

const URN = (type: string, name: string) =>
  `urn:pulumi:${STACK}::heroku-app::heroku-app:index:HerokuEnvironment$${type}::${name}`;
const DOMAIN = URN("heroku:domain/domain:Domain", "heroku-domain-shop-example-com");
const DRAIN = URN("heroku:drain/drain:Drain", "heroku-drain-papertrail");
const BRING_BACK = [
  `npm run sandbox -- pulumi state delete '${DOMAIN}' --stack ${STACK} --yes`,
  `npm run sandbox -- pulumi state delete '${DRAIN}' --stack ${STACK} --yes`,
  `npm run sandbox -- up ${STACK} --refresh`,
];

/** The sandbox's report after a refresh that met them: each resource, and the commands. */
function expectGoneReport(result: ToolRun): string[] {
  expect(result.status).not.toBe(0);
  const report = result.err.slice(result.err.indexOf(`sandbox: ${STACK}: Heroku no longer has`));
  expect(report).toContain(
    "  - heroku-domain-shop-example-com (heroku:domain/domain:Domain): Couldn't find that domain.\n" +
      "  - heroku-drain-papertrail (heroku:drain/drain:Drain): Couldn't find that drain.\n",
  );
  const commands = report
    .split("\n")
    .filter((line) => line.startsWith("  npm run sandbox"))
    .map((line) => line.trim());
  expect(commands).toEqual(BRING_BACK);
  return commands;
}

test("preview --refresh and refresh name what was deleted by hand, and how to bring it back", async () => {
  await removeByHand();
  const preview = await sandbox(["preview", STACK, "--refresh"]);
  expectGoneReport(preview);
  expectGoneReport(await sandbox(["refresh", STACK, "--yes", "--skip-preview"]));
  // The preview's own output is the CLI's, untouched: the report comes after it.
  expect(preview.out).toContain("Couldn't find that domain.");
});

test("the drift workflow's summary names them as drift, with the same commands", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gone-drift-"));
  try {
    const preview = await sandbox(["preview", STACK, "--refresh", "--expect-no-changes", "--json"]);
    expect(preview.status).not.toBe(0);
    const file = path.join(dir, "preview.json");
    fs.writeFileSync(file, preview.out);
    // As drift.yml runs it.
    const summary = await runShell(
      copy.dir,
      [process.execPath, ...TYPESCRIPT_NODE_ARGS, "tools/drift-summary.ts"]
        .concat([STACK, file, String(preview.status)])
        .map((arg) => `'${arg}'`)
        .join(" "),
    );
    expect(summary.status).toBe(1);
    const markdown = summary.out;
    expect(markdown).toContain(
      '| `heroku-domain-shop-example-com` | `heroku:domain/domain:Domain` | gone: deleted by hand (Heroku: "Couldn\'t find that domain.") | — |',
    );
    expect(markdown).toContain(
      '| `heroku-drain-papertrail` | `heroku:drain/drain:Drain` | gone: deleted by hand (Heroku: "Couldn\'t find that drain.") | — |',
    );
    const block = /```bash\n([\s\S]*?)```/.exec(markdown)?.[1].trim().split("\n");
    expect(block).toEqual([
      `pulumi state delete '${DOMAIN}' --stack ${STACK} --yes`,
      `pulumi state delete '${DRAIN}' --stack ${STACK} --yes`,
      `pulumi up --refresh --stack ${STACK}`,
    ]);
    // Never the provider's raw error alone: what it said is explained, not quoted.
    expect(markdown).not.toContain("Error retrieving");
    expect(markdown).not.toContain("preview failed");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("following the commands brings both back; then a refreshed preview has nothing to do", async () => {
  const commands = expectGoneReport(await sandbox(["preview", STACK, "--refresh"]));
  for (const command of commands) {
    // The up asks before it acts, showing what it will create; no one is here to answer: --yes.
    const answered = command.includes(" up ") ? `${command} --yes` : command;
    expectOk(await runShell(copy.dir, answered, env()));
  }
  expect(hostnames()).toEqual(["shop.example.com"]);
  expect(drainUrls()).toEqual([DRAIN_URL]);
  expectOk(await sandbox(["preview", STACK, "--refresh", "--expect-no-changes"]));
});
