/**
 * jest's transform for TypeScript (jest.config.js): tools/transpile.js, the compile the tools and
 * `pulumi` run the program with. Replaces ts-jest, which compiled each file with TypeScript's
 * transpiler in every worker (the generated SDK alone is hundreds of files): a fresh clone's
 * `npm test` spent most of its time there.
 */
"use strict";
const { cacheKey, compileCached } = require("./transpile");

module.exports = {
  // The tools' cache, source maps inline (jest reads them): in a fresh clone, what npm ci's
  // postinstall compiled (the program, the tools, the SDK) is not compiled again per worker.
  process(source, file) {
    return { code: compileCached(file, source) };
  },
  getCacheKey(source, file) {
    return cacheKey(source, file);
  },
};
