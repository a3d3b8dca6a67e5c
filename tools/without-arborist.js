/**
 * Loaded first by the tools that run the program under mocks (tools/plan.ts): @pulumi/pulumi's
 * require of @npmcli/arborist finds tools/no-arborist.js in require's cache instead (why: there).
 */
"use strict";
const path = require("path");

const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const resolved = require.resolve("@npmcli/arborist", { paths: [sdk] });
require.cache[resolved] ??= {
  id: resolved,
  filename: resolved,
  loaded: true,
  exports: require("./no-arborist"),
  children: [],
  paths: [],
};
