/**
 * A Heroku app as code. Everything that differs between environments is in Pulumi.<stack>.yaml;
 * this program reads it, declares one Heroku environment from it, and exports what a person or
 * another stack needs to know about it.
 */
import { bundleApp } from "./src/program/bundle";
import { HerokuEnvironment } from "./src/program/environment";
import { appNamePrefix } from "./src/program/heroku-rules";
import { readStackConfig } from "./src/program/config/read";

// 1. Config: read once, validated; every problem is reported before anything is registered.
const config = readStackConfig();

// 2. One environment: app, config vars, release (build of app/ or promotion), formation, extras.
const env = new HerokuEnvironment("heroku", {
  ...config,
  namePrefix: appNamePrefix(config.project, config.stack),
  source: config.deploy.kind === "build" ? { kind: "build", bundle: bundleApp() } : config.deploy,
});

// 3. Outputs: names and ids, never a config value (the sensitive ones are secrets anyway).
export const appName = env.appName;
export const appId = env.appId;
export const webUrl = env.webUrl;
export const slugId = env.slugId;
export const releaseId = env.releaseId;
export const pipelineId = env.pipelineId;
export const appPlacement = env.appPlacement;
export const origin = env.origin;
export const formation = env.formationSummary;
export const configVarNames = env.configVarNames;
export const sensitiveVarNames = env.sensitiveVarNames;
