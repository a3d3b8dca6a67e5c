/**
 * jest's transform for TypeScript (jest.config.js): tools/transpile.js, the compile the tools and
 * `pulumi` run the program with. Replaces ts-jest, which compiled each file with TypeScript's
 * transpiler in every worker (the generated SDK alone is hundreds of files): a fresh clone's
 * `npm test` spent most of its time there.
 */
"use strict";
const { transpile, cacheKey } = require("./transpile");

module.exports = {
  process(source, file) {
    return transpile(source, file, "aside");
  },
  getCacheKey(source, file) {
    return cacheKey(source, file);
  },
};
