import type { Platform } from "../platform";
import type { AppRecord } from "../records";
import { ApiError, now } from "../store";
import type { Routes } from "./route";
import { Answer } from "./route";

/**
 * Dynos and logs: `heroku ps`, `ps:restart` (all, a process type, one dyno), `ps:stop`, and the
 * log sessions of `heroku logs` (`--tail` too). What runs is the runtime's: with records only,
 * an app has no dynos (`heroku ps` says so) and its log holds only the API's own lines.
 */
export const dynoRoutes: Routes = {
  "dyno List": ({ params }, platform) => {
    const app = platform.store.app(params[0]);
    return dynosOf(platform, app).map((dyno) => platform.render.dyno(app, dyno));
  },
  "dyno Info": ({ params }, platform) => {
    const app = platform.store.app(params[0]);
    const dyno = dynosOf(platform, app).find((candidate) =>
      [candidate.id, candidate.name].includes(params[1]),
    );
    if (dyno === undefined) throw noSuchDyno();
    return platform.render.dyno(app, dyno);
  },
  "dyno Restart all": ({ params }, platform) => {
    const app = platform.store.app(params[0]);
    platform.runtime.restart?.(app, {});
    return new Answer(202, {});
  },
  /**
   * A dyno by name (`web.1`) or, as `heroku ps:restart web` sends it, a process type: Heroku
   * restarts every dyno of that type then.
   */
  "dyno Restart": ({ params }, platform) => {
    const app = platform.store.app(params[0]);
    const [identity] = params.slice(1);
    const target = identity.includes(".") ? { name: identity } : { type: identity };
    if (!(platform.runtime.restart?.(app, target) ?? false)) throw noSuchDyno();
    return new Answer(202, {});
  },
  "dyno Stop": ({ params }, platform) => {
    const app = platform.store.app(params[0]);
    if (!(platform.runtime.stopDyno?.(app, params[1]) ?? false)) throw noSuchDyno();
    return new Answer(202, {});
  },
  "log-session Create": ({ params, body }, platform) => {
    const app = platform.store.app(params[0]);
    const session = platform.logs.openSession({
      appId: app.id,
      dyno: body.dyno as string | undefined,
      source: body.source as string | undefined,
      lines: Math.min(Math.max((body.lines as number | undefined) ?? 100, 0), 1500),
      tail: body.tail === true,
      createdAt: now(),
    });
    return new Answer(201, platform.render.logSession(session));
  },
};

/**
 * `heroku ps:restart --process-type web` sends `DELETE /apps/{app}/formations/{type}`, a route the
 * Platform API's schema lacks (ROUTES-CLI research: the CLI 11.10 calls it; Heroku answers it).
 * Served on purpose, as server.ts's one documented exception to "every request matches a link".
 */
export function restartProcessType(platform: Platform, appIdentity: string, type: string): Answer {
  const app = platform.store.app(appIdentity);
  if (!(platform.runtime.restart?.(app, { type }) ?? false)) throw noSuchDyno();
  return new Answer(202, {});
}

function dynosOf(platform: Platform, app: AppRecord) {
  return platform.runtime.dynos?.(app) ?? [];
}

const noSuchDyno = () => new ApiError(404, "not_found", "Couldn't find that dyno.");
