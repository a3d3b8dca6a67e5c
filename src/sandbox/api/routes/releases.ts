import type { Platform } from "../platform";
import type { AppRecord, ReleaseRecord } from "../records";
import { invalid, notFound } from "../store";
import type { Routes } from "./route";

/**
 * Releases and config vars: `heroku releases`, `releases:info`, `releases:rollback`, a release of
 * a given slug (a promotion, a pinned slug), `config`, `config:set` and `config:unset` (each
 * change a new release).
 */
export const releaseRoutes: Routes = {
  "release List": ({ params }, platform) => {
    const app = platform.store.app(params[0]);
    return platform.releasesOf(app).map((release) => platform.render.release(release));
  },
  "release Info": ({ params }, platform) =>
    platform.render.release(releaseOf(platform, platform.store.app(params[0]), params[1])),
  "release Create": ({ params, body }, platform) => {
    const app = platform.store.app(params[0]);
    const slug = platform.state.slugs.find((candidate) => candidate.id === body.slug);
    if (slug === undefined) throw notFound("slug");
    const release = platform.cutRelease(app, {
      description: (body.description as string | undefined) ?? `Deploy ${slug.id.slice(0, 8)}`,
      slugId: slug.id,
    });
    return platform.render.release(release);
  },
  "release Rollback": ({ params, body }, platform) => {
    const app = platform.store.app(params[0]);
    const target = releaseOf(platform, app, String(body.release));
    if (target.slugId === null)
      throw invalid(`Cannot roll back to v${target.version}: it has no slug.`);
    app.config = { ...target.config };
    const release = platform.cutRelease(app, {
      description: `Rollback to v${target.version}`,
      slugId: target.slugId,
      config: target.config,
    });
    return platform.render.release(release);
  },
  "config-var Info for App": ({ params }, platform) => platform.store.app(params[0]).config,
  "config-var Info for App Release": ({ params }, platform) =>
    releaseOf(platform, platform.store.app(params[0]), params[1]).config,
  "config-var Update": ({ params, body }, platform) => {
    const app = platform.store.app(params[0]);
    platform.changeConfig(app, body as Record<string, string | null>);
    return app.config;
  },
};

/** A release of the app by UUID or version number. */
function releaseOf(platform: Platform, app: AppRecord, identity: string): ReleaseRecord {
  const version = /^v?(\d+)$/.exec(identity)?.[1];
  const found = platform
    .releasesOf(app)
    .find((release) =>
      version !== undefined ? release.version === Number(version) : release.id === identity,
    );
  if (found === undefined) throw notFound("release");
  return found;
}
