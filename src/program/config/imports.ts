import { z } from "zod";
import { IMPORT_ID_FORMATS, importedApp } from "../import-ids";
import type { ImportKind } from "../import-ids";
import type { StackConfig } from "./parse";
import type { ConfigProblem } from "./rules";

/**
 * The `import` key: ids of existing Heroku resources for the first `pulumi up` to adopt instead
 * of creating (written by `npm run adopt`, dropped by `npm run adopt -- --done <stack>`). The
 * schema checks each id's shape; `importProblems` checks that each names something the stack
 * declares, so no id is accepted and then ignored.
 */

const id = (kind: ImportKind) =>
  z.string().regex(IMPORT_ID_FORMATS[kind].pattern, {
    error: (iss) =>
      `${JSON.stringify(iss.input)} is not an import id of the form ${IMPORT_ID_FORMATS[kind].shape}`,
  });
const ids = (kind: ImportKind) => z.record(z.string(), id(kind)).optional();

export const importIdsSchema = z.strictObject({
  app: id("app").optional(),
  pipeline: id("pipeline").optional(),
  coupling: id("coupling").optional(),
  formation: ids("formation"),
  addons: ids("addons"),
  domains: ids("domains"),
  drains: ids("drains"),
  features: ids("features"),
});

export type ImportIds = z.output<typeof importIdsSchema>;

export function importProblems(config: StackConfig): ConfigProblem[] {
  const imports = config.import;
  if (imports === undefined) return [];
  const problems: ConfigProblem[] = [];
  const at = (message: string, ...path: string[]) =>
    problems.push({ path: ["import", ...path], message });

  if (imports.app === undefined) {
    if (Object.keys(imports).length > 0) {
      at("imports resources of an app that isn't imported: add import.app (the app's UUID)");
    }
    return problems;
  }
  if (config.appName === undefined) {
    at("needs appName set to the existing app's name, or the import would rename the app", "app");
  }
  const apps = new Set([imports.app, config.appName]);
  /** Each id of a kind must name something the stack declares, on the imported app. */
  const declared = (
    kind: ImportKind,
    keys: readonly string[],
    missing: (key: string) => string,
  ) => {
    for (const [key, value] of Object.entries(imports[kind] ?? {})) {
      if (!keys.includes(key)) at(missing(key), kind, key);
      const app = importedApp(kind, value as string);
      if (app !== undefined && !apps.has(app)) {
        at(`names the app "${app}", not the imported one (${imports.app})`, kind, key);
      }
    }
  };

  const types = config.formation.map(({ type }) => type);
  declared(
    "formation",
    types,
    (type) => `app/Procfile has no process type "${type}" (it declares ${types.join(", ")})`,
  );
  for (const [type, value] of Object.entries(imports.formation ?? {})) {
    const imported = value.split(":")[1];
    if (types.includes(type) && imported !== type) {
      at(`imports process type "${imported}" into formation.${type}`, "formation", type);
    }
  }
  declared(
    "addons",
    Object.keys(config.addons),
    (key) => `no add-on "${key}" under addons: add it, or drop this id`,
  );
  for (const key of Object.keys(imports.addons ?? {})) {
    if (config.addons[key] !== undefined && config.addons[key].name === undefined) {
      problems.push({
        path: ["addons", key, "name"],
        message: "an imported add-on needs its existing name here, or the import would rename it",
      });
    }
  }
  declared(
    "domains",
    config.domains,
    (host) => `"${host}" is not in domains: add it, or drop this id`,
  );
  declared(
    "drains",
    Object.keys(config.drains),
    (key) =>
      `drain "${key}" has no URL yet: set it with \`pulumi config set --secret --path 'drains.${key}' --stack ${config.stack}\` (\`heroku drains --json\` shows it), or drop this id`,
  );
  declared(
    "features",
    Object.keys(config.features),
    (name) => `feature "${name}" is not under features: add it, or drop this id`,
  );
  if (imports.pipeline !== undefined && config.stage !== "staging") {
    at(
      `only the staging stack declares a pipeline; this stack's stage is "${config.stage}"`,
      "pipeline",
    );
  }
  return problems;
}
