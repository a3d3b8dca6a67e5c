/**
 * A Heroku app as code. Everything that differs between environments is in Pulumi.<stack>.yaml;
 * this program reads it, declares one Heroku environment from it, and exports what a person or
 * another stack needs to know about it.
 *
 * An async function, which the Pulumi CLI calls and awaits (its result: the stack outputs), so
 * the program can ask the engine about other stacks before it declares anything.
 */
import { bundleApp } from "./src/program/bundle";
import { HerokuEnvironment } from "./src/program/environment";
import { appNamePrefix } from "./src/program/heroku-rules";
import { readStackConfig } from "./src/program/config/read";
import { checkUpstreams } from "./src/program/upstream-check";

export = async () => {
  // 1. Config: read once, validated; every problem is reported before anything is registered.
  const config = readStackConfig();

  // 2. The stacks it builds on (the promoted one, the pipeline owner) hold what it reads of them.
  await checkUpstreams(config);

  // 3. One environment: app, config vars, release (build of app/ or promotion), formation, extras.
  const env = new HerokuEnvironment("heroku", {
    ...config,
    namePrefix: appNamePrefix(config.project, config.stack),
    source: config.deploy.kind === "build" ? { kind: "build", bundle: bundleApp() } : config.deploy,
  });

  // 4. Outputs: names and ids, never a config value (the sensitive ones are secrets anyway).
  return {
    appName: env.appName,
    appId: env.appId,
    webUrl: env.webUrl,
    slugId: env.slugId,
    releaseId: env.releaseId,
    pipelineId: env.pipelineId,
    appPlacement: env.appPlacement,
    origin: env.origin,
    formation: env.formationSummary,
    configVarNames: env.configVarNames,
    sensitiveVarNames: env.sensitiveVarNames,
  };
};
