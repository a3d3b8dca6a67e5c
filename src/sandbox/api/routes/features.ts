import type { Platform } from "../platform";
import type { AppRecord, FeatureRecord } from "../records";
import { isUuid, notFound, now } from "../store";
import type { Routes } from "./route";

/** App features: `heroku features`, `features:enable`, `features:disable`, `labs:*`. */
export const featureRoutes: Routes = {
  "app-feature Info": ({ params }, platform) =>
    platform.render.feature(featureOf(platform, platform.store.app(params[0]), params[1])),
  "app-feature List": ({ params }, platform) => {
    const app = platform.store.app(params[0]);
    return platform.ofApp("features", app).map((feature) => platform.render.feature(feature));
  },
  "app-feature Update": ({ params, body }, platform) => {
    const feature = featureOf(platform, platform.store.app(params[0]), params[1]);
    feature.enabled = body.enabled as boolean;
    feature.updatedAt = now();
    return platform.render.feature(feature);
  },
};

function featureOf(platform: Platform, app: AppRecord, identity: string): FeatureRecord {
  const found = platform.state.features.find(
    (feature) =>
      feature.appId === app.id &&
      (isUuid(identity) ? feature.id === identity : feature.name === identity),
  );
  if (found === undefined) throw notFound("feature");
  return found;
}
