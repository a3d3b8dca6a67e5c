import {
  DYNO_SIZES,
  PREBOOT_TIERS,
  dynoTier,
  isDataAddon,
  looksSecret,
  urlHasCredentials,
  type DynoSize,
} from "./heroku-rules";

/**
 * The guardrails, as pure functions over "a resource as planned". The offline check
 * (`npm run plan -- <stack> --policy`) and the policy pack under the Pulumi CLI (policy/) both
 * call these, so a rule is written once. This module imports only heroku-rules (no Pulumi, no
 * program code): the pack compiles it from its own directory with its own dependencies.
 */

/** A broken rule: which policy, which resource, and how to fix it. */
export interface Violation {
  policy: string;
  resource?: string;
  message: string;
}

/** A resource as a checker sees it: planned offline (src/planned.ts) or mapped by the pack. */
export interface CheckedResource {
  type: string;
  name: string;
  /** Secret parts are "[secret]" (map keys kept); unknown ones "(known after deploy: …)". */
  inputs: Record<string, unknown>;
  protect: boolean;
  /** Undefined when the checker can't see it: the pack under the CLI (see policy/README.md). */
  retainOnDelete?: boolean;
}

/** Which stack is checked, so a message can name the config key and file to change. */
export interface StackContext {
  /** The config namespace: `<project>:formation`. */
  project: string;
  stack: string;
  /** The stack file, as the reader will find it (e.g. `Pulumi.production.yaml`). */
  stackFile: string;
}

export interface Policy {
  name: string;
  description: string;
  check(resources: readonly CheckedResource[], stack: StackContext): Violation[];
}

export const TYPES = {
  app: "heroku:app/app:App",
  config: "heroku:app/configAssociation:ConfigAssociation",
  build: "heroku:build/build:Build",
  formation: "heroku:formation/formation:Formation",
  coupling: "heroku:pipeline/coupling:Coupling",
  addon: "heroku:addon/addon:Addon",
  feature: "heroku:app/feature:Feature",
} as const;

/**
 * Production is what the stack's config says it is: its pipeline coupling's stage (the
 * `stage` config key), not its name. A stack called "production-sandbox" in the review stage
 * is not production; a stack called "eu" in the production stage is.
 */
export function isProductionStack(resources: readonly CheckedResource[]): boolean {
  return ofType(resources, TYPES.coupling).some(({ inputs }) => inputs.stage === "production");
}

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
    const preboot = ofType(resources, TYPES.feature).find(
      ({ inputs }) => inputs.name === "preboot",
    );
    // Heroku's feature resource enables a feature unless told otherwise. (Preboot on Eco/Basic
    // dynos is a config error, and production-web-dynos rules those out for production anyway.)
    if (preboot !== undefined && preboot.inputs.enabled !== false) return [];
    const message = `preboot is off in production, so every deploy and restart drops requests while new dynos boot; ${fix(stack, "features.preboot", "true")} (it needs standard or performance web dynos)`;
    return [finding(preboot?.name ?? appName(resources), message)];
  },
);

export const secretsInSensitiveVars = definePolicy(
  "secrets-in-sensitive-vars",
  "A config var that looks like a credential (*_SECRET, *_TOKEN, *_KEY, *PASSWORD*, a URL with a password, a secure: value) is a sensitive var, never a plain one: plain vars are shown in plans, diffs and state.",
  (resources, stack) => {
    // Plain vars live on the ConfigAssociation; an App's own configVars are plain too.
    const withPlainVars = [...ofType(resources, TYPES.config), ...ofType(resources, TYPES.app)];
    return withPlainVars.flatMap((resource) =>
      Object.entries(plainVars(resource)).flatMap(([name, value]) => {
        const why = whySecret(name, value);
        if (why === undefined) return [];
        const command = `pulumi config set --secret --path 'sensitiveVars.${name}' <value> --stack ${stack.stack}`;
        const message = `${name} ${why} but is a plain config var (shown in plans, diffs and state); move it from ${key(stack, "configVars")} to ${key(stack, "sensitiveVars")} in ${stack.stackFile}: ${command}`;
        return [finding(resource.name, message)];
      }),
    );
  },
);

