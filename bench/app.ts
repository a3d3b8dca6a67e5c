/**
 * App section: requests per second on `GET /` for the real app against a bare Express
 * hello-world (the same express, from app/node_modules), both under autocannon on
 * loopback with the same connections and duration. Each server runs in its own child
 * process so it does not share an event loop with autocannon.
 */
import autocannon from "autocannon";
import { spawn, type ChildProcess } from "node:child_process";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { freeLoopbackPort } from "../src/local/preflight";
import { APP_DIR } from "../src/program/paths";
import type { BenchRow } from "./index";

export const CONNECTIONS = 50;
const WARM_UP_SECONDS = 1;
export const SECONDS_PER_ROUND = 3;
// App and baseline alternate in rounds and the median of the per-round ratios is kept, so
// that load from other processes on the machine hits both alike. Rounds of 3 s measure the
// steady state: with 1 s rounds the ratio swung between 0.73 and 0.84 from run to run.
export const ROUNDS = 7;

const HELLO_WORLD = `
  const express = require(${JSON.stringify(require.resolve("express", { paths: [APP_DIR] }))});
  const app = express();
  app.get("/", (req, res) => res.send("Hello World!"));
  app.listen(Number(process.env.PORT), "127.0.0.1");
`;

export async function benchApp(): Promise<BenchRow[]> {
  // Production settings, as on a dyno. Per-request logging stays on, as it would in a
  // real deployment; stdout goes to /dev/null so the terminal is not what is measured.
  const appServer = await startServer([path.join(APP_DIR, "src", "server.js")], {
    NODE_ENV: "production",
  });
  const baseline = await startServer(["-e", HELLO_WORLD], { NODE_ENV: "production" });
  try {
    const { appRate, baselineRate, ratio } = await compareThroughput(appServer, baseline);
    return [
      {
        figure: "GET / throughput",
        value: `${Math.round(appRate)} req/s`,
        baseline: `bare Express hello-world: ${Math.round(baselineRate)} req/s`,
        ratio,
        goal: { atLeast: 0.8 },
        note:
          `autocannon, ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ` +
          `${SECONDS_PER_ROUND} s each, medians (ratio = median of per-round ratios), ` +
          `loopback, ${os.cpus().length} CPUs shared by autocannon and the server; ` +
          `app with NODE_ENV=production, helmet, the JSON body parser and one pino ` +
          `log line per request written to /dev/null (logging kept on, as deployed)`,
      },
    ];
  } finally {
    appServer.child.kill("SIGTERM");
    baseline.child.kill("SIGTERM");
  }
}

export interface Server {
  child: ChildProcess;
  url: string;
}

/** Median throughputs of app and baseline, alternating rounds, and the median per-round ratio. */
export async function compareThroughput(appServer: Server, baseline: Server) {
  for (const server of [appServer, baseline]) await load(server.url, WARM_UP_SECONDS);
  const appRates: number[] = [];
  const baselineRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    appRates.push(await requestsPerSecond(appServer.url));
    baselineRates.push(await requestsPerSecond(baseline.url));
  }
  return {
    appRate: median(appRates),
    baselineRate: median(baselineRates),
    ratio: median(appRates.map((rate, round) => rate / baselineRates[round])),
  };
}

export async function startServer(
  args: string[],
  env: Record<string, string>,
  urlPath = "/",
): Promise<Server> {
  const port = await freeLoopbackPort();
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? "", PORT: String(port), ...env },
    stdio: ["ignore", "ignore", "inherit"], // "ignore" is /dev/null: logs are written, not shown
  });
  const url = `http://127.0.0.1:${port}${urlPath}`;
  await waitUntilAnswering(url, child);
  return { child, url };
}

async function requestsPerSecond(url: string): Promise<number> {
  const result = await load(url, SECONDS_PER_ROUND);
  if (result.errors || result.non2xx) {
    throw new Error(`${url}: ${result.errors} errors, ${result.non2xx} non-2xx answers`);
  }
  return result.requests.total / result.duration;
}

function load(url: string, duration: number): Promise<autocannon.Result> {
  return autocannon({ url, connections: CONNECTIONS, duration });
}

async function waitUntilAnswering(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (await answers(url)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} did not answer within 10 s`);
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    http
      .get(url, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      })
      .on("error", () => resolve(false));
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
