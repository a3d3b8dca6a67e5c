import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tar from "tar";
import { listDeployableFiles } from "../../src/program/bundle-files";
import { APP_DIR } from "../../src/program/paths";

/**
 * An app seeded through a Platform API's own routes (the sandbox's), as a person with the Heroku
 * CLI and git would leave it: `heroku create`, `config:set`, `addons:create`, `domains:add`,
 * `drains:add`, `features:enable`, `pipelines:create`/`add`, `buildpacks:set`, a `git push`
 * (POST /sources, PUT the tarball to its put_url, POST /apps/{app}/builds, waiting for the build
 * and its release phase as git push does), then `ps:scale`. Each request as the Heroku CLI sends
 * it (Bearer key, version 3); an answer other than 2xx fails the seeding with Heroku's message.
 */

export interface SeedApi {
  url: string;
  key: string;
}

export interface AppSeed {
  name: string;
  region?: string;
  stack?: string;
  /** `heroku create --team`: a team app. */
  team?: string;
  config?: Record<string, string>;
  /** `heroku addons:create <plan> [--name <name>]`; Heroku names it when no name is given. */
  addons?: { plan: string; name?: string }[];
  domains?: string[];
  drains?: string[];
  features?: string[];
  /** `heroku pipelines:create <name> --stage <stage>` (or `pipelines:add` to an existing one). */
  pipeline?: { name: string; stage: string };
  buildpacks?: string[];
  /**
   * `git push heroku main`: `"app"` pushes app/'s deployable files (what `npm run bundle` holds);
   * an object pushes those files (path → content).
   */
  push?: "app" | Record<string, string>;
  /** `heroku ps:scale type=quantity:size`, after the push. */
  scale?: Record<string, { quantity: number; size: string }>;
}

export interface SeededApp {
  id: string;
  name: string;
  addons: { id: string; name: string; plan: string }[];
  domains: { id: string; hostname: string }[];
  drains: { id: string; token: string; url: string }[];
  features: { id: string; name: string }[];
  coupling?: { id: string; pipelineId: string };
  /** The slug and release the push made. */
  slugId?: string;
  releaseId?: string;
}

type Json = Record<string, unknown> & { id: string };

export async function seedApp(api: SeedApi, seed: AppSeed): Promise<SeededApp> {
  const heroku = client(api);
  const created = seed.team
    ? await heroku("POST", "/teams/apps", {
        name: seed.name,
        team: seed.team,
        region: seed.region,
        stack: seed.stack,
      })
    : await heroku("POST", "/apps", { name: seed.name, region: seed.region, stack: seed.stack });
  const app = `/apps/${created.id}`;
  const seeded: SeededApp = {
    id: created.id,
    name: created.name as string,
    addons: [],
    domains: [],
    drains: [],
    features: [],
  };
  if (seed.buildpacks) {
    const updates = seed.buildpacks.map((buildpack) => ({ buildpack }));
    await heroku("PUT", `${app}/buildpack-installations`, { updates });
  }
  if (seed.config) await heroku("PATCH", `${app}/config-vars`, seed.config);
  for (const { plan, name } of seed.addons ?? []) {
    const addon = await heroku("POST", `${app}/addons`, { plan, ...(name ? { name } : {}) });
    // addons:create returns while it provisions; its vars reach the app once it is provisioned.
    await until(
      async () => (await heroku("GET", `${app}/addons/${addon.id}`)).state === "provisioned",
    );
    seeded.addons.push({ id: addon.id, name: addon.name as string, plan });
  }
  for (const hostname of seed.domains ?? []) {
    const domain = await heroku("POST", `${app}/domains`, { hostname, sni_endpoint: null });
    seeded.domains.push({ id: domain.id, hostname });
  }
  for (const url of seed.drains ?? []) {
    const drain = await heroku("POST", `${app}/log-drains`, { url });
    seeded.drains.push({ id: drain.id, token: drain.token as string, url });
  }
  for (const name of seed.features ?? []) {
    const feature = await heroku("PATCH", `${app}/features/${name}`, { enabled: true });
    seeded.features.push({ id: feature.id, name });
  }
  if (seed.pipeline) {
    const pipelines = (await heroku("GET", "/pipelines")) as unknown as Json[];
    const pipeline =
      pipelines.find((candidate) => candidate.name === seed.pipeline?.name) ??
      (await heroku("POST", "/pipelines", { name: seed.pipeline.name }));
    const coupling = await heroku("POST", "/pipeline-couplings", {
      app: created.id,
      pipeline: pipeline.id,
      stage: seed.pipeline.stage,
    });
    seeded.coupling = { id: coupling.id, pipelineId: pipeline.id };
  }
  if (seed.push) Object.assign(seeded, await push(heroku, app, seed.push));
  if (seed.scale) {
    const updates = Object.entries(seed.scale).map(([type, { quantity, size }]) => ({
      type,
      quantity,
      size,
    }));
    await heroku("PATCH", `${app}/formation`, { updates });
  }
  return seeded;
}

type Client = (method: string, route: string, body?: unknown) => Promise<Json>;

function client(api: SeedApi): Client {
  return async (method, route, body) => {
    const response = await fetch(`${api.url}${route}`, {
      method,
      headers: {
        Authorization: `Bearer ${api.key}`,
        Accept: "application/vnd.heroku+json; version=3",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = (await response.json()) as Json;
    if (!response.ok) {
      throw new Error(`seeding: ${method} ${route}: ${response.status} ${String(answer.message)}`);
    }
    return answer;
  };
}

/** `git push heroku main` through the API: the source uploaded, built, its release out. */
async function push(
  heroku: Client,
  app: string,
  what: "app" | Record<string, string>,
): Promise<{ slugId: string; releaseId: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "seed-push-"));
  try {
    const source = path.join(dir, "source");
    let files: string[];
    if (what === "app") {
      files = listDeployableFiles(APP_DIR);
      for (const file of files) {
        fs.mkdirSync(path.dirname(path.join(source, file)), { recursive: true });
        fs.copyFileSync(path.join(APP_DIR, file), path.join(source, file));
      }
    } else {
      files = Object.keys(what);
      for (const [file, content] of Object.entries(what)) {
        fs.mkdirSync(path.dirname(path.join(source, file)), { recursive: true });
        fs.writeFileSync(path.join(source, file), content);
      }
    }
    const tarball = path.join(dir, "source.tgz");
    await tar.c({ gzip: true, cwd: source, file: tarball, portable: true }, files);
    const blob = (await heroku("POST", "/sources")).source_blob as {
      put_url: string;
      get_url: string;
    };
    // The signed URL: no Heroku credentials, as git push's builder (and the provider) send it.
    const upload = await fetch(blob.put_url, { method: "PUT", body: fs.readFileSync(tarball) });
    if (!upload.ok) throw new Error(`seeding: PUT ${blob.put_url}: ${upload.status}`);
    const build = await heroku("POST", `${app}/builds`, { source_blob: { url: blob.get_url } });
    let done: Json = build;
    await until(
      async () => (done = await heroku("GET", `${app}/builds/${build.id}`)).status !== "pending",
    );
    if (done.status !== "succeeded")
      throw new Error(`seeding: the build ${build.id} ${String(done.status)}`);
    const releaseId = (done.release as { id: string }).id;
    await until(
      async () => (await heroku("GET", `${app}/releases/${releaseId}`)).status !== "pending",
    );
    return { slugId: (done.slug as { id: string }).id, releaseId };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Polls until `condition` holds, as the Heroku CLI waits; fails after a minute. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 1200; tries++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("seeding: still waiting after a minute");
}
