import type * as pulumi from "@pulumi/pulumi";
import { TYPE } from "./types";

/**
 * The resource options this program applies because of what the Heroku provider
 * (terraform-provider-heroku v5.2.10 behind @pulumiverse/heroku 1.0.4) does on update,
 * replacement and delete — as data, one row per type, each citing the section of
 * reference/heroku-provider/LIFECYCLE.md (which cites the provider's files and functions) that
 * asks for it. What the provider replaces on and what its Delete does is the engine's to say
 * (`pulumi preview`, the change plan): nothing here models it.
 */

export interface LifecycleOptions {
  replaceOnChanges?: readonly string[];
  deleteBeforeReplace?: boolean;
  /** Skip Delete when the app goes too: Heroku removes it with the app. */
  deletedWithApp?: boolean;
  retainOnDelete?: boolean;
}

export const LIFECYCLE_OPTIONS: Readonly<Record<string, LifecycleOptions>> = {
  // §2 resource_heroku_app_config_association.go: Update sends only changed maps (getVarDiff), so a
  // new appId alone would write nothing to the new app: replaced with its app instead.
  [TYPE.config]: { replaceOnChanges: ["appId"], deletedWithApp: true },
  // §4 resource_heroku_app_release.go: resourceHerokuAppReleaseUpdate refuses a new description.
  [TYPE.release]: { replaceOnChanges: ["description"] },
  // §5 resource_heroku_formation.go: an update of `type` would scale the new type and leave the old
  // one running at its old scale.
  [TYPE.formation]: { replaceOnChanges: ["type"], deletedWithApp: true },
  // §6 resource_heroku_pipeline.go. Kept on delete (this program's choice): other stacks stay
  // coupled to it when its owner (staging) is destroyed or replaced.
  [TYPE.pipeline]: { retainOnDelete: true },
  // §7 resource_heroku_pipeline_coupling.go: an app belongs to one pipeline, so delete-first.
  [TYPE.coupling]: { deleteBeforeReplace: true, deletedWithApp: true },
  // §9 resource_heroku_domain.go: a hostname is unique across Heroku, so delete-first.
  [TYPE.domain]: { deleteBeforeReplace: true, deletedWithApp: true },
  // §10 resource_heroku_drain.go and §11 resource_heroku_app_feature.go: gone with their app.
  [TYPE.drain]: { deletedWithApp: true },
  [TYPE.feature]: { deletedWithApp: true },
};

/**
 * The resource options a type gets; `app` is the app the resource lives on (for deletedWith).
 * Spread into the resource's own options.
 */
export function lifecycleOptions(
  type: string,
  app?: pulumi.Resource,
): Pick<
  pulumi.CustomResourceOptions,
  "replaceOnChanges" | "deleteBeforeReplace" | "deletedWith" | "retainOnDelete"
> {
  const options = Object.prototype.hasOwnProperty.call(LIFECYCLE_OPTIONS, type)
    ? LIFECYCLE_OPTIONS[type]
    : {};
  return {
    ...(options.replaceOnChanges && { replaceOnChanges: [...options.replaceOnChanges] }),
    ...(options.deleteBeforeReplace && { deleteBeforeReplace: true }),
    ...(options.deletedWithApp && app && { deletedWith: app }),
    ...(options.retainOnDelete && { retainOnDelete: true }),
  };
}
