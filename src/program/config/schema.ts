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
} from "../heroku-rules";
import { oneOf, required, show } from "./words";

/**
 * The schema of one stack's config (the `<project>:<key>` entries of Pulumi.<stack>.yaml), as
 * zod types. Shapes and enums live here, fields that take more in fields.ts; rules that need the
 * whole config (tier mixing, preboot, overlaps) live in rules.ts. Defaults mirror Pulumi.yaml's.
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
      .optional(),
    region: z
      .enum(REGIONS, {
        error: (iss) =>
          `${show(iss.input)} is not a Heroku Common Runtime region (${oneOf(REGIONS)})`,
      })
      .default("us"),
    team: z.string().min(1, { error: "must name a Heroku team" }).optional(),
    stack: herokuStack.default(DEFAULT_HEROKU_STACK),
    stage: z
      .enum(STAGES, {
        error: (iss) => `${show(iss.input)} is not a pipeline stage (${oneOf(STAGES)})`,
      })
      .default("review"),
    protect: z
      .boolean({ error: (iss) => `${show(iss.input)} is not true or false` })
      .default(false),
    pipelineStack: stackReferenceName.default(DEFAULT_PIPELINE_STACK),
    deploy: deploy.default({ build: true }),
    formation: formation(processTypes).default({}),
    configVars: z.record(configVarName, plainValue).default({}),
    sensitiveVars: z.record(configVarName, sensitiveValue).default({}),
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
      .default({}),
    domains: z
      .array(
        z
          .string()
          .regex(HOSTNAME_PATTERN, { error: (iss) => `${show(iss.input)} is not a hostname` }),
      )
      .default([]),
    drains: z
      .record(
        z.string().regex(FEATURE_NAME_PATTERN, { error: "drain keys are lowercase slugs" }),
        drainUrl,
      )
      .default({}),
    features: z
      .record(appFeature, z.boolean({ error: (iss) => `${show(iss.input)} is not true or false` }))
      .default({}),
    import: importIdsSchema.optional(),
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
