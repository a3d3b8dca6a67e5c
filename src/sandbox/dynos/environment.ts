import * as path from "path";
import { dynoBaseEnv } from "../../local/dynos";
import type { AppRecord, ReleaseRecord, SlugRecord } from "../api/records";

/**
 * A dyno's environment, as Heroku builds it: the little it takes from the machine (PATH with
 * this Node first and the slug's node_modules/.bin last, the user, locale, temp dir; the same
 * rule as `npm run local`, src/local/dynos.ts), HOME at the slug (Heroku's /app), the release's
 * config vars, what the Node.js buildpack's profile sets (NODE_ENV production unless set), the
 * dyno metadata when the app's `runtime-dyno-metadata` feature is on, then PORT and DYNO.
 */
export interface DynoContext {
  app: AppRecord;
  release: ReleaseRecord;
  slug: SlugRecord;
  slugDir: string;
  /** The app's `runtime-dyno-metadata` feature. */
  metadata: boolean;
}

export function dynoEnvironment(
  context: DynoContext,
  dyno: { name: string; id: string; port: number },
): Record<string, string> {
  const { app, release, slug, slugDir } = context;
  const env: Record<string, string> = {
    ...dynoBaseEnv(process.env, path.dirname(process.execPath), slugDir),
    HOME: slugDir,
    ...release.config,
  };
  env.NODE_ENV ??= "production";
  if (context.metadata) {
    Object.assign(env, {
      HEROKU_APP_ID: app.id,
      HEROKU_APP_NAME: app.name,
      HEROKU_DYNO_ID: dyno.id,
      HEROKU_RELEASE_CREATED_AT: release.createdAt,
      HEROKU_RELEASE_VERSION: `v${release.version}`,
      HEROKU_SLUG_COMMIT: slug.commit ?? "",
      HEROKU_SLUG_DESCRIPTION: release.description,
    });
  }
  env.PORT = String(dyno.port);
  env.DYNO = dyno.name;
  return env;
}
