import { scratchDirs } from "./scratch";
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import type { YAMLMap } from "yaml";
import { loadStackFile } from "../../src/stack-files/load";
import { linksOf } from "../../src/stack-files/references";
import type { StackLinks } from "../../src/stack-files/references";

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

/** The stacks a stack file names (pipelineStack, deploy.promoteFrom) and its stage, as the loader reads them. */
export function stackLinks(dir: string, stack: string): StackLinks & { names: string[] } {
  const links = linksOf(loadStackFile(path.join(dir, `Pulumi.${stack}.yaml`), dir));
  if (links === undefined) throw new Error(`Pulumi.${stack}.yaml in ${dir} can't be read`);
  const names = [links.pipelineStack, links.promoteFrom];
  return { ...links, names: names.filter((name) => name !== undefined) };
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

/** A stack file's config, edited by key (`formation`) whatever namespace spelling the file uses. */
export interface StackEdit {
  get(key: string, ...inner: string[]): unknown;
  set(key: string, inner: string[], value: unknown): void;
  delete(key: string, ...inner: string[]): void;
}

/** Edits a stack file of a project folder as YAML, its comments kept. */
export function editStackFile(dir: string, stack: string, change: (file: StackEdit) => void): void {
  const file = path.join(dir, `Pulumi.${stack}.yaml`);
  const doc = parseDocument(fs.readFileSync(file, "utf8"));
  const existing =
    (doc.get("config") as YAMLMap | undefined)?.items.map(({ key }) => String(key)) ?? [];
  const spelled = (key: string) => existing.find((name) => name === key) ?? `heroku-app:${key}`;
  change({
    get: (key, ...inner) => doc.getIn(["config", spelled(key), ...inner]),
    set: (key, inner, value) =>
      doc.setIn(
        ["config", spelled(key), ...inner],
        typeof value === "object" ? doc.createNode(value) : value,
      ),
    delete: (key, ...inner) => doc.deleteIn(["config", spelled(key), ...inner]),
  });
  fs.writeFileSync(file, doc.toString());
}
