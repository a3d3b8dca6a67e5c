import { resourceOf } from "./urn";

/**
 * Resources deleted by hand (`heroku domains:remove`, `drains:remove`, `pipelines:remove`…),
 * recognised in what a refresh printed. Only the App's and the Addon's Read of the Heroku
 * provider (1.0.4, terraform-provider-heroku v5.2.10) turn Heroku's 404 into "gone" (their
 * `Exists`); every other Read returns it as an error, so the refresh — `pulumi preview --refresh`,
 * `pulumi refresh`, `up --refresh` — stops with the provider's words instead of showing drift
 * (reference/heroku-provider/ROUTES.md §0). The provider isn't this project's to change; what it
 * can do is recognise that failure and say what it means and how to bring the resource back.
 *
 * Recognised by the error's shape, whatever the resource: the engine's "refreshing <urn>: 1 error
 * occurred:" followed by the provider's error, which ends with Go's `<Method> "<url>": <what the
 * API answered>`, and Heroku's answer to a read of something that isn't there is "Couldn't find
 * that <thing>." (its `not_found`).
 */

export interface GoneResource {
  urn: string;
  /** The resource's name in the program (`heroku-domain-shop-example-com`). */
  name: string;
  /** Its type token (`heroku:domain/domain:Domain`). */
  type: string;
  /** Heroku's answer to the provider's read: `Couldn't find that domain.` */
  answer: string;
}

/** The engine's failed refresh of one resource, then the provider's error, one `* ` line each. */
const REFRESH_FAILED =
  /refreshing (urn:pulumi:\S+): \d+ errors? occurred:\n((?:[ \t]*\* [^\n]*(?:\n|$))+)/g;
/** Go's url.Error (`Get "<url>": …`) around Heroku's not-found answer. */
const NOT_FOUND = /\b[A-Z][a-z]+ "https?:\/\/[^"\s]+": (Couldn't find that [^\n]*?)\s*$/m;

/**
 * The resources whose refresh failed because Heroku no longer has them, each once, by name.
 * `output` is what the CLI printed (text, or its JSON diagnostics' messages joined), with Pulumi's
 * colour markup or terminal escapes or without. A message repeated on a progress line, where no
 * `* ` line follows it, is counted once, from the Diagnostics.
 */
export function goneResources(output: string): GoneResource[] {
  // eslint-disable-next-line no-control-regex -- a terminal's colour escapes are what it removes
  const plain = output.replace(/<\{%[^%]*%\}>/g, "").replace(/\u001b\[[0-9;]*m/g, "");
  const found = new Map<string, GoneResource>();
  for (const [, urn, errors] of plain.matchAll(REFRESH_FAILED)) {
    const answer = NOT_FOUND.exec(errors)?.[1];
    if (answer === undefined || found.has(urn)) continue;
    found.set(urn, { urn, ...resourceOf(urn), answer });
  }
  // The engine reports them as its reads finish, in no set order: by name, the same every time.
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Dependents before what they depend on, so each `pulumi state delete` finds nothing in the state
 * still pointing at its resource (the CLI refuses that). `dependencies`: urn → the urns it
 * depends on, as the state records them; unknown ones keep their order.
 */
export function dependentsFirst(
  gone: readonly GoneResource[],
  dependencies: ReadonlyMap<string, readonly string[]>,
): GoneResource[] {
  const ordered: GoneResource[] = [];
  const visit = (resource: GoneResource, seen: Set<string>) => {
    if (ordered.includes(resource) || seen.has(resource.urn)) return;
    seen.add(resource.urn);
    for (const other of gone) {
      if (dependencies.get(other.urn)?.includes(resource.urn)) visit(other, seen);
    }
    ordered.push(resource);
  };
  for (const resource of gone) visit(resource, new Set());
  return ordered;
}

/** How a report spells a command: the CLI's own words, or the sandbox's (`npm run sandbox -- …`). */
export interface CommandStyle {
  /** `pulumi <args>` for the stack. */
  pulumi(args: string): string;
  /** An `up` of the stack with a refresh first. */
  upRefresh(stack: string): string;
}

export const CLI_COMMANDS: CommandStyle = {
  pulumi: (args) => `pulumi ${args}`,
  upRefresh: (stack) => `pulumi up --refresh --stack ${stack}`,
};

/**
 * What brings them back as the stack file declares them: each forgotten by the state (it still
 * lists them, so the engine would never create them), then an `up` that creates them. With
 * `--refresh`, as deploy.yml runs it: were the app itself deleted, only a refresh learns it (the
 * App's read says "gone"), so that the `up` creates it rather than updating an app that isn't there.
 */
export function bringBackCommands(
  gone: readonly GoneResource[],
  stack: string,
  dependencies: ReadonlyMap<string, readonly string[]>,
  style: CommandStyle = CLI_COMMANDS,
): string[] {
  return [
    ...dependentsFirst(gone, dependencies).map((resource) =>
      style.pulumi(`state delete ${shellQuote(resource.urn)} --stack ${stack} --yes`),
    ),
    style.upRefresh(stack),
  ];
}

/** Why the refresh stopped, in one paragraph, for whoever reads the report. */
export const GONE_EXPLAINED =
  "Heroku no longer has these resources, though the stack's state lists them: someone deleted them by hand " +
  "(`heroku domains:remove`, `drains:remove`, `pipelines:remove`, the dashboard…). The Heroku provider reads that " +
  "as an error rather than as drift, so the refresh stopped there; any other drift shows once they are back.";

/** What the commands do, before them. */
export function bringBackExplained(stackFile: string): string {
  return (
    `To bring them back as ${stackFile} declares them: forget each in the state, then \`up\` creates it again. ` +
    "To keep one gone instead, remove it from the file and run only its `state delete`."
  );
}

/** Single quotes: a URN holds `$` and `::`, which a shell must leave alone. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
