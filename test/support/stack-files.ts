import { scratchDirs } from "./scratch";
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";

/**
 * Writes a stack file (`Pulumi.<stack>.yaml`) into a scratch directory; returns its path. A
 * staging stack file goes beside it, so the default `pipelineStack: staging` names a stack of the
 * project wherever the shipped stack files stand.
 */
/** Removed when the test file that wrote them is done (registered as that file loads this one). */
const scratchDir = scratchDirs();

export function writeStackFile(stack: string, yaml: string | Buffer): string {
  const dir = scratchDir("stack-");
  const file = path.join(dir, `Pulumi.${stack}.yaml`);
  fs.writeFileSync(file, yaml);
  if (stack !== "staging") {
    fs.writeFileSync(
      path.join(dir, "Pulumi.staging.yaml"),
      "config:\n  heroku-app:stage: staging\n",
    );
  }
  return file;
}

/** What a stack file says of its place among the stacks, as written (Pulumi.yaml's defaults). */
export function stackLinks(dir: string, stack: string): { stage: string; names: string[] } {
  const doc = parseDocument(fs.readFileSync(path.join(dir, `Pulumi.${stack}.yaml`), "utf8"));
  const value = (...keys: string[]) => doc.getIn(["config", ...keys]);
  const stage = value("heroku-app:stage");
  const names = [
    value("heroku-app:pipelineStack") ?? "staging",
    value("heroku-app:deploy", "promoteFrom"),
  ];
  return {
    stage: typeof stage === "string" ? stage : "review",
    names: names.filter((name): name is string => typeof name === "string"),
  };
}

/** The stacks of a folder no other stack names (pipelineStack, promoteFrom): free to go. */
export function leafStacks(dir: string, stacks: string[]): string[] {
  const named = new Set(stacks.flatMap((stack) => stackLinks(dir, stack).names));
  return stacks.filter((stack) => !named.has(stack));
}

/** The first stack of a stage, if any. */
export function stackOfStage(dir: string, stacks: string[], stage: string): string | undefined {
  return stacks.find((stack) => stackLinks(dir, stack).stage === stage);
}
