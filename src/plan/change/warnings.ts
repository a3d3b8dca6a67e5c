import { isDataAddon } from "../../program/heroku-rules";
import { TYPE } from "../../program/types";
import type { ResourceChange } from "./steps";
import { plaintextCredentialWhat } from "../../guardrails/marks";
import { setSensitiveVarCommand } from "../../guardrails/policies";
import { plainVarName } from "../plaintext";

/**
 * What a reviewer must see about a change that the engine's steps don't say: what the operation
 * does to the live app on Heroku — data that goes, an app or a domain with a new DNS target,
 * dynos that stop or keep running, code that changes. Each is read off the engine's operation and
 * the resource's inputs; the engine's own refusals come from its diagnostics (diagnostics.ts).
 */

/** One resource's warnings; `all` is the stack's whole change (an app replaced takes its add-ons). */
export function changeWarnings(change: ResourceChange, all: readonly ResourceChange[]): string[] {
  const warnings: string[] = [];
  const { op, type, values: inputs } = change;
  const changed = (path: string) => change.inputs.some((input) => input.path === path);
  // retainOnDelete keeps what Pulumi lets go of, but not what Heroku deletes with its app.
  const appGoes = all.some(
    ({ type: t, op: o }) => t === TYPE.app && (o === "replace" || o === "delete"),
  );
  const retained = change.retainOnDelete && !appGoes;
  if (type === TYPE.app && op === "replace") {
    warnings.push(
      `a new app: a new ${"*.herokuapp.com"} hostname and DNS target; ${change.deleteFirst ? "the old app is deleted first (its name is kept), so the site is down until the new one is released, and" : "the old app is deleted afterwards, and"} everything on it goes with it: its add-ons and their data`,
    );
  }
  if (type === TYPE.app && op === "delete") {
    warnings.push(
      "deletes the app and everything on it: domains, drains, formation, releases, features, coupling, and its add-ons with their data",
    );
  }
  if (type === TYPE.addon && typeof inputs.plan === "string" && isDataAddon(inputs.plan)) {
    if (op === "replace") {
      warnings.push(
        retained
          ? "a new, empty add-on; the old one is kept in the Heroku account with its data (retainOnDelete)"
          : `a new, empty add-on: the old one and its data are deleted${appGoes ? " with the old app" : ""}`,
      );
    } else if (op === "delete") {
      warnings.push(
        retained
          ? "no longer managed: kept in the Heroku account (retainOnDelete), with its data"
          : `deletes the add-on and its data${appGoes ? " (with the app)" : ""}`,
      );
    } else if (op === "update" && changed("plan")) {
      warnings.push(
        "a data add-on's plan changes in place: some plans can't be changed this way (Heroku refuses); check the service's docs",
      );
    }
  }
  if (type === TYPE.formation) {
    const process = String(inputs.type ?? change.name);
    if (op === "delete") {
      // The provider's Formation delete makes no API call (LIFECYCLE.md §5). The program declares
      // one per Procfile type, so one goes only when the Procfile drops its type (or the app goes):
      // Heroku then stops its dynos with the release whose slug has no such type, as the engine
      // tier's lifecycle test saw (test/engine/lifecycle.test.ts).
      warnings.push(
        appGoes
          ? `${process} dynos stop with the app`
          : `app/Procfile no longer has ${process}: its dynos stop when the release without it goes out`,
      );
    } else if (inputs.quantity === 0 && (op === "create" || changed("quantity"))) {
      warnings.push(`scales ${process} to zero: no ${process} dyno runs`);
    }
  }
  if (type === TYPE.release && (op === "create" || changed("slugId"))) {
    warnings.push(
      "releases a different slug: the app runs other code (a release, and the release phase runs)",
    );
  }
  if (type === TYPE.build && (op === "create" || op === "replace")) {
    warnings.push("builds app/ and releases the new slug: the app runs other code");
  }
  if (type === TYPE.feature && op === "delete") {
    warnings.push(`turns the ${String(inputs.name)} feature off on the app`);
  }
  if (type === TYPE.domain && op === "replace") {
    warnings.push(
      "the hostname gets a new DNS target: update its CNAME record (see `heroku domains`)",
    );
  }
  if (type === TYPE.domain && op === "delete") {
    warnings.push(`${String(inputs.hostname)} is removed from the app and stops serving it`);
  }
  if (type === TYPE.pipeline && (op === "delete" || op === "replace") && retained) {
    warnings.push(
      "the pipeline is kept on Heroku (retainOnDelete): the stacks coupled to it stay coupled",
    );
  }
  return warnings;
}

/**
 * A credential the change writes in plaintext (a config var named or shaped like one): refused,
 * as the plan refuses it, never passed as "changed (secret)".
 */
export function plaintextCredentialError(change: ResourceChange, stack: string): string[] {
  return change.inputs.flatMap(({ path, before, after }) => {
    const what = plaintextCredentialWhat(after);
    if (what === undefined || plaintextCredentialWhat(before) !== undefined) return [];
    const name = plainVarName(path);
    const fix =
      name === undefined
        ? "make it a secret"
        : `move it to sensitiveVars: \`${setSensitiveVarCommand(name, stack)}\`, then delete configVars.${name}`;
    return [`given a new plaintext credential, ${path} (${what}); ${fix}`];
  });
}
