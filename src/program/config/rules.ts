import type { StackConfig } from "./parse";
import { DEFAULT_PIPELINE_STACK } from "./schema";
import {
  MAX_DYNOS_PER_APP,
  MAX_RUNNING_ECO_DYNOS,
  PREBOOT_TIERS,
  conflictingTiers,
  domainResourceSuffix,
  dynoTier,
  formationSummary,
} from "../heroku-rules";

/**
 * Rules that need the whole stack config at once. Each returns problems (the stack can't be
 * deployed as written) or warnings (it can, but probably shouldn't), with the key path to blame.
 */

export interface ConfigProblem {
  path: readonly PropertyKey[];
  message: string;
}

export function crossFieldProblems(config: StackConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const sizes = config.formation.map(({ size }) => size);
  const tiers = conflictingTiers(sizes);
  if (tiers.length > 0) {
    problems.push({
      path: ["formation"],
      message: `mixes dyno tiers ${tiers.join(" and ")}; an app on Eco or Basic dynos uses that tier for every process type (${describeFormation(config)})`,
    });
  }
  const web = config.formation.find(({ type }) => type === "web");
  if (config.features.preboot && web && !PREBOOT_TIERS.includes(dynoTier(web.size))) {
    problems.push({
      path: ["features", "preboot"],
      message: `preboot needs Standard or Performance web dynos, and web is "${web.size}"`,
    });
  }
  problems.push(...dynoCountProblems(config));
  for (const name of Object.keys(config.sensitiveVars)) {
    if (Object.hasOwn(config.configVars, name)) {
      problems.push({
        path: ["configVars", name],
        message: "is also in sensitiveVars; keep it in one place",
      });
    }
  }
  problems.push(...domainProblems(config.domains));
  if (config.deploy.kind === "promote" && sameStack(config.deploy.fromStack, config)) {
    problems.push({
      path: ["deploy", "promoteFrom"],
      message:
        "a stack can't promote from itself; promote from the stack that builds (e.g. staging), or pin a slug with deploy: {slugId: <uuid>}",
    });
  }
  if (config.stage !== "staging" && sameStack(config.pipelineStack, config)) {
    problems.push({
      path: ["pipelineStack"],
      message: `only a staging stack owns a pipeline; this stack's stage is "${config.stage}": name the staging stack that owns the pipeline`,
    });
  }
  // Pulumi.yaml's default ("staging") is always there; any other value on staging does nothing.
  if (config.stage === "staging" && config.pipelineStack !== DEFAULT_PIPELINE_STACK) {
    problems.push({
      path: ["pipelineStack"],
      message: `has no effect on a staging stack, which owns its own pipeline; remove it (or set stage to review, development or production to couple to ${JSON.stringify(config.pipelineStack)}'s pipeline)`,
    });
  }
  return problems;
}

/**
 * Heroku's scaling limits across process types (per process type, the schema checks them):
 * at most 100 dynos per app, at most two running Eco dynos.
 */
function dynoCountProblems(config: StackConfig): ConfigProblem[] {
  const total = config.formation.reduce((sum, { quantity }) => sum + quantity, 0);
  const eco = config.formation
    .filter(({ size }) => dynoTier(size) === "eco")
    .reduce((sum, { quantity }) => sum + quantity, 0);
  const problems: ConfigProblem[] = [];
  if (total > MAX_DYNOS_PER_APP) {
    problems.push({
      path: ["formation"],
      message: `runs ${total} dynos in all; Heroku runs at most ${MAX_DYNOS_PER_APP} per app (${formationSummary(config.formation)}; Heroku support can raise the limit)`,
    });
  }
  if (eco > MAX_RUNNING_ECO_DYNOS) {
    problems.push({
      path: ["formation"],
      message: `runs ${eco} Eco dynos; an app on Eco dynos runs at most ${MAX_RUNNING_ECO_DYNOS} at once (${formationSummary(config.formation)})`,
    });
  }
  return problems;
}

/** Listed twice, or two hostnames that would give two Domain resources the same name. */
function domainProblems(domains: readonly string[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const bySuffix = new Map<string, string>();
  domains.forEach((domain, index) => {
    const suffix = domainResourceSuffix(domain);
    const earlier = bySuffix.get(suffix);
    if (earlier === domain) {
      problems.push({ path: ["domains", index], message: `"${domain}" is listed twice` });
    } else if (earlier !== undefined) {
      problems.push({
        path: ["domains", index],
        message: `"${domain}" and "${earlier}" would both be the resource "…-domain-${suffix}", which Pulumi can't declare twice; keep one of them`,
      });
    } else {
      bySuffix.set(suffix, domain);
    }
  });
  return problems;
}

export function stackWarnings(config: StackConfig): ConfigProblem[] {
  const warnings: ConfigProblem[] = [];
  if (config.herokuStack === "heroku-22") {
    warnings.push({
      path: ["stack"],
      message: '"heroku-22" is being phased out for builds; move to heroku-24',
    });
  }
  if (config.stage === "production" && !config.protect) {
    warnings.push({ path: ["protect"], message: "a production stack should set protect: true" });
  }
  return warnings;
}

function describeFormation(config: StackConfig): string {
  return config.formation.map(({ type, size }) => `${type}: ${size}`).join(", ");
}

/** `staging`, `org/staging` and `org/<this project>/staging` all name the same stack. */
function sameStack(reference: string, config: StackConfig): boolean {
  const parts = reference.split("/");
  const stack = parts[parts.length - 1];
  const project = parts.length === 3 ? parts[1] : config.project;
  return stack === config.stack && project === config.project;
}
