import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR } from "../../src/program/paths";
import { copyProject } from "../support/project-copy";
import type { ProjectCopy } from "../support/project-copy";
import { isAlive, waitUntil } from "../support/processes";
import { expectOk } from "../support/shell";
import { isRunning } from "../support/scratch";

/**
 * `npm run sandbox` as a user runs it, in a copy of the project whose stack files are fixtures:
 * the API started in the background by the first verb, `env` for curl and the Heroku CLI, `up`
 * leaving the app serving at its webUrl, `stop` stopping it with the state kept and the next verb
 * bringing it back, a killed API's dynos and databases stopped by its watchdog and brought back
 * by the next verb, `destroy` leaving no process or database, `reset`, and a URL off loopback
 * refused.
 */

let copy: ProjectCopy;
beforeAll(() => {
  copy = copyProject("sandbox-command", {
    staging: path.join(PROJECT_DIR, "test", "fixtures", "Pulumi.staging.yaml"),
  });
});
afterAll(async () => {
  await sandbox(["stop"]);
  fs.rmSync(copy.dir, { recursive: true, force: true });
});

/** `npm run sandbox -- <args>` in the copy, with no Platform API of the user's in the environment. */
const sandbox = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  copy.tool("sandbox.ts", args, { HEROKU_API_URL: "", HEROKU_API_KEY: "", NO_COLOR: "1", ...env });

const serverFile = () =>
  JSON.parse(fs.readFileSync(path.join(copy.dir, ".sandbox", "api", "server.json"), "utf8"));

test("env starts the API in the background and prints what curl and the Heroku CLI need", async () => {
  const env = await sandbox(["env"]);
  expectOk(env);
  const vars = Object.fromEntries(
    env.out
      .trim()
      .split("\n")
      .map((line) => /^export (\w+)='([^']*)'$/.exec(line)?.slice(1) ?? [line, ""]),
  );
  expect(Object.keys(vars)).toEqual([
    "HEROKU_API_URL",
    "HEROKU_API_KEY",
    "HEROKU_HOST",
    "HEROKU_PARTICLEBOARD_URL",
    "DISABLE_TELEMETRY",
  ]);
  expect(vars.HEROKU_API_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(vars.HEROKU_HOST).toBe(vars.HEROKU_API_URL);
  expect(vars.HEROKU_PARTICLEBOARD_URL).toBe(vars.HEROKU_API_URL);
  const account = await fetch(`${vars.HEROKU_API_URL}/account`, {
    headers: {
      Authorization: `Bearer ${vars.HEROKU_API_KEY}`,
      Accept: "application/vnd.heroku+json; version=3",
    },
  });
  expect(account.status).toBe(200);
  expect(isRunning(serverFile().pid)).toBe(true);
});

/** The stack's webUrl output (a `pulumi` verb starts the API when it isn't running). */
async function webUrl(): Promise<string> {
  const output = await sandbox(["pulumi", "stack", "output", "webUrl", "--stack", "staging"]);
  expectOk(output);
  return output.out.trim();
}

/** The app's page, as curl would get it; undefined if refused. */
async function page(
  url: string,
): Promise<{ status: number; body: Record<string, unknown> } | undefined> {
  try {
    const answer = await fetch(url);
    return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
  } catch {
    return undefined;
  }
}

/** The processes of the project copy's sandbox: its dynos and databases run from .sandbox/. */
function sandboxProcesses(): number[] {
  return fs
    .readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
        return cwd.startsWith(path.join(copy.dir, ".sandbox")) && isAlive(Number(pid));
      } catch {
        return false;
      }
    })
    .map(Number);
}

test("up leaves the app running at its webUrl; stop stops it and keeps the state; the next verb brings it back", async () => {
  expectOk(await sandbox(["up", "staging", "--yes", "--skip-preview"]));
  const appUrl = await webUrl();
  const served = await page(appUrl);
  expect(served?.status).toBe(200);
  expect(served?.body).toMatchObject({ dyno: "web.1", environment: "production" });
  const { pid, url } = serverFile();
  expect(sandboxProcesses().length).toBeGreaterThanOrEqual(2); // web.1, worker.1 (and postgres)

  const stop = await sandbox(["stop"]);
  expect(stop.err).toContain("sandbox: API stopped (its state stays)");
  expect(isRunning(pid)).toBe(false);
  expect(await page(appUrl)).toBeUndefined();
  expect(sandboxProcesses()).toEqual([]);

  expectOk(await sandbox(["preview", "staging", "--expect-no-changes"]));
  expect(serverFile().url).toBe(url); // the same port again: the URLs it gave stay good
  expect(serverFile().pid).not.toBe(pid);
  const deadline = Date.now() + 60_000;
  let again = await page(appUrl);
  while (again?.status !== 200 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    again = await page(appUrl);
  }
  expect(again?.status).toBe(200);
}, 300_000);

test("a killed API's watchdog stops its dynos and database; the next verb brings them back on the same state", async () => {
  const { pid } = serverFile();
  expect(isRunning(pid)).toBe(true);
  process.kill(pid, "SIGKILL");
  for (let tries = 0; isRunning(pid) && tries < 100; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await waitUntil("the watchdog to stop the dynos", () => sandboxProcesses().length === 0, 60_000);
  expectOk(await sandbox(["preview", "staging", "--expect-no-changes"]));
  expect(serverFile().pid).not.toBe(pid);
  await waitUntil("the dynos back", () => sandboxProcesses().length >= 2, 60_000);
}, 180_000);

test("destroy leaves no process and no database of the stack", async () => {
  expectOk(await sandbox(["destroy", "staging", "--yes", "--skip-preview"]));
  await waitUntil("the stack's processes to end", () => sandboxProcesses().length === 0, 60_000);
  const databases = JSON.parse(
    fs.readFileSync(path.join(copy.dir, ".sandbox", "api", "databases.json"), "utf8"),
  ) as unknown[];
  expect(databases).toEqual([]);
}, 180_000);

test("a Platform API off loopback is refused in one line, before anything runs", async () => {
  const refused = await sandbox(["preview", "staging"], {
    HEROKU_API_URL: "https://api.heroku.com",
    HEROKU_API_KEY: "a-real-key",
  });
  expect(refused.status).toBe(2);
  expect(refused.err.trim()).toBe(
    "sandbox: HEROKU_API_URL=https://api.heroku.com is not on loopback, and the sandbox never talks to a real Heroku: unset it to use the sandbox's own API",
  );
});

test("reset clears the API's state and the sandbox's stacks together", async () => {
  expectOk(await sandbox(["reset"]));
  expect(fs.existsSync(path.join(copy.dir, ".sandbox", "api"))).toBe(false);
  expect(fs.existsSync(path.join(copy.dir, ".sandbox", "engine"))).toBe(false);
});
