import { drainUrlProblem } from "../../../program/heroku-rules";
import type { Platform } from "../platform";
import type { AppRecord, DrainRecord } from "../records";
import { invalid, isUuid, newId, notFound, now } from "../store";
import type { Routes } from "./route";
import { Answer } from "./route";

/** Log drains: `heroku drains:add`, `drains`, `drains:remove`. */
export const drainRoutes: Routes = {
  "log-drain Create": ({ params, body }, platform) => {
    const app = platform.store.app(params[0]);
    const url = body.url as string;
    if (drainUrlProblem(url) !== undefined) throw invalid("Url is invalid");
    if (platform.state.drains.some((drain) => drain.appId === app.id && drain.url === url)) {
      throw invalid("Url has already been taken");
    }
    const stamp = now();
    const drain: DrainRecord = {
      id: newId(),
      appId: app.id,
      url,
      token: `d.${newId()}`,
      createdAt: stamp,
      updatedAt: stamp,
    };
    platform.state.drains.push(drain);
    return new Answer(201, platform.render.drain(drain));
  },
  "log-drain Info": ({ params }, platform) =>
    platform.render.drain(drainOf(platform, platform.store.app(params[0]), params[1])),
  "log-drain List": ({ params }, platform) => {
    const app = platform.store.app(params[0]);
    return platform.ofApp("drains", app).map((drain) => platform.render.drain(drain));
  },
  "log-drain Delete": ({ params }, platform) => {
    const drain = drainOf(platform, platform.store.app(params[0]), params[1]);
    platform.store.remove("drains", (candidate) => candidate.id === drain.id);
    return platform.render.drain(drain);
  },
};

/** A drain by id, token or URL (Heroku's query identity). */
function drainOf(platform: Platform, app: AppRecord, identity: string): DrainRecord {
  const found = platform.state.drains.find(
    (drain) =>
      drain.appId === app.id &&
      (isUuid(identity)
        ? drain.id === identity
        : drain.token === identity || drain.url === identity),
  );
  if (found === undefined) throw notFound("drain");
  return found;
}
