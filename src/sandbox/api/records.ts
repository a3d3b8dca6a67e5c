/**
 * What the sandbox's Platform API keeps, one record type per Heroku object, as plain data (the
 * state file is these, as JSON). Ids are UUIDs, times RFC 3339; each record names its app by id.
 * The JSON Heroku answers with is rendered from these (render.ts), never stored.
 */

export interface Account {
  id: string;
  email: string;
}

export interface AppRecord {
  id: string;
  name: string;
  region: string;
  /** The Heroku stack new builds use (`build_stack`). */
  stack: string;
  /** The team that owns it, or null for a personal app. */
  team: string | null;
  locked: boolean;
  acm: boolean;
  maintenance: boolean;
  buildpacks: string[];
  config: Record<string, string>;
  /** The loopback port its web dynos are reached on (its `web_url`). */
  webPort: number;
  createdAt: string;
  updatedAt: string;
  releasedAt: string | null;
}

export type ReleaseStatus = "pending" | "succeeded" | "failed";

export interface ReleaseRecord {
  id: string;
  appId: string;
  version: number;
  description: string;
  status: ReleaseStatus;
  slugId: string | null;
  /** The config vars it released with (what a rollback restores, `…/releases/{v}/config-vars`). */
  config: Record<string, string>;
  /** The add-on plans attached when it was cut (`addon_plan_names`). */
  addonPlanNames: string[];
  /** The release phase's log, when its slug declares one. */
  log: string[];
  createdAt: string;
  updatedAt: string;
}

export interface SlugRecord {
  id: string;
  appId: string;
  processTypes: Record<string, string>;
  /** `SHA256:<hex>` of the slug's archive. */
  checksum: string;
  size: number;
  stack: string;
  commit: string | null;
  buildpackDescription: string;
  createdAt: string;
  updatedAt: string;
}

export interface SourceRecord {
  id: string;
  /** Whether its blob was uploaded (`PUT` on its `put_url`). */
  uploaded: boolean;
  createdAt: string;
}

export type BuildStatus = "pending" | "succeeded" | "failed";

export interface BuildRecord {
  id: string;
  appId: string;
  status: BuildStatus;
  sourceUrl: string;
  checksum: string | null;
  version: string | null;
  buildpacks: string[];
  stack: string;
  slugId: string | null;
  releaseId: string | null;
  log: string[];
  createdAt: string;
  updatedAt: string;
}

export interface FormationRecord {
  id: string;
  appId: string;
  type: string;
  quantity: number;
  /** As Heroku names it: `Basic`, `Standard-1X`. */
  size: string;
  command: string;
  createdAt: string;
  updatedAt: string;
}

export interface PipelineRecord {
  id: string;
  name: string;
  ownerId: string;
  ownerType: "user" | "team";
  createdAt: string;
  updatedAt: string;
}

export interface CouplingRecord {
  id: string;
  appId: string;
  pipelineId: string;
  stage: string;
  createdAt: string;
  updatedAt: string;
}

export type AddonState = "provisioning" | "provisioned" | "deprovisioned";

export interface AddonRecord {
  id: string;
  name: string;
  appId: string;
  service: string;
  plan: string;
  state: AddonState;
  /** The config vars it sets on its app. */
  configVars: string[];
  createdAt: string;
  updatedAt: string;
}

export interface DomainRecord {
  id: string;
  appId: string;
  hostname: string;
  cname: string;
  createdAt: string;
  updatedAt: string;
}

export interface DrainRecord {
  id: string;
  appId: string;
  url: string;
  token: string;
  createdAt: string;
  updatedAt: string;
}

export interface FeatureRecord {
  id: string;
  appId: string;
  name: string;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Everything the sandbox's API holds: the state file. */
export interface SandboxState {
  /** The state file's format; a newer one is refused, not misread. */
  format: 1;
  /** The key every request must carry (Basic password or Bearer token). */
  key: string;
  account: Account;
  apps: AppRecord[];
  releases: ReleaseRecord[];
  slugs: SlugRecord[];
  sources: SourceRecord[];
  builds: BuildRecord[];
  formation: FormationRecord[];
  pipelines: PipelineRecord[];
  couplings: CouplingRecord[];
  addons: AddonRecord[];
  domains: DomainRecord[];
  drains: DrainRecord[];
  features: FeatureRecord[];
}
