import { APP_NAME_PATTERN, UUID_PATTERN } from "./heroku-rules";

/**
 * The ids a stack file's `import` key may give (`npm run adopt` writes them), each in the
 * provider's import format (reference/heroku-provider/LIFECYCLE.md, "Import" of each resource),
 * and the resource option that carries them. The config schema checks a stack file's ids against
 * these shapes — narrower than the provider's where an id it accepts would import the resource
 * into the wrong input, which the engine would then want to replace — and the component passes
 * each one to Pulumi's `import` option.
 */

const uuid = UUID_PATTERN.source.slice(1, -1);
const appName = APP_NAME_PATTERN.source.slice(1, -1);
const app = `(?:${uuid}|${appName})`;

export interface ImportIdFormat {
  pattern: RegExp;
  /** The shape, for messages: `<app name or UUID>:<process type>`. */
  shape: string;
}

/** `source` checked whole; `shape` says it for messages. */
const format = (source: string, shape: string): ImportIdFormat => ({
  pattern: new RegExp(`^${source}$`),
  shape,
});

/**
 * Each kind of resource adopt imports. The release isn't one: the first `up` after an adoption
 * writes config vars, which cuts a release before the import could read one (docs/adopt.md).
 */
export const IMPORT_ID_FORMATS = {
  app: format(app, "<app name or UUID>"),
  pipeline: format(`(?:${uuid}|[a-z][a-z0-9-]{2,29})`, "<pipeline UUID or name>"),
  coupling: format(uuid, "<coupling UUID>"),
  formation: format(`${app}:[-\\w]{1,128}`, "<app name or UUID>:<process type>"),
  /** Add-on names are global on Heroku. */
  addons: format(`(?:${uuid}|[a-zA-Z][A-Za-z0-9_-]+)`, "<add-on UUID or global add-on name>"),
  domains: format(`${app}:[^:\\s]+`, "<app name or UUID>:<domain UUID or hostname>"),
  drains: format(
    `${app}:[^:\\s]+:sensitive`,
    "<app name or UUID>:<drain UUID or token>:sensitive (the program keeps a drain's URL in sensitiveUrl)",
  ),
  features: format(
    `${uuid}:[a-z0-9][a-z0-9-]*`,
    "<app UUID>:<feature name> (an app name would land in appId and replace the feature)",
  ),
} as const satisfies Record<string, ImportIdFormat>;

export type ImportKind = keyof typeof IMPORT_ID_FORMATS;

/** The app an id names (`<app>:…`); undefined for ids that don't name one. */
export function importedApp(kind: ImportKind, id: string): string | undefined {
  const named: readonly ImportKind[] = ["formation", "domains", "drains", "features"];
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
