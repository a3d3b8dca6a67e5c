/**
 * Runs index.ts the way `pulumi up` starts it (node_modules/@pulumi/pulumi/cmd/run/run.js): the
 * SDK's vendored ts-node 7.0.1 with the project's TypeScript and tsconfig.json, type-checking,
 * with the compiler options run.js adds — here under the SDK's mocks, with a stack file's config.
 * Usage: node test/support/cli-compile.js <project dir> <stack>
 */
"use strict";
const path = require("path");

const [projectDir, stack] = process.argv.slice(2);
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

const pulumi = projectRequire("@pulumi/pulumi");
const { loadStackFile } = projectRequire("./src/stack-files/load");
const file = loadStackFile(stack);
pulumi.runtime.setMocks(
  {
    newResource: ({ name, inputs }) => ({ id: `${name}-id`, state: inputs }),
    call: () => ({}),
  },
  file.project,
  file.stack,
  true,
  "organization",
);
pulumi.runtime.setAllConfig(file.config, file.secretKeys);
const program = projectRequire("./index.ts");
process.stdout.write(`compiled: ${Object.keys(program).sort().join(",")}\n`);
