import * as path from "path";
import { formatKey } from "../program/config/parse";
import type { ConfigProblem } from "../program/config/rules";
import { PROJECT_DIR } from "../program/paths";
import { listStacks, loadStackFile } from "./load";
import type { StackFile } from "./load";

/**
 * References between the stacks of this project: `deploy.promoteFrom` and `pipelineStack` must
 * name a stack whose file is in the repo (or another project's stack, `org/project/stack`), and
 * must not lead back to the stack itself — a promotion cycle (staging promotes from production,
 * which promotes from staging) or a pipeline cycle (no stack in the chain owns a pipeline). The
 * program can't see the other stack files under the CLI; every offline tool and test does, so a
 * pull request can't merge one. (A stack naming itself, `.` or `..` is refused by the program.)
 */

/** What a stack says about other stacks. */
export interface StackLinks {
  stage: string;
  promoteFrom?: string;
  pipelineStack?: string;
}

/** The link a chain follows, the config key that holds it, and what a fix looks like. */
const LINKS = {
  promoteFrom: {
    key: ["deploy", "promoteFrom"],
    follows: (links: StackLinks) => links.promoteFrom,
    cycle: "a promotion cycle: no stack in it builds a slug",
    fix: "promote from a stack that builds (deploy: {build: true}), or pin a slug with deploy: {slugId: <uuid>}",
  },
  pipelineStack: {
    key: ["pipelineStack"],
    // A staging stack owns its pipeline: the chain ends there.
    follows: (links: StackLinks) => (links.stage === "staging" ? undefined : links.pipelineStack),
    cycle: "a pipeline cycle: no stack in it owns the pipeline (stage: staging)",
    fix: "name the staging stack that owns the pipeline",
  },
} as const;

/** Every problem with the stack's references, each naming the file and the key. */
export function stackReferenceProblems(file: StackFile, projectDir = PROJECT_DIR): string[] {
  // Stack files beside this one and at the project root.
  const project = projectStacks(
    [path.dirname(path.resolve(projectDir, file.source)), projectDir],
    projectDir,
  );
  const own = linksOf(file);
  if (own === undefined) return []; // the stack's own parse reports its config
  const problems: ConfigProblem[] = [];
  for (const link of Object.values(LINKS)) {
    const reference = link.follows(own);
    const target = reference === undefined ? undefined : localStack(reference, file.project);
    // Another project's stack, or this stack itself (the program refuses that one).
    if (target === undefined || target === file.stack) continue;
    if (!project.names.includes(target)) {
      problems.push({
        path: link.key,
        message: `${JSON.stringify(reference)}: no stack file Pulumi.${target}.yaml in this project (stacks here: ${project.names.join(", ")}); name one of them, or another project's stack as org/project/stack`,
      });
      continue;
    }
    const chain = [file.stack, target];
    for (let next = target; ;) {
      const links = next === file.stack ? own : project.linksOf(next);
      const onward = links && link.follows(links);
      const following = onward === undefined ? undefined : localStack(onward, file.project);
      if (following === undefined || !project.names.includes(following)) break;
      chain.push(following);
      if (following === file.stack) {
        problems.push({
          path: link.key,
          message: `${chain.join(" → ")} is ${link.cycle}; ${link.fix}`,
        });
        break;
      }
      if (chain.indexOf(following) < chain.length - 1) break; // a cycle elsewhere: its stacks report it
      next = following;
    }
  }
  return problems.map(
    ({ path: key, message }) => `${file.source}: ${formatKey(file.project, key)}: ${message}`,
  );
}

/**
 * `staging`, `org/staging`, `org/<this project>/staging` → `staging`; another project's, or a
 * path like `.` (which the program refuses as no stack name), → undefined.
 */
export function localStack(reference: string, project: string): string | undefined {
  const parts = reference.split("/");
  if (parts.some((part) => part === "." || part === "..")) return undefined;
  if (parts.length === 3 && parts[1] !== project) return undefined;
  return parts[parts.length - 1];
}

/**
 * The stacks of the project: the stack files in `dirs` (a stack in an earlier one wins), with the
 * links each declares, read with `projectDir`'s Pulumi.yaml.
 */
export function projectStacks(dirs: readonly string[], projectDir = PROJECT_DIR) {
  const where = new Map<string, string>();
  for (const dir of [...new Set(dirs)].reverse()) {
    for (const stack of listStacks(dir)) where.set(stack, dir);
  }
  return {
    names: [...where.keys()].sort(),
    linksOf(stack: string): StackLinks | undefined {
      try {
        return linksOf(
          loadStackFile(path.join(where.get(stack)!, `Pulumi.${stack}.yaml`), projectDir),
        );
      } catch {
        return undefined; // that stack's own plan reports what is wrong with its file
      }
    },
  };
}

/** The links as the program would read them: Pulumi.yaml's defaults apply. */
export function linksOf(file: StackFile): StackLinks | undefined {
  const value = (key: string) => file.config[`${file.project}:${key}`];
  try {
    const deploy = value("deploy") === undefined ? {} : JSON.parse(value("deploy"));
    const promoteFrom = typeof deploy?.promoteFrom === "string" ? deploy.promoteFrom : undefined;
    return {
      stage: value("stage") ?? "review",
      promoteFrom,
      pipelineStack: value("pipelineStack"),
    };
  } catch {
    return undefined;
  }
}
