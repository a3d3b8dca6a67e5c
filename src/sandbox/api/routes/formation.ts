import {
  MAX_DYNOS_PER_APP,
  conflictingTiers,
  maxDynosPerProcessType,
} from "../../../program/heroku-rules";
import { canonicalSize, sizeKey } from "../catalogue";
import type { Platform } from "../platform";
import type { AppRecord, FormationRecord } from "../records";
import { ApiError, invalid, isUuid, now } from "../store";
import type { Routes } from "./route";

/**
 * The formation: `heroku ps:scale` (one type, or a batch), `ps:type`. Only a process type the
 * current release's slug declares can be scaled; Heroku's scaling limits apply (dyno tiers that
 * don't mix, one Eco or Basic dyno per type, at most 100 dynos an app).
 */
export const formationRoutes: Routes = {
  "formation List": ({ params }, platform) => {
    const app = platform.store.app(params[0]);
    return entriesOf(platform, app).map((entry) => platform.render.formation(entry));
  },
  "formation Info": ({ params }, platform) => {
    const app = platform.store.app(params[0]);
    return platform.render.formation(entryOf(platform, app, params[1]));
  },
  "formation Update": ({ params, body }, platform) => {
    const app = platform.store.app(params[0]);
    const [entry] = scale(platform, app, [{ type: params[1], ...body }]);
    return platform.render.formation(entry);
  },
  "formation Batch Update": ({ params, body }, platform) => {
    const app = platform.store.app(params[0]);
    const updates = body.updates as Update[];
    return scale(platform, app, updates).map((entry) => platform.render.formation(entry));
  },
};

interface Update {
  type: string;
  /** A number, or as the Heroku CLI sends it a string: `"2"`, or relative, `"+1"`, `"-1"`. */
  quantity?: number | string;
  size?: string;
}

/** Applies updates all at once or not at all; returns the entries they changed. */
function scale(platform: Platform, app: AppRecord, updates: readonly Update[]): FormationRecord[] {
  const entries = updates.map((update) => entryOf(platform, app, update.type));
  const planned = new Map(
    entriesOf(platform, app).map((entry) => [entry.id, { ...entry }] as const),
  );
  updates.forEach((update, index) => {
    const next = planned.get(entries[index].id) as FormationRecord;
    if (update.quantity !== undefined) {
      const { quantity } = update;
      const relative = typeof quantity === "string" && /^[-+]/.test(quantity);
      const wanted = relative ? next.quantity + Number(quantity) : Number(quantity);
      if (!Number.isInteger(wanted) || wanted < 0) {
        throw invalid("Quantity must be a non-negative integer.");
      }
      next.quantity = wanted;
    }
    if (update.size !== undefined) {
      const size = canonicalSize(update.size);
      if (size === undefined) throw invalid(`No such size as ${update.size}.`);
      next.size = size;
    }
  });
  checkLimits([...planned.values()]);
  const stamp = now();
  for (const entry of entries) {
    const next = planned.get(entry.id) as FormationRecord;
    entry.quantity = next.quantity;
    entry.size = next.size;
    entry.updatedAt = stamp;
  }
  const scaledTo = entriesOf(platform, app).map((e) => `${e.type}@${e.quantity}:${e.size}`);
  platform.apiLog(app, `Scaled to ${scaledTo.join(" ")}`);
  platform.runtime.scaled?.(app);
  return entries;
}

function checkLimits(formation: readonly FormationRecord[]): void {
  const running = formation.filter((entry) => entry.quantity > 0);
  if (conflictingTiers(running.map((entry) => sizeKey(entry.size))).length > 0) {
    // Heroku's own words (seen on a first deploy whose web dyno's tier differed from the app.json's).
    const sizes = [...new Set(running.map((entry) => entry.size))].sort();
    throw invalid(`Cannot use the following dyno types in the same app: ${sizes.join(" and ")}`);
  }
  for (const entry of running) {
    const max = maxDynosPerProcessType(sizeKey(entry.size));
    if (entry.quantity > max) {
      throw invalid(`Cannot update to more than ${max} ${entry.size} size dynos per process type.`);
    }
  }
  const total = running.reduce((sum, entry) => sum + entry.quantity, 0);
  if (total > MAX_DYNOS_PER_APP) {
    throw invalid(`Cannot run more than ${MAX_DYNOS_PER_APP} dynos on one app.`);
  }
}

function entriesOf(platform: Platform, app: AppRecord): FormationRecord[] {
  return platform.ofApp("formation", app);
}

/** A formation entry by id or process type; a type the current slug lacks can't be found. */
function entryOf(platform: Platform, app: AppRecord, identity: string): FormationRecord {
  const found = entriesOf(platform, app).find((entry) =>
    isUuid(identity) ? entry.id === identity : entry.type === identity,
  );
  if (found === undefined) {
    throw new ApiError(404, "not_found", `Couldn't find that process type (${identity}).`);
  }
  return found;
}
