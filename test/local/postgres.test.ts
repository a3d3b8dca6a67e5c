import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startCluster } from "../../src/local/postgres";
import {
  MISSING_MESSAGE,
  PostgresMissingError,
  findPostgresBinDir,
  requirePostgresBinDir,
} from "../../src/local/postgres-binaries";
import { APP_DIR, PROJECT_DIR } from "../support/paths";
import { CLUSTER_START_TIMEOUT, INSTALL_SCRIPT, postgresBinDir } from "../support/postgres";
import { scratchDirs } from "../support/scratch";
import { isAlive, waitUntil } from "../support/processes";
import { TYPESCRIPT_NODE_ARGS } from "../support/typescript-node";

/**
 * The throwaway PostgreSQL cluster that `npm run local`, the tests and the benchmarks share
 * (src/local/postgres.ts): where its binaries are found, what it says when they aren't, and a
 * real cluster that starts, answers, and leaves nothing behind — even when its owner is killed.
 */

const scratchDir = scratchDirs();
// pg lives in app/'s dependencies; the program's own don't need it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Client } = require(require.resolve("pg", { paths: [APP_DIR] }));

async function select(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A directory holding fake `initdb` and `postgres` executables (or only those named). */
function fakeBinDir(names = ["initdb", "postgres"]): string {
  const dir = scratchDir("pg-bin-");
  for (const name of names) fs.writeFileSync(path.join(dir, name), "#!/bin/sh\n", { mode: 0o755 });
  return dir;
}

describe("finding the server binaries", () => {
  test("PATH first, then the newest /usr/lib/postgresql/<version>/bin", () => {
    const onPath = fakeBinDir();
    const root = scratchDir("pg-root-");
    for (const version of ["13", "16", "9.6"]) {
      fs.mkdirSync(path.join(root, version, "bin"), { recursive: true });
      for (const name of ["initdb", "postgres"]) {
        fs.writeFileSync(path.join(root, version, "bin", name), "", { mode: 0o755 });
      }
    }
    expect(findPostgresBinDir(`/nowhere${path.delimiter}${onPath}`, [root])).toBe(onPath);
    expect(findPostgresBinDir("/nowhere", [root])).toBe(path.join(root, "16", "bin"));
  });

  test("both initdb and postgres, executable", () => {
    const half = fakeBinDir(["initdb"]);
    const notExecutable = scratchDir("pg-noexec-");
    for (const name of ["initdb", "postgres"]) fs.writeFileSync(path.join(notExecutable, name), "");
    expect(findPostgresBinDir(`${half}${path.delimiter}${notExecutable}`, [])).toBeUndefined();
  });

  test("missing: one line that says what to install and how", () => {
    const empty = scratchDir("pg-none-");
    expect(() => requirePostgresBinDir("", [empty])).toThrow(PostgresMissingError);
    expect(MISSING_MESSAGE).not.toContain("\n");
    expect(MISSING_MESSAGE).toContain("sudo bash tools/install-postgres.sh");
    expect(MISSING_MESSAGE).toContain("apt-get install -y postgresql");
  });

  test("tools/install-postgres.sh asks the same module, and finds what it finds", () => {
    postgresBinDir(); // installs it if this machine lacks it and we are root
    const run = spawnSync("bash", [INSTALL_SCRIPT], { cwd: PROJECT_DIR, encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(`PostgreSQL server binaries: ${findPostgresBinDir()}`);
  });
});

describe("a throwaway cluster", () => {
  test(
    "answers on loopback with a password, then stop() shuts it down and deletes its dir",
    async () => {
      const cluster = await startCluster({ binDir: postgresBinDir() });
      try {
        const url = new URL(cluster.url);
        expect(url.hostname).toBe("127.0.0.1");
        expect(Number(url.port)).toBe(cluster.port);
        expect(url.password).toMatch(/^[0-9a-f]{36}$/);
        expect(await select(cluster.url, "select current_user as who")).toEqual([
          { who: "postgres" },
        ]);
        url.password = "wrong";
        await expect(select(url.toString(), "select 1")).rejects.toThrow(/password/);
        expect(fs.existsSync(path.join(cluster.dir, "data", "PG_VERSION"))).toBe(true);
      } finally {
        await cluster.stop();
      }
      expect(isAlive(cluster.pid)).toBe(false);
      expect(fs.existsSync(cluster.dir)).toBe(false);
      await cluster.stop(); // idempotent
    },
    CLUSTER_START_TIMEOUT,
  );

  test(
    "starts under a TMPDIR only its owner may enter (mktemp -d, as root), and leaves it empty",
    async () => {
      const tmpdir = fs.mkdtempSync(path.join(os.tmpdir(), "private-tmp-"));
      fs.chmodSync(tmpdir, 0o700);
      try {
        // A process of its own: os.tmpdir() reads the real environment, not jest's copy of it.
        const script = `require("./src/local/postgres").startCluster({}).then(
          async (cluster) => { await cluster.stop(); console.log("started and stopped"); },
          (error) => { console.log(error.message); process.exitCode = 1; })`;
        const result = spawnSync(process.execPath, [...TYPESCRIPT_NODE_ARGS, "-e", script], {
          cwd: PROJECT_DIR,
          env: { ...process.env, TMPDIR: tmpdir },
          encoding: "utf8",
        });
        expect({ status: result.status, out: result.stdout.trim() }).toEqual({
          status: 0,
          out: "started and stopped",
        });
        expect(fs.readdirSync(tmpdir)).toEqual([]);
      } finally {
        fs.rmSync(tmpdir, { recursive: true, force: true });
      }
    },
    CLUSTER_START_TIMEOUT,
  );

  test(
    "an owner killed with SIGKILL leaves nothing behind: its watchdog stops and deletes it",
    async () => {
      postgresBinDir();
      const script = `require(${JSON.stringify(path.join(PROJECT_DIR, "src/local/postgres.ts"))})
        .startCluster().then((c) => console.log(JSON.stringify({ pid: c.pid, dir: c.dir })));
        setInterval(() => undefined, 1000);`;
      const owner = spawn(process.execPath, [...TYPESCRIPT_NODE_ARGS, "-e", script], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      const started = await new Promise<{ pid: number; dir: string }>((resolve) =>
        owner.stdout!.once("data", (chunk: Buffer) => resolve(JSON.parse(chunk.toString()))),
      );
      expect(isAlive(started.pid)).toBe(true);
      owner.kill("SIGKILL");
      await waitUntil("the cluster to be gone", () => !isAlive(started.pid), 20_000);
      await waitUntil("its dir to be deleted", () => !fs.existsSync(started.dir), 20_000);
    },
    CLUSTER_START_TIMEOUT,
  );
});
