import * as path from "path";

/** `node` arguments that run a TypeScript file the way the npm scripts do (tools/register.js). */
export const TYPESCRIPT_NODE_ARGS = [
  "-r",
  path.join(__dirname, "..", "..", "tools", "register.js"),
];
