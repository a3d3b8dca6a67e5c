/**
 * What the offline tools and jest give @pulumi/pulumi for its typescript-shim: TypeScript's
 * compiler (9 MB of JavaScript), loaded on first use instead of when the SDK starts. The SDK
 * requires it at load (runtime/closure/parseFunction.js) only to parse functions it serializes
 * into resources, which this program never does: measured here, 0.34 s of every process's and
 * every jest test file's start. Anything that does use it gets the real compiler.
 */
"use strict";

let typescript;
const load = () => (typescript ??= require("typescript"));

module.exports = new Proxy(
  {},
  {
    get: (_, key) => Reflect.get(load(), key),
    has: (_, key) => Reflect.has(load(), key),
  },
);
