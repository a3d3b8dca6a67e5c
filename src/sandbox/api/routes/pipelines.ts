import type { Platform } from "../platform";
import type { CouplingRecord, PipelineRecord } from "../records";
import { invalid, isUuid, newId, notFound, now } from "../store";
import type { Routes } from "./route";
import { Answer } from "./route";

/**
 * Pipelines and their couplings: `heroku pipelines:create`, `pipelines:add`, `pipelines:remove`,
 * `pipelines:info`. An app belongs to at most one pipeline.
 */
export const pipelineRoutes: Routes = {
  "pipeline Create": ({ body }, platform) => {
    const name = body.name as string;
    if (platform.state.pipelines.some((pipeline) => pipeline.name === name)) {
      throw invalid("Name is already taken");
    }
    const owner = (body.owner as { id: string; type: "user" | "team" } | null | undefined) ?? {
      id: platform.state.account.id,
      type: "user" as const,
    };
    const stamp = now();
    const pipeline: PipelineRecord = {
      id: newId(),
      name,
      ownerId: owner.id,
      ownerType: owner.type,
      createdAt: stamp,
      updatedAt: stamp,
    };
    platform.state.pipelines.push(pipeline);
    return new Answer(201, platform.render.pipeline(pipeline));
  },
  "pipeline Info": ({ params }, platform) =>
    platform.render.pipeline(pipelineOf(platform, params[0])),
  /** `?eq[name]=…` keeps those of that name (`heroku pipelines:info <name>`). */
  "pipeline List": ({ query }, platform) =>
    platform.state.pipelines
      .filter((pipeline) => !query.has("eq[name]") || pipeline.name === query.get("eq[name]"))
      .map((pipeline) => platform.render.pipeline(pipeline)),
  /** `POST /filters/apps`: the apps of those ids (`heroku pipelines:info` lists a pipeline's apps). */
  "filter-apps Apps": ({ body }, platform) => {
    const ids = ((body.in as { id?: string[] } | undefined)?.id ?? []).map((id) =>
      id.toLowerCase(),
    );
    return platform.state.apps
      .filter((app) => ids.includes(app.id))
      .map((app) => platform.render.teamApp(app));
  },
  "pipeline Update": ({ params, body }, platform) => {
    const pipeline = pipelineOf(platform, params[0]);
    if (body.name !== undefined && body.name !== pipeline.name) {
      if (platform.state.pipelines.some((other) => other.name === body.name)) {
        throw invalid("Name is already taken");
      }
      pipeline.name = body.name as string;
      pipeline.updatedAt = now();
    }
    return platform.render.pipeline(pipeline);
  },
  "pipeline Delete": ({ params }, platform) => {
    const pipeline = pipelineOf(platform, params[0]);
    platform.store.remove("couplings", (coupling) => coupling.pipelineId === pipeline.id);
    platform.store.remove("pipelines", (candidate) => candidate.id === pipeline.id);
    return platform.render.pipeline(pipeline);
  },
  "pipeline-coupling Create": ({ body }, platform) => {
    const app = platform.store.app(body.app as string);
    const pipeline = pipelineOf(platform, body.pipeline as string);
    if (platform.state.couplings.some((coupling) => coupling.appId === app.id)) {
      throw invalid(`${app.name} is already a member of a pipeline.`);
    }
    const stamp = now();
    const coupling: CouplingRecord = {
      id: newId(),
      appId: app.id,
      pipelineId: pipeline.id,
      stage: body.stage as string,
      createdAt: stamp,
      updatedAt: stamp,
    };
    platform.state.couplings.push(coupling);
    return new Answer(201, platform.render.coupling(coupling));
  },
  "pipeline-coupling Info": ({ params }, platform) =>
    platform.render.coupling(couplingOf(platform, params[0])),
  "pipeline-coupling Info By App": ({ params }, platform) => {
    const app = platform.store.app(params[0]);
    return platform.render.coupling(
      platform.store.find(
        "couplings",
        "pipeline coupling",
        (coupling) => coupling.appId === app.id,
      ),
    );
  },
  "pipeline-coupling List": (_, platform) =>
    platform.state.couplings.map((coupling) => platform.render.coupling(coupling)),
  "pipeline-coupling List By Current User": (_, platform) =>
    platform.state.couplings.map((coupling) => platform.render.coupling(coupling)),
  "pipeline-coupling List By Pipeline": ({ params }, platform) => {
    const pipeline = pipelineOf(platform, params[0]);
    return platform.state.couplings
      .filter((coupling) => coupling.pipelineId === pipeline.id)
      .map((coupling) => platform.render.coupling(coupling));
  },
  "pipeline-coupling Update": ({ params, body }, platform) => {
    const coupling = couplingOf(platform, params[0]);
    if (body.stage !== undefined) coupling.stage = body.stage as string;
    coupling.updatedAt = now();
    return platform.render.coupling(coupling);
  },
  "pipeline-coupling Delete": ({ params }, platform) => {
    const coupling = couplingOf(platform, params[0]);
    platform.store.remove("couplings", (candidate) => candidate.id === coupling.id);
    return platform.render.coupling(coupling);
  },
};

function pipelineOf(platform: Platform, identity: string): PipelineRecord {
  const found = platform.state.pipelines.find((pipeline) =>
    isUuid(identity) ? pipeline.id === identity : pipeline.name === identity,
  );
  if (found === undefined) throw notFound("pipeline");
  return found;
}

function couplingOf(platform: Platform, id: string): CouplingRecord {
  return platform.store.find("couplings", "pipeline coupling", (coupling) => coupling.id === id);
}
