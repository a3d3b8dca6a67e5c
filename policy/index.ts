/**
 * The guardrails as a Pulumi policy pack: `pulumi preview --policy-pack policy`. Every rule lives
 * in src/guardrails/, shared with the offline check (`npm run plan -- <stack> --policy`);
 * this file only registers each one as a mandatory stack policy. Constructing the pack starts the
 * analyzer's gRPC server, so nothing but the CLI should ever run this file (tests don't).
 */
import { PolicyPack } from "@pulumi/policy";
import { POLICIES } from "../src/guardrails/policies";
import { validateWith } from "./resources";

new PolicyPack("heroku-app-guardrails", {
  enforcementLevel: "mandatory",
  policies: POLICIES.map((policy) => ({
    name: policy.name,
    description: policy.description,
    enforcementLevel: "mandatory",
    // Stack policies, not resource policies: "is this stack production?" needs the whole stack.
    validateStack: validateWith(policy),
  })),
});
