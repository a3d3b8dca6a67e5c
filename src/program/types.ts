/**
 * The Pulumi type tokens of what the program declares (provider v1.0.4's, random's, the
 * engine's). Dependency-free: the guardrails, which the policy pack compiles on its own,
 * name resources by these too.
 */
export const TYPE = {
  app: "heroku:app/app:App",
  config: "heroku:app/configAssociation:ConfigAssociation",
  build: "heroku:build/build:Build",
  release: "heroku:app/release:Release",
  formation: "heroku:formation/formation:Formation",
  pipeline: "heroku:pipeline/pipeline:Pipeline",
  coupling: "heroku:pipeline/coupling:Coupling",
  addon: "heroku:addon/addon:Addon",
  domain: "heroku:domain/domain:Domain",
  drain: "heroku:drain/drain:Drain",
  feature: "heroku:app/feature:Feature",
  randomString: "random:index/randomString:RandomString",
  randomPassword: "random:index/randomPassword:RandomPassword",
  stackReference: "pulumi:pulumi:StackReference",
} as const;
