import type { StackConfig } from "./parse";
import { PREBOOT_TIERS, conflictingTiers, dynoTier } from "../heroku-rules";

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
  for (const name of Object.keys(config.sensitiveVars)) {
    if (name in config.configVars) {
      problems.push({
        path: ["configVars", name],
        message: "is also in sensitiveVars; keep it in one place",
      });
    }
  }
  const seen = new Set<string>();
  config.domains.forEach((domain, index) => {
    if (seen.has(domain))
      problems.push({ path: ["domains", index], message: `"${domain}" is listed twice` });
    seen.add(domain);
  });
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
