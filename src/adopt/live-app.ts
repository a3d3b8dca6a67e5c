import type { HerokuApi } from "./heroku-api";

/**
 * An app as the Heroku Platform API v3 describes it: the app and every part of it the program
 * declares, read with one GET each (lists page by page). Only the fields adoption reads are typed.
 */

interface Named {
  id: string;
  name: string;
}

export interface AppInfo extends Named {
  region: Named;
  build_stack: Named;
  /** Set on team apps (`organization` is its older name). */
  team?: Named | null;
  organization?: Named | null;
  space?: Named | null;
  acm: boolean;
  web_url?: string | null;
}

export interface FormationEntryInfo {
  id: string;
  type: string;
  quantity: number;
  /** As Heroku spells it: `Basic`, `Standard-1X`, `Performance-M`. */
  size: string;
}

export interface AddonInfo extends Named {
  plan: Named;
  addon_service: Named;
  /** The app that owns it; an add-on attached from another app is that app's. */
  app: Named;
  config_vars: string[];
}

export interface DomainInfo {
  id: string;
  hostname: string;
  /** `heroku` for <app>.herokuapp.com, `custom` for the app's own. */
  kind: string;
}

export interface FeatureInfo extends Named {
  enabled: boolean;
}

export interface DrainInfo {
  id: string;
  token: string;
  url: string;
  /** Set on drains an add-on made (a logging add-on); the add-on owns those. */
  addon?: Named | null;
}

export interface CouplingInfo {
  id: string;
  stage: string;
  pipeline: Named;
}

export interface ReleaseInfo {
  id: string;
  version: number;
  current: boolean;
  status: string;
  description: string;
  slug: { id: string } | null;
}

export interface BuildpackInstallation {
  ordinal: number;
  buildpack: { url: string; name?: string | null };
}

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
  const app = await api.get<AppInfo>(`/apps/${encodeURIComponent(nameOrId)}`);
  const base = `/apps/${app.id}`;
  return {
    app,
    configVars: await api.get<Record<string, string>>(`${base}/config-vars`),
    formation: await api.list<FormationEntryInfo>(`${base}/formation`),
    addons: await api.list<AddonInfo>(`${base}/addons`),
    domains: await api.list<DomainInfo>(`${base}/domains`),
    features: await api.list<FeatureInfo>(`${base}/features`),
    drains: await api.list<DrainInfo>(`${base}/log-drains`),
    // Not in a pipeline: the API answers 404.
    coupling: await api.find<CouplingInfo>(`${base}/pipeline-couplings`),
    release: await api.first<ReleaseInfo>(`${base}/releases`, "version ..; max=1, order=desc"),
    buildpacks: (await api.list<BuildpackInstallation>(`${base}/buildpack-installations`))
      .sort((a, b) => a.ordinal - b.ordinal)
      .map(({ buildpack }) => buildpack.name ?? buildpack.url),
  };
}
