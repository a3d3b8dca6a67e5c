/**
 * What drifted, for the drift workflow's job summary: `pulumi preview --refresh --json` (the
 * CLI's preview digest) read into a Markdown table naming each resource the next `pulumi up`
 * would change, how, and which properties differ. Any change is drift: the code didn't change
 * between two deploys of main, the live app did.
 */

/** The parts of the CLI's preview digest (`pulumi preview --json`) read here. */
export interface PreviewDigest {
  steps?: {
    op: string;
    urn: string;
    diffReasons?: string[];
    replaceReasons?: string[];
    detailedDiff?: Record<string, { kind: string }> | null;
  }[];
  changeSummary?: Record<string, number>;
  diagnostics?: { message: string; severity: string; urn?: string }[];
}

export interface DriftReport {
  /** The app no longer matches the code, or the check itself failed: the job must fail. */
  failed: boolean;
  markdown: string;
}

/** Several steps of one replacement collapse into one row. */
const REPLACE_STEPS = new Set(["create-replacement", "delete-replaced", "replace"]);
/**
 * Not changes: `--refresh` makes the CLI list a `refresh` step for every resource it read (seen
 * from pulumi v3.248.0 through the engine tier), before the steps the next `up` would take.
 */
const NOT_CHANGES = new Set(["same", "read", "refresh"]);

/**
 * `exitStatus` is the preview's: `--expect-no-changes` makes it non-zero on any change, and it
 * is non-zero too when the preview couldn't run (then there may be no digest at all).
 */
export function driftReport(
  stack: string,
  digest: PreviewDigest | undefined,
  exitStatus: number,
): DriftReport {
  const title = `## Drift: \`${stack}\``;
  if (digest === undefined) {
    return {
      failed: true,
      markdown: `${title}\n\nThe preview failed before it could compare the app with the code (exit ${exitStatus}); see the job log.\n`,
    };
  }
  const rows = new Map<string, { name: string; type: string; op: string; properties: string[] }>();
  for (const step of digest.steps ?? []) {
    if (NOT_CHANGES.has(step.op)) continue;
    const { name, type } = parseUrn(step.urn);
    const op = REPLACE_STEPS.has(step.op) ? "replace" : step.op;
    const properties = [
      ...(step.replaceReasons ?? []),
      ...(step.diffReasons ?? []),
      ...Object.keys(step.detailedDiff ?? {}),
    ];
    const row = rows.get(step.urn) ?? { name, type, op, properties: [] };
    row.op = op === "replace" ? op : row.op;
    row.properties = [...new Set([...row.properties, ...properties])];
    rows.set(step.urn, row);
  }
  const errors = (digest.diagnostics ?? []).filter(({ severity }) => severity === "error");
  if (rows.size === 0 && exitStatus === 0) {
    const checked = Object.values(digest.changeSummary ?? {}).reduce(
      (sum, count) => sum + count,
      0,
    );
    return {
      failed: false,
      markdown: `${title}\n\nNo drift: the app matches the code (${checked} resources checked).\n`,
    };
  }
  const lines = [title, ""];
  if (rows.size > 0) {
    lines.push(
      `The app no longer matches the code: someone changed it by hand (\`heroku ps:scale\`, \`config:set\`, the dashboard…). ` +
        `The next deploy of main (\`pulumi up --refresh\`) undoes this; to keep a change, make it in \`Pulumi.${stack}.yaml\`.`,
      "",
      "| Resource | Type | Change | Properties |",
      "| --- | --- | --- | --- |",
      ...[...rows.values()].map(
        ({ name, type, op, properties }) =>
          `| \`${name}\` | \`${type}\` | ${op} | ${properties.length > 0 ? properties.map((p) => `\`${p}\``).join(", ") : "—"} |`,
      ),
    );
  } else {
    lines.push(`The preview failed (exit ${exitStatus}); see the job log.`);
  }
  for (const { message } of errors) lines.push("", `> ${message.trim().split("\n").join("\n> ")}`);
  return { failed: true, markdown: `${lines.join("\n")}\n` };
}

/** `urn:pulumi:<stack>::<project>::<parent types$>type::name` → the type and the name. */
function parseUrn(urn: string): { name: string; type: string } {
  const parts = urn.split("::");
  const types = (parts[2] ?? "").split("$");
  return { name: parts.slice(3).join("::") || urn, type: types[types.length - 1] || "?" };
}
