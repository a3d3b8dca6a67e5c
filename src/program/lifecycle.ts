import type * as pulumi from "@pulumi/pulumi";
import { TYPE } from "./types";

/**
 * What the Heroku provider (terraform-provider-heroku v5.2.10 behind @pulumiverse/heroku 1.0.4)
 * does to each resource on update, replacement and delete, as data — and the resource options
 * this program applies because of it. The program reads its options from here and the offline
 * change plan (`npm run plan -- <stack> --against <ref>`) reads ForceNew and Delete from here,
 * so the two can't drift apart. Sources: reference/heroku-provider/LIFECYCLE.md, which cites the
 * provider's files and functions; each row names its section and function.
 */

/** What the provider's Delete does to the live app. */
export type DeleteEffect =
  | "deletes" // the Heroku object is deleted
  | "no-op" // the API has nothing to delete: Pulumi only forgets it
  | "disables" // a PATCH turning it off
  | "unsets-keys" // a config PATCH: a new release, the release phase runs
  | "deletes-app"; // the app and everything on it

export interface ResourceLifecycle {
  /** Inputs whose change replaces the resource (ForceNew; `*`: every input). Dotted = nested. */
  forceNew: readonly string[];
  /**
   * Inputs an in-place update would get wrong, and what would happen: the provider's Update
   * refuses them or does not send them. The program's options make these replacements instead.
   */
  notUpdatable?: Readonly<Record<string, string>>;
  /** The provider replaces it delete-first whenever the program sets its (autonamed) `name`. */
  deleteFirstWhenNamed?: boolean;
  onDelete: DeleteEffect;
  /** What Delete does, for a reader. */
  deleteNote: string;
  /** The id `pulumi import` / the `import` option takes. */
  importId: string;
  /** The options the program applies because of the facts above (see lifecycleOptions). */
  options?: {
    replaceOnChanges?: readonly string[];
    deleteBeforeReplace?: boolean;
    /** Skip Delete when the app goes too: Heroku removes it with the app. */
    deletedWithApp?: boolean;
    retainOnDelete?: boolean;
  };
}

