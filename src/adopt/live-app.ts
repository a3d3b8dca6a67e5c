import { HerokuApiError } from "./heroku-api";
import type { HerokuApi } from "./heroku-api";
import * as shapes from "./shapes";
import type {
  AddonInfo,
  AppInfo,
  CouplingInfo,
  DomainInfo,
  DrainInfo,
  FeatureInfo,
  FormationEntryInfo,
  ReleaseInfo,
} from "./shapes";

/**
 * An app as the Heroku Platform API v3 describes it: the app and every part of it the program
 * declares, read with one GET each (lists page by page), each answer checked against its shape
 * (shapes.ts). A problem names the app.
 */

export interface LiveApp {
  app: AppInfo;
  configVars: Record<string, string>;
  formation: FormationEntryInfo[];
  addons: AddonInfo[];
  domains: DomainInfo[];
  features: FeatureInfo[];
  drains: DrainInfo[];
  coupling: CouplingInfo | undefined;
  /** The newest release (what the provider's Release import reads), if the app has one. */
  release: ReleaseInfo | undefined;
  buildpacks: string[];
}

/** Reads the app by name or id, then each part of it by the app's id; one request at a time. */
export async function readLiveApp(api: HerokuApi, nameOrId: string): Promise<LiveApp> {
  try {
    return await read(api, nameOrId);
  } catch (error) {
    if (!(error instanceof HerokuApiError) || error.failure !== "unexpected") throw error;
    throw new HerokuApiError(error.failure, `app ${nameOrId}: ${error.message}`, error.status);
  }
}

async function read(api: HerokuApi, nameOrId: string): Promise<LiveApp> {
  const app = await api.get(`/apps/${encodeURIComponent(nameOrId)}`, shapes.APP);
  // The id is a UUID (checked); encoded all the same, as everything that goes into a URL.
  const base = `/apps/${encodeURIComponent(app.id)}`;
  return {
    app,
    configVars: await api.get(`${base}/config-vars`, shapes.CONFIG_VARS),
    formation: await api.list(`${base}/formation`, shapes.FORMATION),
    addons: await api.list(`${base}/addons`, shapes.ADDONS),
    domains: await api.list(`${base}/domains`, shapes.DOMAINS),
    features: await api.list(`${base}/features`, shapes.FEATURES),
    drains: await api.list(`${base}/log-drains`, shapes.DRAINS),
    // Not in a pipeline: the API answers 404.
    coupling: await api.find(`${base}/pipeline-couplings`, shapes.COUPLING),
    release: await api.first(`${base}/releases`, "version ..; max=1, order=desc", shapes.RELEASES),
    buildpacks: (await api.list(`${base}/buildpack-installations`, shapes.BUILDPACKS))
      .sort((a, b) => a.ordinal - b.ordinal)
      .map(({ buildpack }) => buildpack.name ?? buildpack.url),
  };
}
