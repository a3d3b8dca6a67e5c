import { spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { PROJECT_DIR } from "../../src/program/paths";
import { RecordsOnlyRuntime } from "../../src/sandbox/api/runtime";
import { startSandboxApi } from "../../src/sandbox/api/server";
import { scratchDirs } from "../support/scratch";
import { seedApp } from "../support/seed-app";
import { TYPESCRIPT_NODE_ARGS } from "../support/typescript-node";

/**
 * `npm run adopt` as its own process (the processes tier, test/tiers.js): against the sandbox's
 * Platform API it writes the stack file where --dir says and exits 0; against one that stops
 * answering it prints its one-line error and exits then, whatever the server still holds open (a
 * tool that said "no answer within 30 s" and then ran on for minutes looked hung to its user).
 * What it writes and refuses is tested in-process (adopt.test.ts, fake-api.test.ts,
 * hostile.test.ts).
 */

const scratch = scratchDirs();

type Stall = (response: http.ServerResponse) => void;

const STALLS: [string, Stall][] = [
  ["no headers", () => undefined],
  [
    "headers and a few bytes of a body of announced length",
    (response) => {
      response.writeHead(200, { "Content-Type": "application/json", "Content-Length": "4096" });
      response.write('{"id": "');
    },
  ],
  [
    "headers and a few bytes of a chunked body",
    (response) => {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.write('{"id": "');
    },
  ],
];

/** A server that stalls every request the same way; it never ends a response by itself. */
async function stallingServer(stall: Stall) {
  const server = http.createServer((_, response) => stall(response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

interface Exit {
  status: number | null;
  stdout: string;
  stderr: string;
  /** From the moment stderr held a whole line to the process's exit. */
  msAfterError: number;
}

/** Runs `npm run adopt`'s entry point; kills it (and fails) if it is still running at `limitMs`. */
function adoptProcess(args: string[], env: NodeJS.ProcessEnv, limitMs: number): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TYPESCRIPT_NODE_ARGS, "tools/adopt.ts", ...args], {
      cwd: PROJECT_DIR,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    let errorAt: number | undefined;
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (errorAt === undefined && stderr.includes("\n")) errorAt = Date.now();
    });
    const limit = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`still running after ${limitMs} ms; it had printed: ${stderr}`));
    }, limitMs);
    child.once("close", (status) => {
      clearTimeout(limit);
      resolve({ status, stdout, stderr, msAfterError: Date.now() - (errorAt ?? Date.now()) });
    });
  });
}

test("against the sandbox's API: the stack file written where --dir says, exit 0", async () => {
  const api = await startSandboxApi({
    dir: path.join(scratch("adopt-process-api-"), "api"),
    runtime: new RecordsOnlyRuntime(0),
  });
  const dir = scratch("adopt-process-");
  try {
    await seedApp(api, { name: "acme-api", push: "app" });
    // The server answers from this very process: the child is awaited, never waited for.
    const exit = await adoptProcess(
      ["acme-api", "--stack", "proc", "--dir", dir],
      { HEROKU_API_KEY: api.key, HEROKU_API_URL: api.url },
      30_000,
    );
    expect({ status: exit.status, stderr: exit.stderr }).toEqual({ status: 0, stderr: "" });
    expect(exit.stdout).toContain("adopt: acme-api → Pulumi.proc.yaml");
    const { config } = parse(fs.readFileSync(path.join(dir, "Pulumi.proc.yaml"), "utf8")) as {
      config: Record<string, unknown>;
    };
    expect(config["heroku-app:appName"]).toBe("acme-api");
  } finally {
    api.close();
  }
}, 60_000);

describe("a Platform API that stalls: adopt prints its error and exits", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-exits-"));
    fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test.each(STALLS)("%s", async (_, stall) => {
    const server = await stallingServer(stall);
    try {
      const exit = await adoptProcess(
        ["acme", "--stack", "acme", "--dir", dir],
        {
          HEROKU_API_URL: server.url,
          HEROKU_API_KEY: "k-0123456789",
          ADOPT_REQUEST_TIMEOUT_MS: "300",
        },
        15_000,
      );
      expect(exit.stderr).toBe(
        `adopt: acme: can't reach the Heroku API at ${server.url} (no answer within 0.3 s)\n`,
      );
      expect(exit.status).toBe(1);
      expect(exit.msAfterError).toBeLessThan(2000);
      expect(fs.readdirSync(dir)).toEqual(["Pulumi.yaml"]);
    } finally {
      server.close();
    }
  });
});
