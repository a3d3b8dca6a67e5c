import { randomBytes } from "crypto";
import { HOSTNAME_PATTERN } from "../../../program/heroku-rules";
import type { Platform } from "../platform";
import type { AppRecord, DomainRecord } from "../records";
import { invalid, isUuid, newId, notFound, now } from "../store";
import type { Routes } from "./route";
import { Answer } from "./route";

/** Custom domains: `heroku domains:add`, `domains`, `domains:info`, `domains:remove`. A hostname is
 * unique across the platform. */
export const domainRoutes: Routes = {
  "domain Create": ({ params, body }, platform) => {
    const app = platform.store.app(params[0]);
    const hostname = (body.hostname as string).toLowerCase();
    if (!HOSTNAME_PATTERN.test(hostname)) throw invalid(`${hostname} is not a valid hostname.`);
    const owner = platform.state.domains.find((domain) => domain.hostname === hostname);
    if (owner !== undefined) {
      throw invalid(
        owner.appId === app.id
          ? "Domain already added to this app."
          : `${hostname} is currently in use by another app.`,
      );
    }
    const stamp = now();
    const domain: DomainRecord = {
      id: newId(),
      appId: app.id,
      hostname,
      cname: `${hostname.replace(/^\*\./, "wildcard.").split(".")[0]}-${randomBytes(7).toString("hex")}.herokudns.com`,
      createdAt: stamp,
      updatedAt: stamp,
    };
    platform.state.domains.push(domain);
    return new Answer(201, platform.render.domain(domain));
  },
  "domain Info": ({ params }, platform) => {
    const app = platform.store.app(params[0]);
    return platform.render.domain(domainOf(platform, app, params[1]));
  },
  "domain List": ({ params }, platform) => {
    const app = platform.store.app(params[0]);
    return platform.ofApp("domains", app).map((domain) => platform.render.domain(domain));
  },
  "domain Update": ({ params }, platform) => {
    const app = platform.store.app(params[0]);
    const domain = domainOf(platform, app, params[1]);
    domain.updatedAt = now();
    return platform.render.domain(domain);
  },
  "domain Delete": ({ params }, platform) => {
    const app = platform.store.app(params[0]);
    const domain = domainOf(platform, app, params[1]);
    platform.store.remove("domains", (candidate) => candidate.id === domain.id);
    return platform.render.domain(domain);
  },
};

function domainOf(platform: Platform, app: AppRecord, identity: string): DomainRecord {
  const found = platform.state.domains.find(
    (domain) =>
      domain.appId === app.id &&
      (isUuid(identity) ? domain.id === identity : domain.hostname === identity.toLowerCase()),
  );
  if (found === undefined) throw notFound("domain");
  return found;
}
