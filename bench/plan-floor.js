/**
 * The floor the plan is measured against (bench/plan.ts): the least any offline plan must do —
 * start node, load @pulumi/pulumi, set mocks and register N custom resources in one stack.
 * Plain JavaScript on plain node, so nothing but that work is in it.
 * Usage: node bench/plan-floor.js <N>
 */
"use strict";

async function main() {
  const count = Number(process.argv[2]);
  if (!Number.isInteger(count) || count < 1) throw new Error("usage: plan-floor.js <count>");
  const pulumi = require("@pulumi/pulumi");
  await pulumi.runtime.setMocks(
    { newResource: ({ name, inputs }) => ({ id: `${name}-id`, state: inputs }), call: () => ({}) },
    "floor",
    "floor",
    false,
  );
  // The SDK's CustomResource is abstract; a provider SDK's class is this thin a subclass.
  class FloorResource extends pulumi.CustomResource {
    constructor(name, props) {
      super("floor:index:Resource", name, props);
    }
  }
  await pulumi.runtime.runInPulumiStack(async () => {
    for (let index = 0; index < count; index++) new FloorResource(`resource-${index}`, { index });
    return {};
  });
  await pulumi.runtime.disconnect();
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});
