import { changesOf } from "../../src/plan/change/steps";
import { TYPE } from "../../src/program/types";

/**
 * The engine's preview steps read as changes (the engine tier runs them on real previews:
 * test/engine/change-plan.test.ts). What the engine leaves to chance must not reach the comment.
 */

const URN = `urn:pulumi:production::heroku-app::heroku-app:index:HerokuEnvironment$${TYPE.release}::heroku-release`;
const state = (slugId: string, description: string) => ({
  urn: URN,
  type: TYPE.release,
  custom: true,
  inputs: { appId: "app-id", slugId, description },
  replaceOnChanges: ["description"],
});

test("replace reasons in one order, whatever order the engine lists them in", () => {
  const reasonsFrom = (replaceReasons: string[]) =>
    changesOf({
      steps: ["create-replacement", "replace", "delete-replaced"].map((op) => ({
        op,
        urn: URN,
        oldState: state("slug-1", "v1"),
        newState: state("slug-2", "v2"),
        replaceReasons,
      })),
    })[0].replaceBecause;
  const expected = ["description changed (replaceOnChanges)", "slugId changed (provider)"];
  expect(reasonsFrom(["slugId", "description"])).toEqual(expected);
  expect(reasonsFrom(["description", "slugId"])).toEqual(expected);
});
