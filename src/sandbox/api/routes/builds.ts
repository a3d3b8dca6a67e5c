import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { MAX_SLUG_BYTES } from "../../../program/heroku-rules";
import type { Platform } from "../platform";
import type { AppRecord, BuildRecord } from "../records";
import { invalid, newId, notFound, now } from "../store";
import type { Routes } from "./route";
import { Answer } from "./route";

/**
 * Sources, builds and slugs: what a `git push heroku` does through the API (the provider's Build
 * too): a source blob is created, uploaded to its `put_url`, then built; the build's slug is
 * released at once, and its output is streamed at `output_stream_url` until it ends.
 */
export const buildRoutes: Routes = {
  "source Create": (_, platform) => newSource(platform),
  "source Create - Deprecated": ({ params }, platform) => {
    platform.store.app(params[0]);
    return newSource(platform);
  },
  "build Create": ({ params, body }, platform) => {
    const app = platform.store.app(params[0]);
    const blob = body.source_blob as {
      url: string;
      checksum?: string | null;
      version?: string | null;
    };
    const stamp = now();
    const build: BuildRecord = {
      id: newId(),
      appId: app.id,
      status: "pending",
      sourceUrl: blob.url,
      checksum: blob.checksum ?? null,
      version: blob.version ?? null,
      buildpacks: ((body.buildpacks as { url: string }[] | undefined) ?? []).map(({ url }) => url),
      stack: app.stack,
      slugId: null,
      releaseId: null,
      log: [],
      createdAt: stamp,
      updatedAt: stamp,
    };
    if (build.buildpacks.length === 0)
      build.buildpacks = app.buildpacks.length > 0 ? [...app.buildpacks] : ["heroku/nodejs"];
    platform.state.builds.push(build);
    platform.later(() => runBuild(platform, app, build));
    return new Answer(201, platform.render.build(build));
  },
  "build Info": ({ params }, platform) => {
    const app = platform.store.app(params[0]);
    return platform.render.build(
      platform.store.find(
        "builds",
        "build",
        (build) => build.appId === app.id && build.id === params[1],
      ),
    );
  },
  "build List": ({ params }, platform) => {
    const app = platform.store.app(params[0]);
    return platform.ofApp("builds", app).map((build) => platform.render.build(build));
  },
  "slug Info": ({ params }, platform) => {
    platform.store.app(params[0]);
    return platform.render.slug(
      platform.store.find("slugs", "slug", (slug) => slug.id === params[1]),
    );
  },
};

function newSource(platform: Platform) {
  const id = newId();
  platform.state.sources.push({ id, uploaded: false, createdAt: now() });
  return new Answer(201, platform.render.source(id));
}

/** The file a source URL of this sandbox names, or undefined for any other URL. */
export function sourceFile(platform: Platform, url: string): string | undefined {
  const id = /\/sandbox\/blobs\/source-([0-9a-f-]{36})\.tgz$/.exec(url)?.[1];
  const source = platform.state.sources.find((candidate) => candidate.id === id);
  return source?.uploaded ? platform.store.blobPath(`source-${source.id}.tgz`) : undefined;
}

/**
 * Fetches the source, checks its checksum, has the runtime compile it into a slug, then releases
 * the slug: the build succeeds and its release is cut in one step, as Heroku reports them.
 */
async function runBuild(platform: Platform, app: AppRecord, build: BuildRecord): Promise<void> {
  const log = (line: string) => build.log.push(line);
  const fail = (line: string) => {
    if (platform.isClosed) return;
    log(line);
    build.status = "failed";
    build.updatedAt = now();
    platform.store.save();
  };
  const file = sourceFile(platform, build.sourceUrl);
  if (file === undefined) {
    return fail(
      `-----> Unable to fetch source from ${build.sourceUrl}: the sandbox builds only sources uploaded to it (POST /sources, then PUT to its put_url)`,
    );
  }
  const bytes = fs.readFileSync(file);
  const checksum = `SHA256:${createHash("sha256").update(bytes).digest("hex")}`;
  if (build.checksum !== null && build.checksum.toLowerCase() !== checksum.toLowerCase()) {
    return fail(
      `-----> Checksum mismatch: the source is ${checksum}, the build said ${build.checksum}`,
    );
  }
  if (bytes.length > MAX_SLUG_BYTES) {
    const mb = (count: number) => `${Math.ceil(count / (1024 * 1024))}M`;
    return fail(
      `-----> Compiled slug size: ${mb(bytes.length)} is too large (max is ${mb(MAX_SLUG_BYTES)}).`,
    );
  }
  const slugId = newId();
  const slugDir = platform.store.blobPath(`slug-${slugId}`);
  platform.apiLog(app, "Build started");
  try {
    const { processTypes, description, size } = await platform.runtime.build({
      app,
      source: file,
      slugDir,
      log,
    });
    // The API stopped (the build is failed on the next start), or the app was deleted meanwhile.
    if (platform.isClosed || !platform.state.apps.includes(app)) return;
    const stamp = now();
    platform.state.slugs.push({
      id: slugId,
      appId: app.id,
      processTypes,
      checksum,
      size: size ?? bytes.length,
      stack: build.stack,
      commit: build.version,
      buildpackDescription: description,
      createdAt: stamp,
      updatedAt: stamp,
    });
    const release = platform.cutRelease(app, { description: deployDescription(build), slugId });
    build.slugId = slugId;
    build.releaseId = release.id;
    build.status = "succeeded";
    build.updatedAt = stamp;
    platform.apiLog(app, "Build succeeded");
    platform.store.save();
  } catch (error) {
    fs.rmSync(slugDir, { recursive: true, force: true });
    if (platform.isClosed) return;
    platform.apiLog(app, "Build failed");
    fail(`-----> Build failed: ${(error as Error).message}`);
  }
}

function deployDescription(build: BuildRecord): string {
  const version = build.version?.replace(/^SHA256:/i, "");
  return version ? `Deploy ${version.slice(0, 8)}` : "Deploy";
}

/** Where `PUT <put_url>` writes: the body, whole, then the source counts as uploaded. */
export function uploadSource(platform: Platform, id: string, body: Buffer): void {
  const source = platform.state.sources.find((candidate) => candidate.id === id);
  if (source === undefined) throw notFound("source");
  if (source.uploaded) throw invalid("This source was uploaded already.");
  fs.writeFileSync(platform.store.blobPath(`source-${id}.tgz`), body);
  source.uploaded = true;
  platform.store.save();
}

export const SLUG_DIR = (platform: Platform, slugId: string) =>
  path.join(platform.store.blobs, `slug-${slugId}`);
