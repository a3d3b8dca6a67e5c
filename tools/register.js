/**
 * Runs the TypeScript tools (`node -r ./tools/register.js tools/plan.ts`): a require hook for
 * `.ts` files only, transpiled by esbuild and cached by content, so a warm run transpiles
 * nothing and never starts esbuild.
 *
 * Why not tsx: its loader intercepts every module, and a Pulumi program loads ~770 of them
 * (the SDK alone). Measured here (`npm run bench`, plan section): tsx made `npm run plan` about
 * twice the floor of node loading the SDK; this hook, about 1.25×. Type checking is `tsc`'s job
 * (CI runs it); this only strips types. Run with --enable-source-maps for TypeScript positions.
 */
"use strict";
const { compileCached } = require("./transpile");

require.extensions[".ts"] = function compileTypeScript(module, file) {
  module._compile(compileCached(file), file);
};
