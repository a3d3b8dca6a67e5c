import type { DeployMode, StackConfig } from "../program/config/parse";
import { appNamePrefix } from "../program/heroku-rules";
import { SECRET_MARK } from "../guardrails/marks";
import type { Plan, PlannedResource } from "./planned";
import { maskPlainVars } from "./plaintext";
import { UNKNOWN_SECRET } from "../program/config/secure";

/**
 * Environment parity: what differs between two stacks and what is the same, as Markdown for a
 * PR's job summary. Settings come from the typed config (the words a reviewer uses: formation,
 * add-ons, deploy mode…); the resource list comes from the plans, so a resource only one stack
 * declares (a build, a pipeline, a stack reference) shows too. Secret values never appear.
 */

export interface ParitySide {
  config: StackConfig;
  plan: Plan;
}

/** One compared setting; `undefined` means the stack doesn't set or declare it. */
export interface ParityRow {
  setting: string;
  a: string | undefined;
  b: string | undefined;
}

const ABSENT = "—";

/**
 * Every setting a reviewer compares, in reading order: the scalars, then one row per process
 * type, config var, secret var (name only), feature, add-on, domain and log drain (name only).
 */
export function settingRows(a: StackConfig, b: StackConfig): ParityRow[] {
  const row = (setting: string, show: (config: StackConfig) => string | undefined): ParityRow => ({
    setting,
    a: show(a),
    b: show(b),
  });
  const keyed = <T>(
    label: string,
    pick: (config: StackConfig) => Record<string, T>,
    show: (value: T) => string,
  ) =>
    union(Object.keys(pick(a)), Object.keys(pick(b))).map((key) =>
      row(`${label} \`${key}\``, (config) =>
        key in pick(config) ? show(pick(config)[key]) : undefined,
      ),
    );
  const formation = (config: StackConfig) =>
    Object.fromEntries(
      config.formation.map((entry) => [entry.type, `${entry.quantity} × ${entry.size}`]),
    );
  const domains = (config: StackConfig) =>
    Object.fromEntries(config.domains.map((domain) => [domain, "yes"]));
  return [
    row("stage", (config) => config.stage),
    row("region", (config) => config.region),
    row("Heroku stack", (config) => config.herokuStack),
    row("deploy", (config) => describeDeploy(config.deploy)),
    row("pipeline", (config) =>
      config.stage === "staging"
        ? "owns the pipeline"
        : `coupled to ${config.pipelineStack}'s pipeline`,
    ),
    row("protect", (config) => String(config.protect)),
    row(
      "app name",
      (config) => config.appName ?? `${appNamePrefix(config.project, config.stack)}-<random>`,
    ),
    row("team", (config) => config.team),
    ...keyed("formation", formation, (value) => value),
    ...keyed("config var", (config) => maskPlainVars(config.configVars), showPlainValue),
    ...keyed(
      "secret config var",
      (config) => config.sensitiveVars,
      () => SECRET_MARK,
    ),
    ...keyed(
      "feature",
      (config) => config.features,
      (enabled) => (enabled ? "on" : "off"),
    ),
    ...keyed(
      "add-on",
      (config) => config.addons,
      ({ plan }) => plan,
    ),
    ...keyed("domain", domains, (value) => value),
    ...keyed(
      "log drain",
      (config) => config.drains,
      () => SECRET_MARK,
    ),
  ];
}

/** Resources by name: type and options, for those the two plans don't declare alike. */
export function resourceRows(a: Plan, b: Plan): ParityRow[] {
  const show = (plan: Plan, name: string) => {
    const resource = plan.resources.find((candidate) => candidate.name === name);
    return resource && describeResource(resource);
  };
  const names = union(
    a.resources.map(({ name }) => name),
    b.resources.map(({ name }) => name),
  );
  return names.map((name) => ({ setting: `\`${name}\``, a: show(a, name), b: show(b, name) }));
}

export function renderParity(a: ParitySide, b: ParitySide): string {
  const [nameA, nameB] = [a.plan.stack, b.plan.stack];
  const settings = settingRows(a.config, b.config);
  const differing = settings.filter((row) => row.a !== row.b);
  const same = settings.filter((row) => row.a === row.b && row.a !== undefined);
  const resources = resourceRows(a.plan, b.plan);
  const resourcesDiffering = resources.filter((row) => row.a !== row.b);
  const header = ["Setting", `\`${nameA}\``, `\`${nameB}\``];
  const cells = (row: ParityRow) => [row.setting, code(row.a), code(row.b)];
  return [
    `## Environment parity: \`${nameA}\` and \`${nameB}\``,
    "",
    `${differing.length} settings differ, ${same.length} are the same; ` +
      `${resourcesDiffering.length} of ${resources.length} resources are declared differently.`,
    "",
    `### Differs`,
    "",
    differing.length > 0 ? markdownTable(header, differing.map(cells)) : "Nothing.",
    "",
    `### Same in both`,
    "",
    same.length > 0
      ? markdownTable(
          ["Setting", "Value"],
          same.map((row) => [row.setting, code(row.a)]),
        )
      : "Nothing.",
    "",
    `### Resources declared differently`,
    "",
    resourcesDiffering.length > 0
      ? markdownTable(["Resource", `\`${nameA}\``, `\`${nameB}\``], resourcesDiffering.map(cells))
      : "None: both stacks declare the same resources with the same options.",
    "",
  ].join("\n");
}

function describeDeploy(deploy: DeployMode): string {
  if (deploy.kind === "build") return "build of app/";
  if (deploy.kind === "promote") return `promote from ${deploy.fromStack}`;
  return `pinned slug ${deploy.slugId}`;
}

function describeResource(resource: PlannedResource): string {
  const options = [resource.protect && "protect", resource.retainOnDelete && "retainOnDelete"];
  const flags = options.filter(Boolean).join(", ");
  return `${resource.type}${flags ? ` [${flags}]` : ""}`;
}

/** A plain config var's text, unless it came from a `secure:` value the CLI would decrypt. */
function showPlainValue(value: string): string {
  return value.includes(UNKNOWN_SECRET) ? SECRET_MARK : value;
}

function union(first: readonly string[], second: readonly string[]): string[] {
  return [...new Set([...first, ...second])];
}

/** A value as inline code (a table cell stays one line, `|` can't end it early). */
function code(value: string | undefined): string {
  if (value === undefined) return ABSENT;
  const text = value.replace(/\|/g, "\\|").replace(/\s+/g, " ");
  return text.includes("`") ? text : `\`${text}\``;
}

/** A GitHub table padded the way Prettier pads it, so a saved report passes `prettier --check`. */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(3, title.length, ...rows.map((cells) => cells[column].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(" | ")} |`;
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join(
    "\n",
  );
}
