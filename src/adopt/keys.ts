import { FEATURE_NAME_PATTERN } from "../program/heroku-rules";
import type { AddonInfo } from "./shapes";

/**
 * The short keys an adopted stack file names its add-ons and drains by (`addons.database`,
 * `drains.papertrail`): lowercase slugs, unique within the file, and never a secret.
 */

/** `DATABASE_URL` → `database`, as Heroku names the attachment; else the service's name. */
export function addonKey(addon: AddonInfo, taken: readonly string[]): string {
  const url = addon.config_vars.find((name) => name.endsWith("_URL"));
  const stem = url ? slug(url.slice(0, -"_URL".length)) : "";
  return unique(stem || slug(addon.addon_service.name) || "addon", taken);
}

/**
 * From the drain's host (`logs.papertrailapp.com` → `papertrailapp`): the host names the
 * service and holds no credential; the port, path and user info, which may, are never used.
 */
export function drainKey(url: string, taken: readonly string[]): string {
  let host = "";
  try {
    host = new URL(url).hostname;
  } catch {
    // An unparsable URL still gets a key; the value itself is set by the person, as a secret.
  }
  const labels = /^[\d.]+$/.test(host) ? [] : host.split(".").filter(Boolean);
  const name = labels.length >= 2 ? labels[labels.length - 2] : (labels[0] ?? "");
  return unique(slug(name) || "drain", taken);
}

function slug(text: string): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return FEATURE_NAME_PATTERN.test(cleaned) ? cleaned : "";
}

function unique(key: string, taken: readonly string[]): string {
  if (!taken.includes(key)) return key;
  for (let n = 2; ; n++) if (!taken.includes(`${key}-${n}`)) return `${key}-${n}`;
}
