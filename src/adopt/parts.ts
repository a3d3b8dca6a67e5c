import { credentialReason } from "../program/credentials";
import {
  ADDON_NAME_PATTERN,
  ADDON_PLAN_PATTERN,
  CONFIG_VAR_NAME,
  DYNO_SIZES,
  FEATURE_NAME_PATTERN,
  GENERATED_SENSITIVE_VARS,
  HOSTNAME_PATTERN,
  isPlatformManagedVar,
} from "../program/heroku-rules";
import type { DynoSize } from "../program/heroku-rules";
import { addonKey, drainKey } from "./keys";
import type { LiveApp } from "./live-app";
import type { Adoption, AdoptionContext } from "./to-stack";

/**
 * The parts of a live app the program declares beside the app itself — formation, add-ons,
 * config vars, custom domains, features and log drains — each into the adoption: config, import
 * ids, secrets for a person to set, or a note saying why it was left out.
 */

export function formation(
  live: LiveApp,
  context: AdoptionContext,
  { config, imports, notes, changes }: Adoption,
) {
  const entries: Record<string, { quantity: number; size: DynoSize }> = {};
  for (const { type, quantity, size } of live.formation) {
    const lower = size.toLowerCase() as DynoSize;
    if (!context.processTypes.includes(type)) {
      notes.push(
        `formation ${type}=${quantity}:${lower}: app/Procfile has no ${type}, so this stack doesn't manage it; its dynos keep running as they are`,
      );
    } else if (!DYNO_SIZES.includes(lower)) {
      notes.push(
        `formation ${type}: size "${size}" is not a Common Runtime dyno size (${DYNO_SIZES.join(", ")}); not adopted`,
      );
    } else {
      entries[type] = { quantity, size: lower };
      (imports.formation ??= {})[type] = `${live.app.id}:${type}`;
    }
  }
  // Set before: whether the first up builds app/ (whose release brings every Procfile type).
  const builds = (config.deploy as { build?: boolean } | undefined)?.build === true;
  for (const type of context.processTypes.filter(
    (declared) => !live.formation.some((entry) => entry.type === declared),
  )) {
    if (builds) {
      changes.push(
        `formation ${type}: the app runs no ${type} yet; the first up builds app/ and scales it as the file says`,
      );
    } else {
      notes.push(
        `formation ${type}: in app/Procfile, but the app's release declares no ${type} process; the first up can't scale it ("Couldn't find that process type") until app/'s code is released (deploy: build: true)`,
      );
    }
  }
  if (Object.keys(entries).length > 0) config.formation = entries;
}

/** Returns the config vars the add-ons provide (they are the add-ons', never copied). */
export function addons(live: LiveApp, { config, imports, notes }: Adoption): Map<string, string> {
  const provided = new Map<string, string>();
  const entries: Record<string, { plan: string; name: string }> = {};
  for (const addon of live.addons) {
    for (const name of addon.config_vars) provided.set(name, addon.name);
    if (addon.app.id !== live.app.id) {
      notes.push(
        `add-on ${addon.name}: attached from the app ${addon.app.name}, which owns it; not adopted`,
      );
    } else if (!ADDON_PLAN_PATTERN.test(addon.plan.name) || !ADDON_NAME_PATTERN.test(addon.name)) {
      notes.push(
        `add-on ${addon.name} (${addon.plan.name}): its plan or name is not one this program accepts; not adopted`,
      );
    } else {
      const key = addonKey(addon, Object.keys(entries));
      entries[key] = { plan: addon.plan.name, name: addon.name };
      (imports.addons ??= {})[key] = addon.id;
    }
  }
  if (Object.keys(entries).length > 0) config.addons = entries;
  return provided;
}

export function configVars(
  live: LiveApp,
  context: AdoptionContext,
  provided: Map<string, string>,
  adoption: Adoption,
) {
  // Pairs, not assignments: a var named `__proto__` must stay a var, not become a prototype.
  const plain: [string, string][] = [];
  const skipped: string[] = [];
  for (const [name, value] of Object.entries(live.configVars)) {
    const reason = credentialReason(name, value);
    if (provided.has(name)) {
      skipped.push(`${name} (from add-on ${provided.get(name)})`);
    } else if (isPlatformManagedVar(name)) {
      skipped.push(`${name} (set by Heroku)`);
    } else if ((GENERATED_SENSITIVE_VARS as readonly string[]).includes(name)) {
      adoption.changes.push(
        `config var ${name}: the program generates its own; the first up replaces the app's value`,
      );
    } else if (!CONFIG_VAR_NAME.test(name)) {
      skipped.push(`${name} (not a name this program accepts)`);
    } else if (reason !== undefined) {
      const path = `sensitiveVars.${name}`;
      adoption.secrets.push({
        path,
        command: setSecret(path, context.stack),
        why: `${reason}; value: heroku config:get ${name} -a ${live.app.name}`,
      });
    } else {
      plain.push([name, value]);
    }
  }
  if (skipped.length > 0) adoption.notes.push(`config vars not copied: ${skipped.join(", ")}`);
  if (plain.length > 0) adoption.config.configVars = Object.fromEntries(plain);
}

export function domains(live: LiveApp, { config, imports, notes, changes }: Adoption) {
  const hostnames: string[] = [];
  for (const domain of live.domains.filter(({ kind }) => kind === "custom")) {
    if (!HOSTNAME_PATTERN.test(domain.hostname)) {
      notes.push(`domain ${domain.hostname}: not a hostname this program accepts; not adopted`);
      continue;
    }
    hostnames.push(domain.hostname);
    (imports.domains ??= {})[domain.hostname] = `${live.app.id}:${domain.id}`;
  }
  if (hostnames.length > 0) config.domains = hostnames;
  if (live.app.acm !== hostnames.length > 0) {
    changes.push(
      `acm: ${live.app.acm ? "on → off: the app has no custom domain" : "off → on: the program turns Automated Certificate Management on for custom domains"}`,
    );
  }
}

export function features(live: LiveApp, { config, imports, notes }: Adoption) {
  const enabled: Record<string, boolean> = {};
  for (const feature of live.features.filter((candidate) => candidate.enabled)) {
    if (!FEATURE_NAME_PATTERN.test(feature.name)) {
      notes.push(`feature ${feature.name}: not a feature name this program accepts; not adopted`);
      continue;
    }
    enabled[feature.name] = true;
    (imports.features ??= {})[feature.name] = `${live.app.id}:${feature.name}`;
  }
  if (Object.keys(enabled).length > 0) config.features = enabled;
}

export function drains(live: LiveApp, context: AdoptionContext, adoption: Adoption) {
  const keys: string[] = [];
  for (const drain of live.drains) {
    if (drain.addon) {
      adoption.notes.push(
        `log drain of add-on ${drain.addon.name}: the add-on owns it; not adopted`,
      );
      continue;
    }
    const key = drainKey(drain.url, keys);
    keys.push(key);
    (adoption.imports.drains ??= {})[key] = `${live.app.id}:${drain.id}:sensitive`;
    const path = `drains.${key}`;
    adoption.secrets.push({
      path,
      command: setSecret(path, context.stack),
      why: `a drain URL is kept secret; value: the url of drain ${drain.token} in heroku drains -a ${live.app.name} --json`,
    });
  }
}

/** The exact command that stores a secret: `pulumi config set` prompts for the value (or reads stdin). */
function setSecret(path: string, stack: string): string {
  return `pulumi config set --secret --path '${path}' --stack ${stack}`;
}
