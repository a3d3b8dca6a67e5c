import type { ImportIds } from "../program/config/imports";
import { DEFAULT_HEROKU_STACK, HEROKU_STACKS, REGIONS, STAGES } from "../program/heroku-rules";
import type { Stage } from "../program/heroku-rules";
import type { LiveApp } from "./live-app";
import { addons, configVars, domains, drains, features, formation } from "./parts";

/**
 * A live app as this program's stack config: what the program would declare to describe the app
 * as it is, the ids to import each resource by, the secrets only a person may set, and notes on
 * what was left out or what the first `pulumi up` will still change — each with its reason.
 */

/** A value that must not be written in plaintext: the person sets it with this command. */
export interface PendingSecret {
  /** `sensitiveVars.STRIPE_API_KEY`, `drains.papertrail`. */
  path: string;
  command: string;
  why: string;
}

export interface Adoption {
  /** The stack file's `heroku-app:` entries, keys without the namespace. */
  config: Record<string, unknown>;
  imports: ImportIds;
  secrets: PendingSecret[];
  /** What was not adopted, and why. */
  notes: string[];
  /** What the first `pulumi up` will change besides the imports, and why. */
  changes: string[];
}

/** The live app can't be described by this program at all. */
export class AdoptionError extends Error {
  override name = "AdoptionError";
}

export interface AdoptionContext {
  stack: string;
  project: string;
  /** Scalable process types of app/Procfile. */
  processTypes: readonly string[];
  /** `--stage`: overrides the stage of the app's pipeline coupling. */
  stage?: Stage;
}

export function adoptionOf(live: LiveApp, context: AdoptionContext): Adoption {
  const { app } = live;
  if (app.space) {
    throw new AdoptionError(
      `runs in the Private Space "${app.space.name}"; this program declares Common Runtime apps`,
    );
  }
  if (!(REGIONS as readonly string[]).includes(app.region.name)) {
    throw new AdoptionError(
      `is in region "${app.region.name}"; this program's regions are ${REGIONS.join(", ")}`,
    );
  }
  if (app.build_stack.name === "container") {
    throw new AdoptionError(
      "runs Docker images (the container stack); this program builds and releases slugs",
    );
  }
  const adoption: Adoption = {
    config: {},
    imports: { app: app.id },
    secrets: [],
    notes: [],
    changes: [],
  };
  const { config, changes } = adoption;
  config.appName = app.name;
  config.region = app.region.name;
  config.stack = herokuStack(app.build_stack.name, changes);
  const team = app.team?.name ?? app.organization?.name;
  if (team) config.team = team;

  const stage = stageOf(live, context, adoption);
  config.stage = stage;
  if (stage === "production") config.protect = true;

  const { release } = live;
  if (release?.current && release.status === "succeeded" && release.slug) {
    // Released anew, not imported: the first up writes config vars (SESSION_SECRET at least),
    // which cuts a release before the Release's import reads the newest one; that one differs, the
    // Release is replaced, and the engine refuses to replace a resource that still has an import
    // id (pulumi/pulumi pkg/resource/deploy/step_generator.go: "previously-imported resources that
    // still specify an ID may not be replaced"). A new release of the same slug is what Heroku
    // does on any config change anyway.
    config.deploy = { slugId: release.slug.id };
    changes.push(
      `release: a new release of the slug the app runs (v${release.version}'s, ${release.slug.id}); the dynos restart once more`,
    );
  } else {
    config.deploy = { build: true };
    // `heroku create` leaves v1 "Initial release", with no slug: no release with code is no deploy.
    changes.push(
      release?.slug
        ? `release: the newest release (v${release.version}) is ${release.current ? release.status : "not current"}, so the first up builds app/ and releases it`
        : "release: the app was never deployed; the first up builds app/ and releases it",
    );
  }

  formation(live, context, adoption);
  const addonVars = addons(live, adoption);
  configVars(live, context, addonVars, adoption);
  domains(live, adoption);
  features(live, adoption);
  drains(live, context, adoption);

  if (live.buildpacks.join(" ") !== "heroku/nodejs") {
    changes.push(
      `buildpacks: ${live.buildpacks.length > 0 ? live.buildpacks.join(", ") : "none set (detected at build)"} → heroku/nodejs, the program's (it takes effect at the next build)`,
    );
  }
  return adoption;
}

function herokuStack(name: string, changes: string[]): string {
  const status = (HEROKU_STACKS as Record<string, string>)[name];
  if (status !== undefined && status !== "end-of-life") return name;
  changes.push(
    `stack: ${name} → ${DEFAULT_HEROKU_STACK}, since this program doesn't deploy to ${name} (it takes effect at the next build)`,
  );
  return DEFAULT_HEROKU_STACK;
}

/** `--stage`, else the coupling's stage, else staging (a stack that owns its pipeline). */
function stageOf(live: LiveApp, context: AdoptionContext, adoption: Adoption): Stage {
  const { imports, notes, changes } = adoption;
  const { coupling } = live;
  const coupled = (STAGES as readonly string[]).includes(coupling?.stage ?? "")
    ? (coupling?.stage as Stage)
    : undefined;
  const stage = context.stage ?? coupled ?? "staging";
  if (coupling === undefined) {
    changes.push(`coupling: the app is in no pipeline; the first up couples it at stage ${stage}`);
    return stage;
  }
  if (coupling.stage !== stage) {
    notes.push(
      `coupling: the app is in pipeline "${coupling.pipeline.name}" at stage ${coupling.stage}, the stack at ${stage}: ` +
        "not imported, and an app has one coupling, so remove it first (heroku pipelines:remove)",
    );
    return stage;
  }
  imports.coupling = coupling.id;
  if (stage === "staging") {
    imports.pipeline = coupling.pipeline.id;
    if (coupling.pipeline.name !== context.project) {
      changes.push(
        `pipeline: renamed "${coupling.pipeline.name}" → "${context.project}" (the program names it after the project)`,
      );
    }
  } else {
    changes.push(
      `coupling: none if the pipeline the stack named by pipelineStack (default: staging) exports is this one, "${coupling.pipeline.name}" (${coupling.pipeline.id}); any other, and the coupling is replaced, which fails while import.coupling is set`,
    );
  }
  return stage;
}
