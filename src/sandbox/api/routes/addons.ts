import { generatedAddonName, resolvePlan } from "../catalogue";
import { attachmentName } from "../platform";
import type { Platform } from "../platform";
import type { AddonRecord, AppRecord } from "../records";
import { ApiError, invalid, isUuid, newId, notFound, now } from "../store";
import type { Routes } from "./route";
import { Answer } from "./route";

/**
 * Add-ons: `heroku addons:create`, `addons`, `addons:info`, `addons:upgrade`, `addons:destroy`;
 * each attached to its own app once, under its config var's name (no sharing between apps).
 * An add-on is provisioned after its create answers (`provisioning`, then `provisioned`), and its
 * config vars reach the app then, as a release; destroying it removes them, as a release. Names
 * are global, as on Heroku.
 */
export const addonRoutes: Routes = {
  "add-on Create": ({ params, body }, platform) => {
    const app = platform.store.app(params[0]);
    if (body.confirm !== undefined && body.confirm !== app.name) {
      throw invalid(`Confirmation did not match app name. This action requires ${app.name}.`);
    }
    const plan = planOf(body.plan as string);
    const name =
      (body.name as string | undefined) ??
      generatedAddonName(plan.service, (taken) => nameTaken(platform, taken));
    if (nameTaken(platform, name)) throw invalid("Name is already taken");
    const taken = Object.keys(app.config);
    const configVar = plan.configVar(taken);
    const stamp = now();
    const addon: AddonRecord = {
      id: newId(),
      name,
      appId: app.id,
      service: plan.service,
      plan: plan.plan,
      state: "provisioning",
      configVars: configVar === "" ? [] : [configVar],
      createdAt: stamp,
      updatedAt: stamp,
    };
    platform.state.addons.push(addon);
    platform.provisionAddon(app, addon);
    return new Answer(201, platform.render.addon(addon));
  },
  "add-on Info": ({ params }, platform) => platform.render.addon(addonOf(platform, params[0])),
  "add-on Info By App": ({ params }, platform) => {
    const app = platform.store.app(params[0]);
    return platform.render.addon(addonOf(platform, params[1], app));
  },
  "add-on List": (_, platform) =>
    platform.state.addons.map((addon) => platform.render.addon(addon)),
  "add-on List By App": ({ params }, platform) => {
    const app = platform.store.app(params[0]);
    return platform.ofApp("addons", app).map((addon) => platform.render.addon(addon));
  },
  "add-on Update": ({ params, body }, platform) => {
    const app = platform.store.app(params[0]);
    const addon = addonOf(platform, params[1], app);
    const plan = planOf(body.plan as string);
    if (plan.service !== addon.service) {
      throw invalid(`Cannot change ${addon.name} from ${addon.service} to ${plan.service}.`);
    }
    if (body.name !== undefined && body.name !== addon.name) {
      if (nameTaken(platform, body.name as string)) throw invalid("Name is already taken");
      addon.name = body.name as string;
    }
    addon.plan = plan.plan;
    addon.updatedAt = now();
    return platform.render.addon(addon);
  },
  /**
   * `heroku addons:info <name>`: the add-ons a name stands for (its own, its attachment's or its
   * service's), on one app or anywhere; always a list, as Heroku answers.
   */
  "add-on Resolution": ({ body }, platform) => {
    const app =
      body.app === null || body.app === undefined
        ? undefined
        : platform.store.app(body.app as string);
    const name = body.addon as string;
    const found = platform.state.addons.filter(
      (addon) =>
        (app === undefined || addon.appId === app.id) &&
        (body.addon_service === undefined || addon.service === body.addon_service) &&
        [addon.name, addon.id, addon.service, attachmentName(addon)].includes(name),
    );
    if (found.length === 0) throw notFound("add on");
    return found.map((addon) => platform.render.addon(addon));
  },
  "add-on-attachment List": (_, platform) =>
    platform.state.addons.map((addon) => platform.render.attachment(addon, attachmentName(addon))),
  "add-on-attachment List by App": ({ params }, platform) => {
    const app = platform.store.app(params[0]);
    return platform.state.addons
      .filter((addon) => addon.appId === app.id)
      .map((addon) => platform.render.attachment(addon, attachmentName(addon)));
  },
  "add-on-attachment List by Add-on": ({ params }, platform) => {
    const addon = addonOf(platform, params[0]);
    return [platform.render.attachment(addon, attachmentName(addon))];
  },
  "add-on Delete": ({ params }, platform) => {
    const app = platform.store.app(params[0]);
    const addon = addonOf(platform, params[1], app);
    platform.store.remove("addons", (candidate) => candidate.id === addon.id);
    addon.state = "deprovisioned";
    const unset = Object.fromEntries(addon.configVars.map((name) => [name, null]));
    platform.changeConfig(app, unset, `Detach ${attachmentName(addon)} (@ref:${addon.name})`);
    platform.runtime.deprovision?.(app, addon);
    return platform.render.addon(addon);
  },
};

/** An add-on by UUID or (global) name; on an app, only that app's. */
function addonOf(platform: Platform, identity: string, app?: AppRecord): AddonRecord {
  const found = platform.state.addons.find(
    (addon) =>
      (isUuid(identity) ? addon.id === identity : addon.name === identity) &&
      (app === undefined || addon.appId === app.id),
  );
  if (found === undefined) throw notFound("add-on");
  return found;
}

function planOf(identity: string) {
  const plan = resolvePlan(identity);
  if (plan === undefined) {
    throw new ApiError(
      422,
      "invalid_params",
      `Couldn't find either the add-on service or the add-on plan of "${identity}".`,
    );
  }
  return plan;
}

function nameTaken(platform: Platform, name: string): boolean {
  return platform.state.addons.some((addon) => addon.name === name);
}
