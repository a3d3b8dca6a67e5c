/**
 * `npm ci`'s last step (package.json's postinstall): compiles every TypeScript file the program and
 * the tools load into tools/register.js's cache, so the first `pulumi preview` or `npm run …` after
 * a clone starts as fast as the next one (`npm run bench -- start`: precompiled JavaScript is the
 * baseline). An edited file is compiled again on its next load; nothing here is needed for that.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { compileCached } = require("./transpile");

const ROOT = path.join(__dirname, "..");
// The SDK where node resolves it from (sdk/heroku/ here, wherever a copy of the project links it).
const SDK = fs.realpathSync(path.dirname(require.resolve("@pulumiverse/heroku/package.json")));
const SOURCES = ["index.ts", "src", "tools", SDK];

function* typescriptFiles(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (stat === undefined) return;
  if (stat.isFile()) {
    if (entry.endsWith(".ts") && !entry.endsWith(".d.ts")) yield entry;
    return;
  }
  for (const child of fs.readdirSync(entry)) {
    if (child !== "node_modules") yield* typescriptFiles(path.join(entry, child));
  }
}

let count = 0;
for (const source of SOURCES) {
  for (const file of typescriptFiles(path.resolve(ROOT, source))) {
    compileCached(file);
    count++;
  }
}
if (process.env.npm_lifecycle_event !== "postinstall") console.log(`compiled ${count} files`);
