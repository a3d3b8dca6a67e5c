import {
  APP_FEATURES,
  DYNO_SIZES,
  HEROKU_STACKS,
  REGIONS as REGION_NAMES,
  addonService,
  isDataAddon,
} from "../../program/heroku-rules";
import type { DynoSize } from "../../program/heroku-rules";
import { stableId } from "./store";

/**
 * What the sandbox's Heroku offers, as data: regions, stacks, dyno sizes, add-on services and app
 * features. Heroku's rules (sizes, tiers, stacks, features) are the program's own
 * (src/program/heroku-rules.ts), written down once; this adds what only an API needs (ids, the
 * names Heroku answers with, the config vars an add-on sets).
 */

export const REGIONS: Record<string, string> = Object.fromEntries(
  REGION_NAMES.map((region) => [region, stableId(`region:${region}`)]),
);

/** Stacks an app may be created on or moved to (an end-of-life one is refused, as Heroku does). */
export const STACKS: Record<string, string> = Object.fromEntries(
  Object.entries(HEROKU_STACKS)
    .filter(([, life]) => life !== "end-of-life")
    .map(([stack]) => [stack, stableId(`stack:${stack}`)]),
);

/** A size as a client writes it (`standard-1x`, `Standard-1X`) → as Heroku answers (`Standard-1X`). */
export function canonicalSize(size: string): string | undefined {
  const known = DYNO_SIZES.find((candidate) => candidate === size.toLowerCase());
  return known === undefined ? undefined : herokuSizeName(known);
}

/** `standard-1x` → `Standard-1X`, `performance-l-ram` → `Performance-L-RAM`. */
export function herokuSizeName(size: DynoSize): string {
  const [tier, ...rest] = size.split("-");
  return [tier[0].toUpperCase() + tier.slice(1), ...rest.map((part) => part.toUpperCase())].join(
    "-",
  );
}

export function sizeKey(herokuName: string): DynoSize {
  return herokuName.toLowerCase() as DynoSize;
}

interface AddonService {
  /** The config var its first attachment sets (later ones get a colour-named var). */
  configVar: (taken: readonly string[]) => string;
  plans: readonly string[];
  defaultPlan: string;
}

/** Add-on services the sandbox provisions, with the plans Heroku sells and the vars they set. */
const ADDON_SERVICES: Record<string, AddonService> = {
  "heroku-postgresql": {
    configVar: (taken) =>
      taken.includes("DATABASE_URL") ? colourVar("HEROKU_POSTGRESQL", taken) : "DATABASE_URL",
    plans: [
      "essential-0",
      "essential-1",
      "essential-2",
      "standard-0",
      "standard-2",
      "premium-0",
      "premium-2",
    ],
    defaultPlan: "essential-0",
  },
  "heroku-redis": {
    configVar: (taken) =>
      taken.includes("REDIS_URL") ? colourVar("HEROKU_REDIS", taken) : "REDIS_URL",
    plans: ["mini", "premium-0", "premium-1"],
    defaultPlan: "mini",
  },
  papertrail: {
    configVar: () => "PAPERTRAIL_API_TOKEN",
    plans: ["choklad", "fixa", "ludvig"],
    defaultPlan: "choklad",
  },
  scheduler: { configVar: () => "", plans: ["standard"], defaultPlan: "standard" },
};

const COLOURS = ["AMBER", "BLUE", "COBALT", "CRIMSON", "GOLD", "GREEN", "ONYX", "PINK", "RED"];

function colourVar(prefix: string, taken: readonly string[]): string {
  const free = COLOURS.map((colour) => `${prefix}_${colour}_URL`).find(
    (name) => !taken.includes(name),
  );
  return free ?? `${prefix}_${taken.length}_URL`;
}

export interface ResolvedPlan {
  service: string;
  /** `service:plan`, as Heroku names it. */
  plan: string;
  configVar: (taken: readonly string[]) => string;
  holdsData: boolean;
}

/** `heroku-postgresql:essential-0` or `heroku-postgresql` → the plan, or undefined if unknown. */
export function resolvePlan(identity: string): ResolvedPlan | undefined {
  const service = addonService(identity);
  const known = ADDON_SERVICES[service];
  if (known === undefined) return undefined;
  const plan = identity.includes(":") ? identity.split(":")[1] : known.defaultPlan;
  if (!known.plans.includes(plan)) return undefined;
  return {
    service,
    plan: `${service}:${plan}`,
    configVar: known.configVar,
    holdsData: isDataAddon(service),
  };
}

export const addonServiceId = (service: string) => stableId(`addon-service:${service}`);
export const planId = (plan: string) => stableId(`plan:${plan}`);

/** App features, as `heroku features` describes them. */
export const FEATURES: Record<
  string,
  { description: string; docUrl: string; state: string; displayName: string }
> = Object.fromEntries(
  APP_FEATURES.map((name) => [
    name,
    {
      description: `${name} (the sandbox turns it on and off; it changes nothing else)`,
      docUrl: `https://devcenter.heroku.com/search?q=${name}`,
      state: name === "preboot" || name === "http-session-affinity" ? "general" : "beta",
      displayName: name,
    },
  ]),
);

/** Add-on names Heroku makes up when a client gives none: `postgresql-<adjective>-<number>`. */
export function generatedAddonName(service: string, taken: (name: string) => boolean): string {
  const words = ["rigid", "curly", "shaped", "polished", "fluffy", "silent", "graceful", "clean"];
  const stem = service.replace(/^heroku-/, "");
  for (let attempt = 0; ; attempt++) {
    const word = words[attempt % words.length];
    const name = `${stem}-${word}-${10000 + Math.floor(Math.random() * 89999)}`;
    if (!taken(name)) return name;
  }
}
