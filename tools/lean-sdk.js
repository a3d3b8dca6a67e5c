/**
 * Loaded first by the tools that run the program under mocks (tools/plan.ts): what @pulumi/pulumi
 * requires when it starts only to serialize JavaScript functions into resources, which this
 * program never does, is found in require's cache instead — @npmcli/arborist as
 * tools/no-arborist.js, the TypeScript compiler behind its typescript-shim as
 * tools/lazy-typescript.js (why: there). jest maps the same two (jest.config.js).
 */
"use strict";
const path = require("path");

const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

/** Makes `require(request)` from the SDK's own files answer `exports`. */
function preload(request, exports) {
  const resolved = require.resolve(request, { paths: [sdk] });
  require.cache[resolved] ??= {
    id: resolved,
    filename: resolved,
    loaded: true,
    exports,
    children: [],
    paths: [],
  };
}

preload("@npmcli/arborist", require("./no-arborist"));
preload("./typescript-shim", require("./lazy-typescript"));
