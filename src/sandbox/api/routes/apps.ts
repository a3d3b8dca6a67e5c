import { APP_NAME_PATTERN, HEROKU_STACKS } from "../../../program/heroku-rules";
import { FEATURES, REGIONS, STACKS, sizeKey } from "../catalogue";
import type { Platform } from "../platform";
import type { AppRecord } from "../records";
import { ApiError, invalid, newId, notFound, now } from "../store";
import type { Routes } from "./route";

/**
 * Apps (personal and team), the account, buildpack installations and ACM: `heroku create`,
 * `apps:info`, `apps:rename`, `apps:destroy`, `buildpacks:set`, `certs:auto:enable`.
 */
export const appRoutes: Routes = {
  "app Create": ({ body }, platform) => platform.render.app(createApp(platform, body, null)),
  "team-app Create": ({ body }, platform) => {
    const app = createApp(platform, body, body.personal === true ? null : (body.team as string));
    app.locked = body.locked === true;
    return platform.render.teamApp(app);
  },
  "app Info": ({ params }, platform) => platform.render.app(platform.store.app(params[0])),
  "team-app Info": ({ params }, platform) => platform.render.teamApp(platform.store.app(params[0])),
  "app List": (_, platform) => platform.state.apps.map((app) => platform.render.app(app)),
  "app List Owned and Collaborated": ({ params }, platform) => {
    const account = platform.state.account;
    if (![account.id, account.email, "~"].includes(params[0])) throw notFound("user");
    return platform.state.apps.map((app) => platform.render.app(app));
  },
  "app Update": ({ params, body }, platform) => {
    const app = platform.store.app(params[0]);
    if (body.name !== undefined && body.name !== app.name) {
      checkName(platform, body.name as string);
      app.name = body.name as string;
    }
    if (body.build_stack !== undefined) app.stack = stackNamed(body.build_stack as string);
    if (body.maintenance !== undefined) app.maintenance = body.maintenance as boolean;
    app.updatedAt = now();
    return platform.render.app(app);
  },
  "team-app Update Locked": ({ params, body }, platform) => {
    const app = platform.store.app(params[0]);
    if (app.team === null) throw invalid("Only a team app can be locked.");
    app.locked = body.locked as boolean;
    return platform.render.teamApp(app);
  },
  "app Delete": ({ params }, platform) => {
    const app = platform.store.app(params[0]);
    const shown = platform.render.app(app);
    platform.deleteApp(app);
    return shown;
  },
  "app Enable ACM": ({ params }, platform) => setAcm(platform, params[0], true),
  "app Refresh ACM": ({ params }, platform) => setAcm(platform, params[0], true),
  "app Disable ACM": ({ params }, platform) => setAcm(platform, params[0], false),
  "account Info": (_, platform) => platform.render.account_(),
  /** `heroku apps:info`: a sandbox app has one collaborator, its owner (the sandbox's account). */
  "collaborator List": ({ params }, platform) => [
    platform.render.owner(platform.store.app(params[0])),
  ],
  "buildpack-installation List": ({ params }, platform) =>
    platform.render.buildpackInstallations(platform.store.app(params[0])),
  "buildpack-installation Update": ({ params, body }, platform) => {
    const app = platform.store.app(params[0]);
    app.buildpacks = (body.updates as { buildpack: string }[]).map(({ buildpack }) => buildpack);
    app.updatedAt = now();
    return platform.render.buildpackInstallations(app);
  },
};

/** `heroku create`: the app, its v1 "Initial release" (no slug yet) and its features, all off. */
function createApp(
  platform: Platform,
  body: { name?: string; region?: string; stack?: string },
  team: string | null,
): AppRecord {
  const name = body.name ?? generatedName(platform);
  checkName(platform, name);
  const region = regionNamed(body.region ?? "us");
  const stamp = now();
  const app: AppRecord = {
    id: newId(),
    name,
    region,
    stack: stackNamed(body.stack ?? "heroku-24"),
    team,
    locked: false,
    acm: false,
    maintenance: false,
    buildpacks: [],
    config: {},
    webPort: platform.allocateWebPort(),
    createdAt: stamp,
    updatedAt: stamp,
    releasedAt: null,
  };
  platform.state.apps.push(app);
  for (const feature of Object.keys(FEATURES)) {
    platform.state.features.push({
      id: newId(),
      appId: app.id,
      name: feature,
      enabled: false,
      createdAt: stamp,
      updatedAt: stamp,
    });
  }
  platform.cutRelease(app, { description: "Initial release", slugId: null });
  return app;
}

function checkName(platform: Platform, name: string): void {
  if (!APP_NAME_PATTERN.test(name)) {
    throw invalid(
      "Name must start with a letter, end with a letter or digit and can only contain lowercase letters, digits, and dashes.",
    );
  }
  if (platform.state.apps.some((app) => app.name === name)) throw invalid("Name is already taken");
}

function generatedName(platform: Platform): string {
  const words = ["sushi", "cat", "desolate", "anchorage", "calm", "ember", "quiet", "river"];
  for (;;) {
    const pick = () => words[Math.floor(Math.random() * words.length)];
    const name = `${pick()}-${pick()}-${10000 + Math.floor(Math.random() * 89999)}`;
    if (!platform.state.apps.some((app) => app.name === name)) return name;
  }
}

function regionNamed(identity: string): string {
  const found = Object.entries(REGIONS).find(([name, id]) => identity === name || identity === id);
  if (found === undefined) throw notFound("region");
  return found[0];
}

function stackNamed(identity: string): string {
  const found = Object.entries(STACKS).find(([name, id]) => identity === name || identity === id);
  if (found !== undefined) return found[0];
  if (identity in HEROKU_STACKS) {
    throw invalid(
      `Stack ${identity} has reached end-of-life and no longer accepts new apps or builds.`,
    );
  }
  throw notFound("stack");
}

/**
 * ACM needs the app to run paid dynos (the provider's own warning: enabling it on a new app "will
 * probably fail" until it is scaled; the program turns it on once the app is in place).
 */
function setAcm(platform: Platform, identity: string, enabled: boolean) {
  const app = platform.store.app(identity);
  if (enabled) {
    const paid = platform.state.formation.some(
      (entry) => entry.appId === app.id && entry.quantity > 0 && sizeKey(entry.size) !== "eco",
    );
    if (!paid) {
      throw new ApiError(
        422,
        "invalid_params",
        "Automated Certificate Management needs the app to run paid dynos: scale it up first.",
      );
    }
  }
  app.acm = enabled;
  app.updatedAt = now();
  return platform.render.app(app);
}
