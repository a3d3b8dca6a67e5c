import { spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { runAdoptCommand } from "../../src/adopt/command";
import { PROJECT_DIR } from "../../src/program/paths";

/**
 * `npm run adopt` as a process, against a Platform API on loopback that stops answering: the
 * tool prints its one-line error and exits then, whatever the server still holds open (a tool
 * that said "no answer within 30 s" and then ran on for minutes looked hung to its user).
 */

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
  stderr: string;
  /** From the moment stderr held a whole line to the process's exit. */
  msAfterError: number;
}

/** Runs `npm run adopt`'s entry point; kills it (and fails) if it is still running at `limitMs`. */
function adoptProcess(args: string[], env: NodeJS.ProcessEnv, limitMs: number): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["-r", "./tools/register.js", "tools/adopt.ts", ...args],
      {
        cwd: PROJECT_DIR,
        env: { ...process.env, ...env },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    let errorAt: number | undefined;
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (errorAt === undefined && stderr.includes("\n")) errorAt = Date.now();
    });
    const limit = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`still running after ${limitMs} ms; it had printed: ${stderr}`));
    }, limitMs);
    child.once("exit", (status) => {
      clearTimeout(limit);
      resolve({ status, stderr, msAfterError: Date.now() - (errorAt ?? Date.now()) });
    });
  });
}

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

describe("ADOPT_REQUEST_TIMEOUT_MS", () => {
  const adopt = async (value: string) => {
    const err: string[] = [];
    const status = await runAdoptCommand(
      ["acme", "--stack", "acme", "--dir", PROJECT_DIR],
      { out: () => undefined, err: (text) => err.push(text) },
      {
        env: {
          HEROKU_API_KEY: "k-0123456789",
          HEROKU_API_URL: "http://127.0.0.1:9",
          ADOPT_REQUEST_TIMEOUT_MS: value,
        },
      },
    );
    return { status, err: err.join("") };
  };

  test.each(["99", "300001", "1e3", "0x100", " 500", "-1", "1.5", "300 ms"])(
    "%j is refused before any request, naming the range",
    async (value) => {
      const { status, err } = await adopt(value);
      expect(status).toBe(2);
      expect(err).toBe(
        `adopt: ADOPT_REQUEST_TIMEOUT_MS must be a whole number of milliseconds from 100 to 300000 (how long one request to the Platform API may take), got ${JSON.stringify(value)}\n`,
      );
    },
  );
});
