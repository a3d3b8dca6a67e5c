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
const fs = require("fs");
const path = require("path");

const { transpile, cacheKey } = require("./transpile");

const CACHE_DIR = path.join(__dirname, "..", "node_modules", ".cache", "ts-register");

/** `file` compiled, from the cache when its source was compiled before. */
function compileCached(file, source = fs.readFileSync(file, "utf8")) {
  const cached = path.join(CACHE_DIR, `${cacheKey(source, file)}.js`);
  try {
    return fs.readFileSync(cached, "utf8");
  } catch {
    const { code } = transpile(source, file);
    // Written aside then renamed: concurrent runs never read a half-written file.
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const partial = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(partial, code);
    fs.renameSync(partial, cached);
    return code;
  }
}

require.extensions[".ts"] = function compileTypeScript(module, file) {
  module._compile(compileCached(file), file);
};

module.exports = { compileCached };
