import type { BenchRow } from "./index";
import { runChangePlan } from "../src/plan/change/command";
import { ChangeSandbox } from "../src/plan/change/engine";
import { PROJECT_DIR } from "../src/program/paths";
import { findToolchain } from "../src/sandbox/engine/toolchain";

/**
 * The change plan through the engine (`npm run plan -- staging production --against HEAD`), against
 * what it can't do without: the plain `pulumi preview` of the same stacks, already deployed, in a
 * sandbox of the same kind. The difference is the price of answering without credentials or live
 * stacks — deploying the ref first (and staging again at the working tree, for production).
 */
const STACKS = ["staging", "production"];

export async function benchChange(): Promise<BenchRow[]> {
  const toolchain = findToolchain(true);
  const side = { dir: PROJECT_DIR, where: "in the working tree" };
  const sandbox = await ChangeSandbox.start(toolchain);
  let previews = 0;
  try {
    for (const stack of STACKS) {
      const deployed = await sandbox.deploy(side, stack);
      if (!deployed.ok) throw new Error(`${stack}: pulumi up failed: ${deployed.lines.join(" ")}`);
    }
    for (const stack of STACKS) {
      const started = performance.now();
      const preview = await sandbox.preview(side, stack);
      previews += performance.now() - started;
      if (!preview.ok) throw new Error(`${stack}: pulumi preview failed`);
    }
  } finally {
    await sandbox.close();
  }

  const err: string[] = [];
  const started = performance.now();
  const status = await runChangePlan(
    { ref: "HEAD", stacks: STACKS, format: "json" },
    { out: () => undefined, err: (text) => err.push(text) },
  );
  const change = performance.now() - started;
  if (status !== 0) throw new Error(`the change plan exited ${status}: ${err.join("")}`);
  return [
    {
      figure: "plan --against HEAD, staging and production (the engine, in a sandbox)",
      value: `${(change / 1000).toFixed(1)} s`,
      baseline: `pulumi preview of both, deployed: ${(previews / 1000).toFixed(1)} s`,
      ratio: change / previews,
      goal: { atMost: 8 },
      note: "one run each: the ref's staging and production deployed, both previewed, staging deployed at the working tree before production's preview",
    },
  ];
}
