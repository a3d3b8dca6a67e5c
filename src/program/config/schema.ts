import { z } from "zod";
import {
  appFeature,
  configVarName,
  deploy,
  drainUrl,
  formation,
  herokuStack,
  plainValue,
  sensitiveValue,
  stackReferenceName,
} from "./fields";
import { importIdsSchema } from "./imports";
import {
  ADDON_NAME_PATTERN,
  ADDON_PLAN_PATTERN,
  FEATURE_NAME_PATTERN,
  HOSTNAME_PATTERN,
  REGIONS,
  STAGES,
  APP_NAME_PATTERN,
  DEFAULT_HEROKU_STACK,
  USABLE_HEROKU_STACKS,
} from "../heroku-rules";
import { oneOf, required, show } from "./words";

/**
 * The schema of one stack's config (the `<project>:<key>` entries of Pulumi.<stack>.yaml), as
 * zod types. Shapes and enums live here, fields that take more in fields.ts; rules that need the
 * whole config (tier mixing, preboot, overlaps) live in rules.ts. Defaults mirror Pulumi.yaml's.
 * Each key's `meta` is its row in docs/config.md (`npm run docs` writes it): a `description`, and
 * how its type or default is shown where the schema's own (an enum, a plain value) won't read well.
 */

/** The stack owning the pipeline when a stack file doesn't say (Pulumi.yaml's default too). */
export const DEFAULT_PIPELINE_STACK = "staging";