/** "SHA256:<64 hex>": the content hash src/bundle.ts gives every bundle of app/. */
const BUNDLE_VERSION = /^SHA256:[0-9a-f]{64}$/i;

export const deterministicBuildSource = definePolicy(
  "deterministic-build-source",
  "Every build uploads the deterministic bundle of app/ (a .tar.gz named by path, versioned by its SHA-256), so what is built is exactly what was planned; never a URL fetched at build time.",
  (resources, stack) => {
    return ofType(resources, TYPES.build).flatMap((build) => {
      const problems = buildSourceProblems(build.inputs.source);
      if (problems.length === 0) return [];
      const message = `${build.name} doesn't build the deterministic bundle (${problems.join("; ")}); build app/ with ${key(stack, "deploy")}: {build: true} in ${stack.stackFile} (the program uploads src/bundle.ts's tarball), or promote a built slug with ${key(stack, "deploy.promoteFrom")}`;
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
    !(typeof path === "string" && path.endsWith(".tar.gz")) && "source.path is not a .tar.gz",
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
    const apps = ofType(resources, TYPES.app).flatMap(({ name, protect }) => {
      const message = `the production app ${name} is not protected, so a destroy or a replacement deletes it; ${remedy}`;
      return protect ? [] : [finding(name, message)];
    });
    const addons = ofType(resources, TYPES.addon).flatMap((addon) => {
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

/** The parts of a Plan (src/planned.ts) the rules read; a Plan is one. */
export interface CheckedPlan {
  project: string;
  stack: string;
  /** The stack file the plan was made from. */
  source: string;
  resources: readonly CheckedResource[];
}

/** Runs every guardrail over a planned stack. */
export function checkPlan(plan: CheckedPlan): Violation[] {
  const stack = { project: plan.project, stack: plan.stack, stackFile: plan.source };
  return POLICIES.flatMap((policy) => policy.check(plan.resources, stack));
}

/**
 * Masked secrets: the plan shows a secret as "[secret]", and the offline stack-file loader a
 * `secure:` value as "[secret: decrypted by the Pulumi CLI…]". Either in a plain var is a leak.
 */
export function isMaskedSecret(value: unknown): boolean {
  return typeof value === "string" && /^\[secret[\]:]/.test(value);
}

/** Why a plain config var is really a secret, in words; undefined when it isn't one. */
function whySecret(name: string, value: unknown): string | undefined {
  if (looksSecret(name)) return "looks like a credential";
  if (isMaskedSecret(value)) return "holds a secret value";
  if (typeof value === "string" && urlHasCredentials(value))
    return "holds a URL with credentials in it";
  return undefined;
}

function knownTier(size: string) {
  const lower = size.toLowerCase();
  return (DYNO_SIZES as readonly string[]).includes(lower)
    ? dynoTier(lower as DynoSize)
    : undefined;
}

function plainVars({ type, inputs }: CheckedResource): Record<string, unknown> {
  const vars = type === TYPES.app ? inputs.configVars : inputs.vars;
  return isRecord(vars) ? vars : {};
}

function ofType(resources: readonly CheckedResource[], type: string): CheckedResource[] {
  return resources.filter((resource) => resource.type === type);
}

function webFormation(resources: readonly CheckedResource[]): CheckedResource | undefined {
  return ofType(resources, TYPES.formation).find(({ inputs }) => inputs.type === "web");
}

function appName(resources: readonly CheckedResource[]): string | undefined {
  return ofType(resources, TYPES.app)[0]?.name;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function key(stack: StackContext, path: string): string {
  return `${stack.project}:${path}`;
}

function fix(stack: StackContext, path: string, value: string): string {
  return `set ${key(stack, path)} to ${value} in ${stack.stackFile}`;
}

type Finding = Omit<Violation, "policy">;

function finding(resource: string | undefined, message: string): Finding {
  return resource === undefined ? { message } : { resource, message };
}

function definePolicy(
  name: string,
  description: string,
  find: (resources: readonly CheckedResource[], stack: StackContext) => Finding[],
): Policy {
  return {
    name,
    description,
    check: (resources, stack) =>
      find(resources, stack).map((found) => ({ policy: name, ...found })),
  };
}
