import { z } from "zod";

/**
 * The Platform API v3 answers adoption reads, as zod schemas (the config uses zod too): a server
 * that answers 200 with another shape (a null region, a formation size of null, no config_vars
 * on an add-on) is named with the field, never met by a TypeError further on. Only the fields
 * adoption reads are checked; others pass.
 */

const text = z.string();
const named = z.object({ id: text, name: text });

/** Heroku's ids are UUIDs; anything else (`../../account`) never reaches a URL. */
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
  message: "is not a UUID",
});

export const APP = z.object({
  id: uuid,
  name: text,
  region: named,
  build_stack: named,
  /** Set on team apps (`organization` is its older name). */
  team: named.nullish(),
  organization: named.nullish(),
  space: named.nullish(),
  acm: z.boolean(),
  web_url: text.nullish(),
});

export const CONFIG_VARS = z.record(text, text);

export const FORMATION = z.array(
  z.object({
    id: text,
    type: text,
    quantity: z.number().int().nonnegative(),
    /** As Heroku spells it: `Basic`, `Standard-1X`, `Performance-M`. */
    size: text,
  }),
);

export const ADDONS = z.array(
  named.extend({
    plan: named,
    addon_service: named,
    /** The app that owns it; an add-on attached from another app is that app's. */
    app: named,
    config_vars: z.array(text),
  }),
);

/** `heroku` for <app>.herokuapp.com, `custom` for the app's own. */
export const DOMAINS = z.array(z.object({ id: text, hostname: text, kind: text }));

export const FEATURES = z.array(named.extend({ enabled: z.boolean() }));

/** `addon` is set on drains an add-on made (a logging add-on); the add-on owns those. */
export const DRAINS = z.array(
  z.object({ id: text, token: text, url: text, addon: named.nullish() }),
);

export const COUPLING = z.object({ id: text, stage: text, pipeline: named });

export const RELEASES = z.array(
  z.object({
    id: text,
    version: z.number().int(),
    current: z.boolean(),
    status: text,
    description: text.nullish(),
    slug: z.object({ id: text }).nullable(),
  }),
);

export const BUILDPACKS = z.array(
  z.object({
    ordinal: z.number(),
    buildpack: z.object({ url: text, name: text.nullish() }),
  }),
);

export type AppInfo = z.infer<typeof APP>;
export type FormationEntryInfo = z.infer<typeof FORMATION>[number];
export type AddonInfo = z.infer<typeof ADDONS>[number];
export type DomainInfo = z.infer<typeof DOMAINS>[number];
export type FeatureInfo = z.infer<typeof FEATURES>[number];
export type DrainInfo = z.infer<typeof DRAINS>[number];
export type CouplingInfo = z.infer<typeof COUPLING>;
export type ReleaseInfo = z.infer<typeof RELEASES>[number];

/** The first thing wrong with a value, as `[2].size: expected string, received null`. */
export function shapeProblem(schema: z.ZodType, value: unknown): string | undefined {
  const result = schema.safeParse(value);
  if (result.success) return undefined;
  const [issue] = result.error.issues;
  const where = issue.path
    .map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`))
    .join("")
    .replace(/^\./, "");
  return `${where === "" ? "the answer" : where}: ${issue.message}`;
}