/** The whole stack config; `processTypes` come from app/Procfile. */
export function stackConfigSchema(processTypes: readonly string[]) {
  return z.strictObject({
    appName: z
      .string()
      .regex(APP_NAME_PATTERN, {
        error: (iss) =>
          `${show(iss.input)} is not a Heroku app name (a lowercase letter first, then a-z, 0-9 or -, 3–30 characters, not ending in -)`,
      })
      .optional()
      .meta({
        shownDefault: "`<project>-<stack>-<6 random chars>`",
        description: "Heroku app name: a lowercase letter first, `a-z0-9-`, 3–30 chars",
      }),
    region: z
      .enum(REGIONS, {
        error: (iss) =>
          `${show(iss.input)} is not a Heroku Common Runtime region (${oneOf(REGIONS)})`,
      })
      .default("us")
      .meta({ description: "Common Runtime region; changing it replaces the app" }),
    team: z
      .string()
      .min(1, { error: "must name a Heroku team" })
      .optional()
      .meta({ description: "Heroku team owning the app" }),
    stack: herokuStack.default(DEFAULT_HEROKU_STACK).meta({
      shownType: USABLE_HEROKU_STACKS.map((name) => `\`${name}\``).join(" | "),
      description:
        "Heroku stack; `heroku-22` warns (being phased out), `heroku-20` is rejected (end of life)",
    }),
    stage: z
      .enum(STAGES, {
        error: (iss) => `${show(iss.input)} is not a pipeline stage (${oneOf(STAGES)})`,
      })
      .default("review")
      .meta({ description: "Pipeline stage; `production` turns on the production policies" }),
    protect: z
      .boolean({ error: (iss) => `${show(iss.input)} is not true or false` })
      .default(false)
      .meta({ description: "Protect the app, its domains and its data add-ons (kept on delete)" }),
    pipelineStack: stackReferenceName.default(DEFAULT_PIPELINE_STACK).meta({
      shownType: "stack name or `org/project/stack`",
      description:
        "Stack owning the pipeline, for stages other than `staging`; a stack of this project needs its stack file in the repo, and the chain must reach a `staging` stack (no cycle)",
    }),
    deploy: deploy.default({ build: true }).meta({
      shownType: "map: one of `build: true`, `promoteFrom: <stack>`, `slugId: <uuid>`",
      shownDefault: "`build: true`",
      description:
        "Where the released slug comes from; `promoteFrom` names another stack (of this project: one with a stack file; not itself, `.` or `..`; no promotion cycle) or `org/project/stack`; with `slugId`, an optional `description` of the release",
    }),
    formation: formation(processTypes).default({}).meta({
      shownType: "map: process type → `{quantity, size}`",
      shownDefault: "`web`: 1, others: 0; size `basic` or the configured tier",
      description:
        "Dynos per Procfile process type; sizes `eco`, `basic`, `standard-1x`, `standard-2x`, `performance-m`, `-l`, `-l-ram`, `-xl`, `-2xl`; Eco and Basic run at most 1 dyno per type and don't mix with other tiers",
    }),
    configVars: z.record(configVarName, plainValue).default({}).meta({
      shownType: "map: name → value",
      description:
        "Plain config vars; Heroku-managed names (`PORT`, `DYNO`, `HEROKU_*`) are rejected",
    }),
    sensitiveVars: z.record(configVarName, sensitiveValue).default({}).meta({
      shownType: "map: name → secret",
      description:
        "Secret config vars, set with `pulumi config set --secret --path sensitiveVars.NAME`; plaintext is rejected. `SESSION_SECRET` is always generated (48 chars)",
    }),
    addons: z
      .record(
        z.string().regex(FEATURE_NAME_PATTERN, { error: "add-on keys are lowercase slugs" }),
        z.strictObject({
          plan: z
            .string({
              error: required(
                "service:plan, e.g. heroku-postgresql:essential-0",
                (input) => `${show(input)} is not an add-on plan (service:plan)`,
              ),
            })
            .regex(ADDON_PLAN_PATTERN, {
              error: (iss) => `${show(iss.input)} is not an add-on plan (service:plan)`,
            }),
          /** Add-on names are global on Heroku; an imported add-on keeps its own. */
          name: z
            .string()
            .regex(ADDON_NAME_PATTERN, {
              error: (iss) =>
                `${show(iss.input)} is not an add-on name (a letter, then letters, digits, - or _)`,
            })
            .optional(),
        }),
      )
      .default({})
      .meta({
        shownType: "map: key → `{plan, name?}`",
        description:
          "Add-ons, e.g. `database: {plan: heroku-postgresql:essential-0}`; `name` keeps an existing add-on's global name (an imported one needs it)",
      }),
    domains: z
      .array(
        z
          .string()
          .regex(HOSTNAME_PATTERN, { error: (iss) => `${show(iss.input)} is not a hostname` }),
      )
      .default([])
      .meta({
        shownType: "list of hostnames",
        description:
          "Custom domains; any domain turns on ACM, from the deploy after the one that creates the app",
      }),
    drains: z
      .record(
        z.string().regex(FEATURE_NAME_PATTERN, { error: "drain keys are lowercase slugs" }),
        drainUrl,
      )
      .default({})
      .meta({
        shownType: "map: key → secret URL",
        description: "Log drains (`syslog+tls://`, `syslog://`, `https://`), set with `--secret`",
      }),
    features: z
      .record(appFeature, z.boolean({ error: (iss) => `${show(iss.input)} is not true or false` }))
      .default({})
      .meta({
        shownType: "map: feature → boolean",
        description:
          "App features, e.g. `preboot` (needs Standard/Performance web dynos), `runtime-dyno-metadata`",
      }),
    import: importIdsSchema.optional().meta({
      shownType:
        "map: `app`, `pipeline`, `coupling` → id; `formation`, `addons`, `domains`, `drains`, `features` → key → id",
      description:
        "Ids of existing resources the next `pulumi up` imports instead of creating; written by `npm run adopt`, dropped by `--done`; each names something the stack declares, in the provider's import format ([adoption](adopt.md))",
    }),
  });
}

export type ParsedStackConfig = z.output<ReturnType<typeof stackConfigSchema>>;

/** The config keys this program reads, and which of them arrive as JSON (objects, lists, booleans). */
export const CONFIG_KEYS = Object.keys(stackConfigSchema([]).shape) as (keyof ParsedStackConfig)[];
export const STRING_KEYS: readonly string[] = [
  "appName",
  "region",
  "team",
  "stack",
  "stage",
  "pipelineStack",
];
/** Keys whose values are secrets: only their names are ever shown. */
export const SENSITIVE_KEYS: readonly string[] = ["sensitiveVars", "drains"];
