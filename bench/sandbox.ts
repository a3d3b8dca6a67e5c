import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { BenchRow } from "./index";
import { APP_DIR, PROJECT_DIR } from "../src/program/paths";
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
  const npmCi = await bareInstall();
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    {
      figure: "up staging from nothing to its page served at webUrl",
      value: seconds(real.serving),
      baseline: `the same up, records only: ${seconds(records.up)}`,
      ratio: real.serving / records.up,
      // What running the app adds to the engine's own up, in order: a PostgreSQL cluster made
      // before the build (which waits for the add-on), the build, the release phase and the
      // program's backoff while it runs (src/program/release-wait.ts), web.1's boot.
      goal: { atMost: 2.5 },
      note: "a PostgreSQL cluster, a real build, the release phase, then web.1 up behind the router",
    },
    {
      figure: "the build's share of that up",
      value: seconds(buildMs),
      baseline: `the whole up: ${seconds(real.serving)}`,
      ratio: buildMs / real.serving,
      goal: { atMost: 0.5 },
      note: "npm's cache warm, as it is after npm ci (the build installs with --prefer-offline)",
    },
    {
      figure: "the build (the buildpack's steps on the uploaded source)",
      value: seconds(buildMs),
      baseline: `a bare npm ci of app/'s lockfile: ${seconds(npmCi)}`,
      ratio: buildMs / npmCi,
      goal: { atMost: 2.5 },
      note: "unpacking, npm ci with dev dependencies, the build script, the prune, the process types",
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
    // The app's page is polled while the up runs: a user can curl it once the up has returned.
    const firstServed = serves ? firstPage(sandbox, started + 180_000) : Promise.resolve(0);
    check(await sandbox.up("staging"));
    const up = performance.now() - started;
    const serving = Math.max(up, (await firstServed) - started);
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

/** When the sandbox's (only) app first answered 200 at its web_url. */
async function firstPage(sandbox: EngineSandbox, deadline: number): Promise<number> {
  for (;;) {
    const app = sandbox.api.platform.state.apps[0];
    try {
      if (app !== undefined && (await fetch(sandbox.api.platform.render.webUrl(app))).ok) {
        return performance.now();
      }
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error("the app never answered 200");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A bare `npm ci` of app/'s lockfile in a scratch directory, npm's cache warm: the build's floor. */
async function bareInstall(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-npm-ci-"));
  try {
    for (const file of ["package.json", "package-lock.json"]) {
      fs.copyFileSync(path.join(APP_DIR, file), path.join(dir, file));
    }
    const install = () =>
      execFileSync("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund"], {
        cwd: dir,
        stdio: "pipe",
      });
    install(); // warm: the first run may fetch into npm's cache
    const started = performance.now();
    install();
    return performance.now() - started;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function check(result: { status: number; stdout: string; stderr: string }): void {
  if (result.status !== 0)
    throw new Error(`pulumi exited ${result.status}\n${result.stdout}\n${result.stderr}`);
}
