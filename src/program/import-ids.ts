import { APP_NAME_PATTERN, UUID_PATTERN } from "./heroku-rules";

/**
 * How the provider imports an existing Heroku resource (the id each Importer parses; see
 * ../shared/heroku-provider/LIFECYCLE.md), as data, and the resource option that carries it.
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

const format = (source: string, shape: string): ImportIdFormat => ({
  pattern: new RegExp(`^${source}$`),
  shape,
});

export const IMPORT_ID_FORMATS = {
  app: format(app, "<app name or UUID>"),
  pipeline: format(`(?:${uuid}|[a-z][a-z0-9-]{2,29})`, "<pipeline UUID or name>"),
  coupling: format(uuid, "<pipeline coupling UUID>"),
  /** The app's newest release, which must be current; its slug must be the stack's slugId. */
  release: format(app, "<app name or UUID>"),
  formation: format(`${app}:[-\\w]{1,128}`, "<app name or UUID>:<process type>"),
  /** Add-on names are global on Heroku. */
  addons: format(`(?:${uuid}|[a-zA-Z][A-Za-z0-9_-]+)`, "<add-on UUID or name>"),
  domains: format(`${app}:[^:\\s]+`, "<app name or UUID>:<domain UUID or hostname>"),
  /** `:sensitive` puts the URL in `sensitiveUrl`, where the program keeps it. */
  drains: format(`${app}:[^:\\s]+:sensitive`, "<app name or UUID>:<drain UUID or token>:sensitive"),
  /** The app part must be the UUID: an app name lands in `appId` and replaces the feature. */
  features: format(`${uuid}:[a-z0-9][a-z0-9-]*`, "<app UUID>:<feature name>"),
} as const;

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
