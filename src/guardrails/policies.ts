import {
  DYNO_SIZES,
  PREBOOT_TIERS,
  dynoTier,
  isDataAddon,
  type DynoSize,
} from "../program/heroku-rules";
import { credentialShape, looksSecret } from "../program/credentials";
import { TYPE } from "../program/types";
import {
  appName,
  definePolicy,
  finding,
  fix,
  isProductionStack,
  isRecord,
  key,
  ofType,
  PLAIN_VARS_INPUT,
  webFormation,
} from "./checked";
import type { CheckedPlan, CheckedResource, Finding, Policy, Violation } from "./checked";
import { isMaskedSecret, plaintextCredentialWhat } from "./marks";

/**
 * The guardrails, as pure functions over "a resource as planned". The offline check
 * (`npm run plan -- <stack> --policy`) and the policy pack under the Pulumi CLI (policy/) both
 * call these, so a rule is written once. The guardrails import only each other and
 * src/program/heroku-rules.ts and credentials.ts (no Pulumi, no program code): the pack compiles them from its own
 * directory with its own dependencies.
 */

export const productionWebDynos = definePolicy(
  "production-web-dynos",
  "Production serves web traffic from 2 or more Standard or Performance dynos: one dyno is an outage on every restart, and Eco/Basic dynos can't scale out or preboot.",
  (resources, stack) => {
    if (!isProductionStack(resources)) return [];
    const web = webFormation(resources);
    if (web === undefined) {
      const message = `production declares no web dynos; ${fix(stack, "formation.web", "{quantity: 2, size: standard-1x} or larger")}`;
      return [finding(appName(resources), message)];
    }
    const { quantity, size } = web.inputs;
    const problems: Finding[] = [];
    if (typeof quantity === "number" && quantity < 2) {
      const dynos = `${quantity} web dyno${quantity === 1 ? "" : "s"}`;
      const message = `production runs ${dynos}, so a restart or a crash takes the site down; ${fix(stack, "formation.web.quantity", "2 or more")}`;
      problems.push(finding(web.name, message));
    }
    const tier = typeof size === "string" ? knownTier(size) : undefined;
    if (tier !== undefined && !PREBOOT_TIERS.includes(tier)) {
      const message = `production web dynos are "${size}", which run one dyno per process type and can't preboot; ${fix(stack, "formation.web.size", "standard-1x or larger")}`;
      problems.push(finding(web.name, message));
    }
    return problems;
  },
);

export const productionPreboot = definePolicy(
  "production-preboot",
  "Production apps have preboot on, so a deploy or a daily restart starts the new dynos before stopping the old ones instead of dropping requests.",
  (resources, stack) => {
    if (!isProductionStack(resources)) return [];
    const preboot = ofType(resources, TYPE.feature).find(({ inputs }) => inputs.name === "preboot");
    // Heroku's feature resource enables a feature unless told otherwise. (Preboot on Eco/Basic
    // dynos is a config error, and production-web-dynos rules those out for production anyway.)
    if (preboot !== undefined && preboot.inputs.enabled !== false) return [];
    const message = `preboot is off in production, so every deploy and restart drops requests while new dynos boot; ${fix(stack, "features.preboot", "true")} (it needs standard or performance web dynos)`;
    return [finding(preboot?.name ?? appName(resources), message)];
  },
);

/** The command that sets a sensitive config var, as every refusal of a plaintext one words it. */
export function setSensitiveVarCommand(name: string, stack: string): string {
  return `pulumi config set --secret --path 'sensitiveVars.${name}' <value> --stack ${stack}`;
}

export const secretsInSensitiveVars = definePolicy(
  "secrets-in-sensitive-vars",
  "A config var that looks like a credential (named *_SECRET*, *_TOKEN, *_KEY, *PASSWORD*, …; or a value shaped like a token: sk_live_…, ghp_…, AKIA…, a URL with a password; or a secure: value) is a sensitive var, never a plain one: plain vars are shown in plans, diffs and state.",
  (resources, stack) => {
    // Plain vars live on the ConfigAssociation; an App's own configVars are plain too.
    const withPlainVars = [...ofType(resources, TYPE.config), ...ofType(resources, TYPE.app)];
    return withPlainVars.flatMap((resource) =>
      Object.entries(plainVars(resource)).flatMap(([name, value]) => {
        const why = whySecret(name, value);
        if (why === undefined) return [];
        const command = setSensitiveVarCommand(name, stack.stack);
        const message = `${name} ${why} but is a plain config var (shown in plans, diffs and state); move it from ${key(stack, "configVars")} to ${key(stack, "sensitiveVars")} in ${stack.stackFile}: ${command}`;
        return [finding(resource.name, message)];
      }),
    );
  },
);

