import * as fs from "fs";
import * as path from "path";
import { loadStackFile } from "../../stack-files/load";
import { linksOf, localStack } from "../../stack-files/references";

/**
 * Which stacks a stack reads (the stack it promotes from, the staging stack whose pipeline it
 * joins), as a project directory's stack files say, and the order that deploys each after them:
 * a downstream stack's deploy and preview read its upstream's outputs, so the upstream goes first.
 */

export function hasStackFile(dir: string, stack: string): boolean {
  return fs.existsSync(path.join(dir, `Pulumi.${stack}.yaml`));
}

/** The stacks of this project `stack` reads, with a stack file in `dir`. */
export function upstreamOf(dir: string, stack: string): string[] {
  if (!hasStackFile(dir, stack)) return [];
  let file;
  try {
    file = loadStackFile(stack, dir);
  } catch {
    return []; // a bad file: its own deploy or preview says what is wrong with it
  }
  const links = linksOf(file);
  if (links === undefined) return [];
  const read = [links.promoteFrom, links.stage === "staging" ? undefined : links.pipelineStack];
  const names = read
    .map((reference) => (reference === undefined ? undefined : localStack(reference, file.project)))
    .filter((name) => name !== undefined && name !== stack && hasStackFile(dir, name));
  return [...new Set(names as string[])];
}

/** `stacks` and the stacks they read, each after the ones it reads (a cycle is cut where found). */
export function upstreamFirst(stacks: readonly string[], upstream: (stack: string) => string[]) {
  const order: string[] = [];
  const visit = (stack: string, visiting: readonly string[]) => {
    if (order.includes(stack) || visiting.includes(stack)) return;
    for (const name of upstream(stack)) visit(name, [...visiting, stack]);
    order.push(stack);
  };
  for (const stack of stacks) visit(stack, []);
  return order;
}
