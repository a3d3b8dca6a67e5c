import { APP_NAME_PATTERN, UUID_PATTERN } from "./heroku-rules";
import { lifecycleOf } from "./lifecycle";
import { TYPE } from "./types";

/**
 * The ids a stack file's `import` key may give (the provider's formats, from the lifecycle
 * table, checked by pattern), and the resource option that carries them.
 * The config schema checks a stack file's `import` ids against these shapes; the component
 * passes each one to Pulumi's `import` option.
 */

const uuid = UUID_PATTERN.source.slice(1, -1);
const appName = APP_NAME_PATTERN.source.slice(1, -1);
const app = `(?:${uuid}|${appName})`;

export interface ImportIdFormat {
  pattern: RegExp;
  /** The shape, for messages: `<app name or UUID>:<process type>`. */
  shape: string;
}

/** The resource each key of the stack file's `import` map adopts. */
const IMPORTED_TYPES = {
  app: TYPE.app,
  pipeline: TYPE.pipeline,
  coupling: TYPE.coupling,
  release: TYPE.release,
  formation: TYPE.formation,
  addons: TYPE.addon,
  domains: TYPE.domain,
  drains: TYPE.drain,
  features: TYPE.feature,
} as const;
type Kind = keyof typeof IMPORTED_TYPES;

/**
 * The provider's id format (the lifecycle table's), checked by `source`; `narrower` where this
 * program accepts less than the provider does, and says why.
 */
const format = (kind: Kind, source: string, narrower?: string): ImportIdFormat => ({
  pattern: new RegExp(`^${source}$`),
  shape: narrower ?? lifecycleOf(IMPORTED_TYPES[kind])!.importId,
});

export const IMPORT_ID_FORMATS: Readonly<Record<Kind, ImportIdFormat>> = {
  app: format("app", app),
  pipeline: format("pipeline", `(?:${uuid}|[a-z][a-z0-9-]{2,29})`),
  coupling: format("coupling", uuid),
  /** The app's newest release, which must be current; its slug must be the stack's slugId. */
  release: format("release", app),
  formation: format("formation", `${app}:[-\\w]{1,128}`),
  /** Add-on names are global on Heroku. */
  addons: format("addons", `(?:${uuid}|[a-zA-Z][A-Za-z0-9_-]+)`),
  domains: format("domains", `${app}:[^:\\s]+`),
  drains: format(
    "drains",
    `${app}:[^:\\s]+:sensitive`,
    "<app name or UUID>:<drain UUID or token>:sensitive (the program keeps a drain's URL in sensitiveUrl)",
  ),
  features: format(
    "features",
    `${uuid}:[a-z0-9][a-z0-9-]*`,
    "<app UUID>:<feature name> (an app name would land in appId and replace the feature)",
  ),
};

export type ImportKind = keyof typeof IMPORT_ID_FORMATS;

/** The app an id names (`<app>:…`); undefined for ids that don't name one. */
export function importedApp(kind: ImportKind, id: string): string | undefined {
  const named: readonly ImportKind[] = ["release", "formation", "domains", "drains", "features"];
  return named.includes(kind) ? id.split(":")[0] : undefined;
}

/**
 * The `import` resource option for an id the stack file gives, or nothing: spread into a
 * resource's options. Pulumi adopts the existing resource instead of creating one; the id must
 * go once the import is done, or a later replacement of that resource fails.
 */
export function importOptions(id: string | undefined): { import?: string } {
  return id === undefined ? {} : { import: id };
}
