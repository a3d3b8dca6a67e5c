/**
 * In-repo stand-in for the published @pulumiverse/heroku 1.0.4 Node SDK, limited to what this
 * program declares. Same module layout, so `import * as heroku from "@pulumiverse/heroku"` reads
 * identically with either package. See README.md.
 */
export * as addon from "./addon";
export * as app from "./app";
export * as build from "./build";
export * as domain from "./domain";
export * as drain from "./drain";
export * as formation from "./formation";
export * as pipeline from "./pipeline";
export * as types from "./types";
export * from "./provider";
