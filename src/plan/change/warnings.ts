import { isDataAddon } from "../../program/heroku-rules";
import { lifecycleOf } from "../../program/lifecycle";
import { TYPE } from "../../program/types";
import type { ResourceChange } from "./diff";
import { plaintextCredentialWhat } from "../../guardrails/marks";
import { setSensitiveVarCommand } from "../../guardrails/policies";
import { plainVarName } from "../plaintext";

/**
 * What a reviewer must see about a change before `pulumi up` runs it: data that goes, an app
 * that moves, dynos that stop or keep running, code that changes — from the provider's facts
 * (src/program/lifecycle.ts) — and the protected resources `pulumi up` would refuse to touch.
 */

/** One resource's warnings; `all` is the stack's whole change (an app replaced takes its add-ons). */
export function changeWarnings(change: ResourceChange, all: readonly ResourceChange[]): string[] {
  const warnings = notUpdatable(change);
  const { op, type } = change;
  const resource = change.after ?? change.before!;
  const inputs = resource.inputs;
  const changed = (path: string) => change.inputs.some((input) => input.path === path);
  // retainOnDelete keeps what Pulumi lets go of, but not what Heroku deletes with its app.
  const appGoes = all.some(
    ({ type: t, op: o }) => t === TYPE.app && (o === "replace" || o === "delete"),
  );
  const retained = (change.before ?? resource).retainOnDelete && !appGoes;
  if (type === TYPE.app && op === "replace") {
    warnings.push(
      `a new app: a new ${"*.herokuapp.com"} hostname and DNS target; ${change.deleteFirst ? "the old app is deleted first (its name is kept), so the site is down until the new one is released, and" : "the old app is deleted afterwards, and"} everything on it goes with it: its add-ons and their data`,
    );
  }
  if (type === TYPE.app && op === "delete") {
    warnings.push(`deletes the app: ${lifecycleOf(type)!.deleteNote}`);
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
    const process = String(inputs.type ?? resource.name);
    if (op === "delete") {
      warnings.push(
        `removing it doesn't stop anything: ${process} dynos keep running at their last scale (Delete is a no-op); set its quantity to 0 and deploy first`,
      );
    } else if (inputs.quantity === 0 && (op === "create" || changed("quantity"))) {
      warnings.push(`scales ${process} to zero: no ${process} dyno runs`);
    }
  }
  if (
    type === TYPE.release &&
    op !== "delete" &&
    op !== "same" &&
    (op === "create" || changed("slugId"))
  ) {
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

/** `pulumi up` refuses to delete a protected resource, and a replacement deletes it. */
export function protectedError(change: ResourceChange): string[] {
  if (change.op !== "replace" && change.op !== "delete") return [];
  if (!(change.before?.protect || change.after?.protect)) return [];
  const verb = change.op === "replace" ? "replace" : "delete";
  return [
    `protected: \`pulumi up\` would refuse to ${verb} it; to go ahead on purpose, unprotect it first (\`pulumi state unprotect\`)`,
  ];
}

/**
 * The engine refuses to replace a resource whose program still gives it an import id
 * ("previously-imported resources that still specify an ID may not be replaced", LIFECYCLE.md
 * §12): the ids an adoption wrote are for the first `up` only.
 */
export function importError(change: ResourceChange, stack: string): string[] {
  if (change.op !== "replace" || change.after?.import === undefined) return [];
  return [
    `imported by id (heroku-app:import), and \`pulumi up\` refuses to replace a resource that still specifies one; after the first \`up\` of an adopted stack, drop the ids: \`npm run adopt -- --done ${stack}\``,
  ];
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

function notUpdatable(change: ResourceChange): string[] {
  if (change.op !== "update") return [];
  const notes = lifecycleOf(change.type)?.notUpdatable ?? {};
  return change.inputs.flatMap(({ path }) => (notes[path] ? [`${path}: ${notes[path]}`] : []));
}
