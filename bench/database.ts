/**
 * Database section: requests per second on `GET /tasks/:id` — one primary-key read through the
 * real app (helmet, the request log line, validation, the task's JSON) — against the same read
 * done by a bare Express handler on a bare `pg` pool of the same size, both on one throwaway
 * PostgreSQL (src/local/postgres.ts) migrated by the app's own release phase.
 */
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { startCluster } from "../src/local/postgres";
import { APP_DIR } from "../src/program/paths";
import { CONNECTIONS, ROUNDS, SECONDS_PER_ROUND, compareThroughput, startServer } from "./app";
import type { BenchRow } from "./index";

/** The app's default pool per dyno (app/src/config.js DEFAULT_POOL_MAX), given to both. */
const POOL_MAX = 5;
const TASK_PATH = "/tasks/1";

const BARE_PG = `
  const express = require(${JSON.stringify(require.resolve("express", { paths: [APP_DIR] }))});
  const { Pool } = require(${JSON.stringify(require.resolve("pg", { paths: [APP_DIR] }))});
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: ${POOL_MAX} });
  const app = express();
  app.get("/tasks/:id", async (req, res) => {
    const { rows } = await pool.query("select * from tasks where id = $1", [req.params.id]);
    res.json(rows[0]);
  });
  app.listen(Number(process.env.PORT), "127.0.0.1");
`;

export async function benchDatabase(): Promise<BenchRow[]> {
  const cluster = await startCluster();
  try {
    const env = { NODE_ENV: "production", DATABASE_URL: cluster.url };
    migrateAndSeed(env);
    const appServer = await startServer([path.join(APP_DIR, "src", "server.js")], env, TASK_PATH);
    const baseline = await startServer(["-e", BARE_PG], env, TASK_PATH);
    try {
      const { appRate, baselineRate, ratio } = await compareThroughput(appServer, baseline);
      return [
        {
          figure: `GET ${TASK_PATH} throughput (a database read)`,
          value: `${Math.round(appRate)} req/s`,
          baseline: `bare Express + pg, same query: ${Math.round(baselineRate)} req/s`,
          ratio,
          // The same read costs both a round trip to PostgreSQL (on the same cores), which the
          // app's own per-request work (helmet, the log line, validation) is measured against:
          // it may take no larger share than on GET /, whose goal is 0.8.
          goal: { atLeast: 0.8 },
          note:
            `autocannon, ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ` +
            `${SECONDS_PER_ROUND} s, medians; pool of ${POOL_MAX} connections each; ` +
            `PostgreSQL on 127.0.0.1 (fsync off, a throwaway cluster), ` +
            `${os.cpus().length} CPUs shared by autocannon, the server and PostgreSQL`,
        },
      ];
    } finally {
      appServer.child.kill("SIGTERM");
      baseline.child.kill("SIGTERM");
    }
  } finally {
    await cluster.stop();
  }
}

/** The app's release phase (its migrations), then one task to read. */
function migrateAndSeed(env: Record<string, string>): void {
  const release = spawnSync(process.execPath, [path.join(APP_DIR, "src", "release.js")], {
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
  });
  if (release.status !== 0) throw new Error(`release phase failed: ${release.stdout}`);
  const seed = `
    const { Client } = require(${JSON.stringify(require.resolve("pg", { paths: [APP_DIR] }))});
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    client.connect()
      .then(() => client.query("insert into tasks (text) values ('benchmark')"))
      .then(() => client.end());
  `;
  const seeded = spawnSync(process.execPath, ["-e", seed], {
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
  });
  if (seeded.status !== 0) throw new Error(`seeding failed: ${seeded.stderr}`);
}