/** "SHA256:<64 hex>": the content hash src/program/bundle.ts gives every bundle of app/. */
const BUNDLE_VERSION = /^SHA256:[0-9a-f]{64}$/i;

export const deterministicBuildSource = definePolicy(
  "deterministic-build-source",
  "Every build uploads the bundle of app/ (the directory .bundle/app, versioned by the SHA-256 of its files), so what is built is exactly what was planned; never a URL fetched at build time.",
  (resources, stack) => {
    return ofType(resources, TYPE.build).flatMap((build) => {
      const problems = buildSourceProblems(build.inputs.source);
      if (problems.length === 0) return [];
      const message = `${build.name} doesn't build the deterministic bundle (${problems.join("; ")}); build app/ with ${key(stack, "deploy")}: {build: true} in ${stack.stackFile} (the program uploads src/program/bundle.ts's .bundle/app), or promote a built slug with ${key(stack, "deploy.promoteFrom")}`;
      return [finding(build.name, message)];
    });
  },
);

export function buildSourceProblems(source: unknown): string[] {
  if (!isRecord(source)) return ["it has no source"];
  const { url, checksum, path, version } = source;
  return [
    url !== undefined && "source.url is set: Heroku would fetch whatever it serves at build time",
    checksum !== undefined && "source.checksum is set: the bundle is identified by its version",
    !(typeof path === "string" && /(^|\/)\.bundle\/app$/.test(path)) &&
      "source.path is not the bundle's directory (.bundle/app)",
    !(typeof version === "string" && BUNDLE_VERSION.test(version)) &&
      "source.version is not the bundle's SHA256:<64 hex> content hash",
  ].filter((problem): problem is string => typeof problem === "string");
}

export const productionProtection = definePolicy(
  "production-protection",
  "In production the app and every data add-on (a database) are protected, and data add-ons are also retained on delete, so no `pulumi destroy`, replacement or removed line deletes them.",
  (resources, stack) => {
    if (!isProductionStack(resources)) return [];
    const remedy = `${fix(stack, "protect", "true")} (the program then protects the app and protects and retains its data add-ons)`;
    const apps = ofType(resources, TYPE.app).flatMap(({ name, protect }) => {
      const message = `the production app ${name} is not protected, so a destroy or a replacement deletes it; ${remedy}`;
      return protect ? [] : [finding(name, message)];
    });
    const addons = ofType(resources, TYPE.addon).flatMap((addon) => {
      const plan = addon.inputs.plan;
      if (typeof plan !== "string" || !isDataAddon(plan)) return [];
      const missing = [
        ...(addon.protect ? [] : ["protected"]),
        // Undefined: this checker can't see retainOnDelete (the pack under the CLI).
        ...(addon.retainOnDelete === false ? ["retained on delete"] : []),
      ];
      if (missing.length === 0) return [];
      const message = `${addon.name} (${plan}) holds production data but is not ${missing.join(" or ")}; ${remedy}`;
      return [finding(addon.name, message)];
    });
    return [...apps, ...addons];
  },
);

/** Every guardrail; all are mandatory. */
export const POLICIES: readonly Policy[] = [
  productionWebDynos,
  productionPreboot,
  secretsInSensitiveVars,
  deterministicBuildSource,
  productionProtection,
];

/** Runs every guardrail over a planned stack. */
export function checkPlan(plan: CheckedPlan): Violation[] {
  const stack = { project: plan.project, stack: plan.stack, stackFile: plan.source };
  return POLICIES.flatMap((policy) => policy.check(plan.resources, stack));
}

/**
 * Why a plain config var is really a secret, in words; undefined when it isn't one. Offline, the
 * plan has already masked a plaintext credential and says what it was; under the CLI, the pack
 * sees the value itself.
 */
function whySecret(name: string, value: unknown): string | undefined {
  if (looksSecret(name)) return "looks like a credential";
  const what =
    plaintextCredentialWhat(value) ??
    (typeof value === "string" ? credentialShape(value) : undefined);
  if (what !== undefined) return `holds ${what}`;
  if (isMaskedSecret(value)) return "holds a secret value";
  return undefined;
}

function knownTier(size: string) {
  const lower = size.toLowerCase();
  return (DYNO_SIZES as readonly string[]).includes(lower)
    ? dynoTier(lower as DynoSize)
    : undefined;
}

function plainVars({ type, inputs }: CheckedResource): Record<string, unknown> {
  const vars = inputs[PLAIN_VARS_INPUT[type]];
  return isRecord(vars) ? vars : {};
}
