/**
 * Runs index.ts the way `pulumi up` starts it (node_modules/@pulumi/pulumi/cmd/run/run.js): the
 * SDK's vendored ts-node 7.0.1 with the project's TypeScript and tsconfig.json, type-checking,
 * with the compiler options run.js adds — here under the SDK's mocks, with each stack file's
 * config in turn: one type-check, then the program run afresh per stack (as `npm run plan` does).
 * Usage: node test/support/cli-compile.js <project dir> <stack>...
 */
"use strict";
const fs = require("fs");
const path = require("path");

const [projectDir, ...stacks] = process.argv.slice(2);
process.chdir(projectDir);
const projectRequire = require("module").createRequire(path.join(projectDir, "package.json"));
const sdkDir = path.dirname(projectRequire.resolve("@pulumi/pulumi/package.json"));
const tsutils = projectRequire("@pulumi/pulumi/tsutils");
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
// Resolved as run.js resolves them: from the SDK's own directory (ts-node: the vendored 7.0.1).
const sdkRequire = require("module").createRequire(path.join(sdkDir, "tsutils.js"));
sdkRequire(tsnodeRequire).register({
  compiler: typescriptRequire,
  project: "tsconfig.json",
  skipProject: false,
  compilerOptions: {
    target: "ES2020",
    module: "nodenext",
    moduleResolution: "nodenext",
    sourceMap: "true",
    ...tsutils.loadTypeScriptCompilerOptions("tsconfig.json"),
  },
});

// ts-node's output, kept per file: the program runs afresh per stack without a second check.
const compileTypeScript = require.extensions[".ts"];
const compiled = new Map();
require.extensions[".ts"] = (module, filename) => {
  if (compiled.has(filename)) return module._compile(compiled.get(filename), filename);
  const compile = module._compile;
  module._compile = function keep(code, file) {
    compiled.set(file, code);
    return compile.call(this, code, file);
  };
  return compileTypeScript(module, filename);
};

const pulumi = projectRequire("@pulumi/pulumi");
const { loadStackFile } = projectRequire("./src/stack-files/load");
const { acknowledgeHooks } = projectRequire("./src/plan/mock-run");
const root = fs.realpathSync(projectDir);
const own = (file) => {
  const relative = path.relative(root, file);
  return !relative.startsWith("..") && !relative.split(path.sep).includes("node_modules");
};

(async () => {
  for (const stack of stacks) {
    const file = loadStackFile(stack);
    await pulumi.runtime.setMocks(
      {
        newResource: ({ name, inputs }) => ({ id: `${name}-id`, state: inputs }),
        // Every stack this one builds on has been deployed (the program checks that first).
        call: ({ token, inputs }) =>
          token === "pulumi:pulumi:readStackOutputs"
            ? { name: inputs.name, outputs: { slugId: "slug", pipelineId: "pipeline" } }
            : {},
      },
      file.project,
      file.stack,
      true,
      "organization",
    );
    acknowledgeHooks();
    pulumi.runtime.setAllConfig(file.config, file.secretKeys);
    // The program's own modules run afresh for each stack; ts-node compiled them once (above).
    for (const module of Object.keys(require.cache)) if (own(module)) delete require.cache[module];
    // index.ts exports an async function, which the CLI calls: its result is the outputs.
    const exported = projectRequire("./index.ts");
    const program = typeof exported === "function" ? await exported() : exported;
    await pulumi.runtime.disconnect();
    process.stdout.write(`compiled ${stack}: ${Object.keys(program).sort().join(",")}\n`);
  }
})().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exitCode = 1;
});
