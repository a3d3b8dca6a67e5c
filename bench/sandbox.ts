import * as path from "path";
import type { BenchRow } from "./index";
import { PROJECT_DIR } from "../src/program/paths";
import { RecordsOnlyRuntime } from "../src/sandbox/api/runtime";
import type { Runtime } from "../src/sandbox/api/runtime";
import { DynoRuntime } from "../src/sandbox/dynos/runtime";
import { requirePostgresBinDir } from "../src/local/postgres-binaries";
import { EngineSandbox } from "../test/support/engine-sandbox";

/**
 * What the sandbox running the app costs `npm run sandbox -- up staging`: from nothing to the
 * app answering at its webUrl, against the same `up` with the records-only runtime (the engine and
 * the API, nothing built or run) in the same run; how much of it the build is; and a second `up`
 * with nothing to change against a `preview` of the same stack (what a no-op `up` can't beat).
 */
export async function benchSandbox(): Promise<BenchRow[]> {
  requirePostgresBinDir(); // one line saying how to install it, rather than a failed add-on
  const records = await timedUp(() => new RecordsOnlyRuntime(0), false);
  let buildMs = 0;
  const real = await timedUp((dir) => {
    const runtime = new DynoRuntime({ dir });
    const build = runtime.build.bind(runtime);
    runtime.build = async (input) => {
      const started = performance.now();
      try {
        return await build(input);
      } finally {
        buildMs += performance.now() - started;
      }
    };
    return runtime;
  });
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    {
      figure: "up staging from nothing to its page served at webUrl",
      value: seconds(real.serving),
      baseline: `the same up, records only: ${seconds(records.up)}`,
      ratio: real.serving / records.up,
      goal: { atMost: 2 },
      note: "a real build (npm ci, prune), the release phase and a PostgreSQL cluster, then web.1 up behind the router",
    },
    {
      figure: "the build's share of that up",
      value: seconds(buildMs),
      baseline: `the whole up: ${seconds(real.serving)}`,
      ratio: buildMs / real.serving,
      goal: { atMost: 0.5 },
      note: "the Node.js buildpack's steps on the uploaded source, npm's cache warm",
    },
    {
      figure: "a no-op up (dynos running)",
      value: seconds(real.noOp),
      baseline: `pulumi preview of the same stack: ${seconds(real.preview)}`,
      ratio: real.noOp / real.preview,
      goal: { atMost: 1.5 },
    },
  ];
}

/** One sandbox with this runtime: `up staging` from nothing, then a preview and a no-op up. */
async function timedUp(runtime: (apiDir: string) => Runtime, serves = true) {
  const sandbox = await EngineSandbox.start(
    { staging: path.join(PROJECT_DIR, "test", "fixtures", "Pulumi.staging.yaml") },
    { runtime },
  );
  try {
    const started = performance.now();
    check(await sandbox.up("staging"));
    const up = performance.now() - started;
    const { webUrl } = await sandbox.outputs("staging");
    const serving = serves ? (await servedBy(webUrl as string, started + 180_000)) - started : up;
    const previewStarted = performance.now();
    check(await sandbox.preview("staging", "--expect-no-changes"));
    const preview = performance.now() - previewStarted;
    const noOpStarted = performance.now();
    check(await sandbox.up("staging", "--expect-no-changes"));
    const noOp = performance.now() - noOpStarted;
    return { up, serving, preview, noOp };
  } finally {
    await sandbox.close();
  }
}

/** When `url` first answered 200 (polled). */
async function servedBy(url: string, deadline: number): Promise<number> {
  for (;;) {
    try {
      if ((await fetch(url)).status === 200) return performance.now();
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`${url} did not answer 200 in time`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function check(result: { status: number; stdout: string; stderr: string }): void {
  if (result.status !== 0)
    throw new Error(`pulumi exited ${result.status}\n${result.stdout}\n${result.stderr}`);
}