export const LIFECYCLE: Readonly<Record<string, ResourceLifecycle>> = {
  // §1 resource_heroku_app.go: resourceHerokuAppUpdate, resourceHerokuAppDelete, resourceHerokuAppImport.
  // §0 bridge provider.go Diff/nameRequiresDeleteBeforeReplace: an explicit name replaces delete-first.
  [TYPE.app]: {
    forceNew: ["region", "space", "internalRouting", "organization.name", "organization.personal"],
    deleteFirstWhenNamed: true,
    onDelete: "deletes-app",
    deleteNote:
      "deletes the app and everything on it: domains, drains, formation, releases, features, coupling, and its add-ons with their data",
    importId: "<app name or UUID>",
  },
  // §2 resource_heroku_app_config_association.go: Update sends only changed maps (getVarDiff), so a
  // new appId alone writes nothing to the new app; Delete unsets the keys (updateVars).
  [TYPE.config]: {
    forceNew: [],
    notUpdatable: {
      appId:
        "an update writes nothing to the new app: it runs without these config vars until the next `pulumi up`",
    },
    onDelete: "unsets-keys",
    deleteNote: "unsets its config vars on the app: a new release, and the release phase runs",
    importId: "not importable (resourceHerokuAppConfigAssociationImport always fails)",
    options: { replaceOnChanges: ["appId"], deletedWithApp: true },
  },
  // §3 resource_heroku_build.go: every input ForceNew, no Update; Delete is a no-op.
  [TYPE.build]: {
    forceNew: ["appId", "buildpacks", "source"],
    onDelete: "no-op",
    deleteNote: "nothing on Heroku (builds can't be deleted): the release it made keeps running",
    importId: "<app name or UUID>:<build UUID>",
  },
  // §4 resource_heroku_app_release.go: resourceHerokuAppReleaseUpdate refuses a description change.
  [TYPE.release]: {
    forceNew: ["appId", "slugId"],
    notUpdatable: {
      description:
        "the provider refuses to change an existing release's description: `pulumi up` fails",
    },
    onDelete: "no-op",
    deleteNote: "nothing on Heroku: the release stays current until another one replaces it",
    importId: "<app name or UUID> (the app's newest release only)",
    options: { replaceOnChanges: ["description"] },
  },
  // §5 resource_heroku_formation.go: `type` is not ForceNew (an update scales the new type and
  // leaves the old one running); Delete is a no-op, dynos keep running at their last scale.
  [TYPE.formation]: {
    forceNew: ["appId"],
    notUpdatable: {
      type: "an update scales the new process type and leaves the old one running at its old scale",
    },
    onDelete: "no-op",
    deleteNote:
      "nothing on Heroku: its dynos keep running at their last scale (set quantity: 0 and deploy first)",
    importId: "<app name or UUID>:<process type>",
    options: { replaceOnChanges: ["type"], deletedWithApp: true },
  },
  // §6 resource_heroku_pipeline.go. Kept on delete (this program's choice): other stacks stay
  // coupled to it when its owner (staging) is destroyed or replaced.
  [TYPE.pipeline]: {
    forceNew: ["owner"],
    deleteFirstWhenNamed: true,
    onDelete: "deletes",
    deleteNote: "deletes the pipeline",
    importId: "<pipeline UUID or name>",
    options: { retainOnDelete: true },
  },
  // §7 resource_heroku_pipeline_coupling.go: all inputs ForceNew, no Update; one coupling per app.
  [TYPE.coupling]: {
    forceNew: ["appId", "pipeline", "stage"],
    onDelete: "deletes",
    deleteNote: "takes the app out of its pipeline",
    importId: "<coupling UUID>",
    options: { deleteBeforeReplace: true, deletedWithApp: true },
  },
  // §8 resource_heroku_addon.go: `plan` is updated in place (some services refuse); Delete destroys data.
  [TYPE.addon]: {
    forceNew: ["appId", "config"],
    onDelete: "deletes",
    deleteNote: "destroys the add-on and its data",
    importId: "<add-on UUID or global add-on name>",
  },
  // §9 resource_heroku_domain.go: a hostname is unique across Heroku, so delete-first.
  [TYPE.domain]: {
    forceNew: ["hostname", "appId"],
    onDelete: "deletes",
    deleteNote: "removes the custom domain from the app",
    importId: "<app name or UUID>:<domain UUID or hostname>",
    options: { deleteBeforeReplace: true, deletedWithApp: true },
  },
  // §10 resource_heroku_drain.go: no Update.
  [TYPE.drain]: {
    forceNew: ["appId", "url", "sensitiveUrl"],
    onDelete: "deletes",
    deleteNote: "removes the log drain",
    importId: "<app name or UUID>:<drain UUID or token>[:sensitive]",
    options: { deletedWithApp: true },
  },
  // §11 resource_heroku_app_feature.go: Delete PATCHes enabled=false.
  [TYPE.feature]: {
    forceNew: ["appId", "name"],
    deleteFirstWhenNamed: true,
    onDelete: "disables",
    deleteNote: "turns the feature off on the app, even one Heroku had on by default",
    importId: "<app UUID>:<feature name or UUID>",
    options: { deletedWithApp: true },
  },
  // terraform-provider-random (resource_string.go, resource_password.go): every argument
  // RequiresReplace. Delete only forgets the value.
  [TYPE.randomString]: {
    forceNew: ["*"],
    onDelete: "no-op",
    deleteNote: "nothing outside Pulumi's state",
    importId: "<the value>",
  },
  [TYPE.randomPassword]: {
    forceNew: ["*"],
    onDelete: "no-op",
    deleteNote: "nothing outside Pulumi's state",
    importId: "<the value>",
  },
  // A StackReference reads another stack's outputs: another name is another read.
  [TYPE.stackReference]: {
    forceNew: ["name"],
    onDelete: "no-op",
    deleteNote: "nothing: it only reads another stack",
    importId: "not importable (a read)",
  },
};

export function lifecycleOf(type: string): ResourceLifecycle | undefined {
  return Object.prototype.hasOwnProperty.call(LIFECYCLE, type) ? LIFECYCLE[type] : undefined;
}

/**
 * The resource options a type gets because of its lifecycle facts; `app` is the app the
 * resource lives on (for deletedWith). Spread into the resource's own options.
 */
export function lifecycleOptions(
  type: string,
  app?: pulumi.Resource,
): Pick<
  pulumi.CustomResourceOptions,
  "replaceOnChanges" | "deleteBeforeReplace" | "deletedWith" | "retainOnDelete"
> {
  const options = lifecycleOf(type)?.options ?? {};
  return {
    ...(options.replaceOnChanges && { replaceOnChanges: [...options.replaceOnChanges] }),
    ...(options.deleteBeforeReplace && { deleteBeforeReplace: true }),
    ...(options.deletedWithApp && app && { deletedWith: app }),
    ...(options.retainOnDelete && { retainOnDelete: true }),
  };
}

/** Whether an input path (`organization.name`, `vars.LOG_LEVEL`) is one the provider replaces on. */
export function forcesReplacement(type: string, path: string): boolean {
  const forceNew = lifecycleOf(type)?.forceNew ?? [];
  return forceNew.some((input) => input === "*" || pathsOverlap(input, path));
}

/** `organization` and `organization.name` overlap: adding the map changes the nested input too. */
export function pathsOverlap(a: string, b: string): boolean {
  const within = (inner: string, outer: string) =>
    inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
  return a === b || within(a, b) || within(b, a);
}
