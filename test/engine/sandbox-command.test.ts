import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR } from "../../src/program/paths";
import { copyProject } from "../support/project-copy";
import type { ProjectCopy, ToolRun } from "../support/project-copy";
import { isRunning } from "../support/scratch";

/**
 * `npm run sandbox` as a user runs it, in a copy of the project whose stack files are fixtures:
 * the API started in the background by the first verb, `env` for curl and the Heroku CLI, `stop`
 * with the state kept and taken back by the next verb, `reset`, and a URL off loopback refused.
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

/** Fails with what the command printed when it did not succeed. */
function expectOk(result: ToolRun): void {
  if (result.status !== 0) throw new Error(`exited ${result.status}\n${result.out}\n${result.err}`);
}

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
  expect(Object.keys(vars)).toEqual(["HEROKU_API_URL", "HEROKU_API_KEY", "HEROKU_HOST"]);
  expect(vars.HEROKU_API_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(vars.HEROKU_HOST).toBe(vars.HEROKU_API_URL);
  const account = await fetch(`${vars.HEROKU_API_URL}/account`, {
    headers: {
      Authorization: `Bearer ${vars.HEROKU_API_KEY}`,
      Accept: "application/vnd.heroku+json; version=3",
    },
  });
  expect(account.status).toBe(200);
  expect(isRunning(serverFile().pid)).toBe(true);
});

test("up deploys; stop keeps the state; the next verb starts the API again on it", async () => {
  expectOk(await sandbox(["up", "staging", "--yes", "--skip-preview"]));
  const { pid, url } = serverFile();
  const stop = await sandbox(["stop"]);
  expect(stop.err).toContain("sandbox: API stopped (its state stays)");
  expect(isRunning(pid)).toBe(false);
  expectOk(await sandbox(["preview", "staging", "--expect-no-changes"]));
  expect(serverFile().url).toBe(url); // the same port again: the URLs it gave stay good
  expect(serverFile().pid).not.toBe(pid);
});

test("a killed API loses nothing it answered: the next verb starts it again on the same state", async () => {
  const { pid } = serverFile();
  expect(isRunning(pid)).toBe(true);
  process.kill(pid, "SIGKILL");
  for (let tries = 0; isRunning(pid) && tries < 100; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expectOk(await sandbox(["preview", "staging", "--expect-no-changes"]));
  expect(serverFile().pid).not.toBe(pid);
});

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
