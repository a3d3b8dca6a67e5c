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
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const OPTIONS = { loader: "ts", format: "cjs", target: "node20", sourcemap: "inline" };
const CACHE_DIR = path.join(__dirname, "..", "node_modules", ".cache", "ts-register");
/**
 * The generated SDK (sdk/heroku/, `pulumi package gen-sdk`) relies on TypeScript's CommonJS emit:
 * it writes `exports.App = null`, then `lazyLoad(exports, ["App"], …)` redefines the property.
 * esbuild exports getters over module-local bindings instead, so the redefinition never reaches
 * module.exports (`heroku.app.App is not a constructor`): TypeScript's own transpiler compiles it.
 */
const GENERATED_SDK = path.join(__dirname, "..", "sdk", "heroku") + path.sep;
const TS_OPTIONS = { module: "commonjs", target: "es2022", inlineSourceMap: true };
let esbuild; // loaded on the first cache miss only
let typescript; // likewise, and only for the generated SDK

require.extensions[".ts"] = function compileTypeScript(module, file) {
  const source = fs.readFileSync(file, "utf8");
  const generated = fs.realpathSync(file).startsWith(GENERATED_SDK);
  const key = crypto
    .createHash("sha256")
    .update(JSON.stringify(generated ? TS_OPTIONS : OPTIONS))
    .update(file)
    .update("\0")
    .update(source)
    .digest("hex");
  const cached = path.join(CACHE_DIR, `${key}.js`);
  let code;
  try {
    code = fs.readFileSync(cached, "utf8");
  } catch {
    if (generated) {
      typescript ??= require("typescript");
      code = typescript.transpileModule(source, {
        compilerOptions: TS_OPTIONS,
        fileName: file,
      }).outputText;
    } else {
      esbuild ??= require("esbuild");
      code = esbuild.transformSync(source, { ...OPTIONS, sourcefile: file }).code;
    }
    // Written aside then renamed: concurrent runs never read a half-written file.
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const partial = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(partial, code);
    fs.renameSync(partial, cached);
  }
  module._compile(code, file);
};
