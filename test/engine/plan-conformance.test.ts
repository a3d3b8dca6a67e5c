import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseDocument } from "yaml";
import { upstreamFirst, upstreamOf } from "../../src/plan/change/order";
import type { PreviewJson } from "../../src/plan/change/steps";
import { PROJECT_DIR } from "../../src/program/paths";
import { listStacks } from "../../src/stack-files/load";
import { EngineSandbox, expectSuccess } from "../support/engine-sandbox";
import { FIXTURES_DIR } from "../support/paths";
import { planDifferences } from "../support/plan-conformance";
import { planOnce } from "../support/plans";

/**
 * The offline plan (`npm run plan -- <stack>`) stays only while it says what the engine says: for
 * every stack file of the project and every fixture, the engine's preview of that stack from
 * nothing (its upstream stacks deployed first) has the plan's resources, parents, options and
 * inputs, as far as both know them (test/support/plan-conformance.ts).
 */

const TIMEOUT = 600_000;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "plan-conformance-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/**
 * The stack file as both get it: without its import ids, which name resources of a real Heroku
 * account (the sandbox has none; test/program/imports.test.ts holds what they do).
 */
function withoutImports(file: string): string {
  const doc = parseDocument(fs.readFileSync(file, "utf8"));
  doc.deleteIn(["config", "heroku-app:import"]);
  const copy = path.join(scratch, path.basename(path.dirname(file)), path.basename(file));
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  fs.writeFileSync(copy, doc.toString());
  return copy;
}

describe.each([
  ["the fixtures", FIXTURES_DIR],
  ["the project's stack files", PROJECT_DIR],
])("%s", (_, dir) => {
  const stacks = listStacks(dir);
  const file = (stack: string) => path.join(dir, `Pulumi.${stack}.yaml`);
  let sandbox: EngineSandbox;
  const previews = new Map<string, PreviewJson>();

  beforeAll(async () => {
    sandbox = await EngineSandbox.start(
      Object.fromEntries(stacks.map((stack) => [stack, withoutImports(file(stack))])),
    );
    // Read where the sandbox has them, beside the project's Pulumi.yaml (its defaults apply).
    const upstream = (stack: string) => upstreamOf(sandbox.stacksDir, stack);
    const order = upstreamFirst(stacks, upstream);
    for (const [index, stack] of order.entries()) {
      const preview = await sandbox.preview(stack, "--json", "--show-sames", "--show-reads");
      previews.set(stack, JSON.parse(preview.stdout) as PreviewJson);
      const read = order.slice(index + 1).some((later) => upstream(later).includes(stack));
      if (read) expectSuccess(await sandbox.up(stack));
    }
  }, TIMEOUT);
  afterAll(() => sandbox?.close());

  test.each(stacks)(
    "%s: the engine's preview has the plan's resources and inputs",
    async (stack) => {
      const plan = await planOnce(withoutImports(file(stack)));
      expect(planDifferences(plan, previews.get(stack)!)).toEqual([]);
    },
  );
});
