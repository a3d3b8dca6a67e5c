import { RunError } from "@pulumi/pulumi/errors";
import { BundleError } from "../../src/program/bundle";
import { StackConfigError } from "../../src/program/config/parse";
import { Refusal } from "../../src/program/refusal";

/**
 * The program's refusals are RunErrors, which Pulumi prints as their message alone (the real
 * CLI's output: test/engine/refusals.test.ts).
 */

test("every error the program throws on purpose is a RunError, named after its class", () => {
  const refusals = [
    new StackConfigError("staging", ["Pulumi.staging.yaml: heroku-app:x: is wrong"]),
    new BundleError("app/ has no package.json"),
    new Refusal("no"),
  ];
  for (const refusal of refusals) expect(RunError.isInstance(refusal)).toBe(true);
  expect(refusals.map(({ name }) => name)).toEqual(["StackConfigError", "BundleError", "Refusal"]);
});
