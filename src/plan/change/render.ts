import { formatInline, hideUndecryptable } from "../render";
import { plaintextCredentialWhat } from "../../guardrails/marks";
import { markdownTable } from "../parity";
import type { InputChange, Operation, ResourceChange } from "./steps";
import { UNKNOWN } from "./values";

/**
 * A change plan for a reader: text for the terminal, Markdown for a pull request (job summary and
 * comment), JSON for scripts. Values are the engine's, which shows a secret as `[secret]`: a
 * changed one reads "changed (secret)"; a credential written in plaintext is named, never shown.
 */

export interface StackChangeReport {
  stack: string;
  /** The ref as given, and as resolved: `main (c61c69e)`. */
  against: string;
  label: string;
  /** Per resource: what `pulumi up` would refuse (its `errors`), and what a reviewer must see. */
  changes: (ResourceChange & { warnings: string[] })[];
  warnings: string[];
}

/** What `--json` prints per stack (an array of them for several stacks). */
export interface ChangeJson {
  stack: string;
  against: string;
  /** How it was worked out: the real engine, the ref deployed in a throwaway sandbox. */
  method: "engine-sandbox";
  changes: {
    name: string;
    type: string;
    op: Operation;
    diffs: string[];
    replaceBecause?: string[];
    warnings?: string[];
  }[];
  warnings?: string[];
}

const ORDER: Operation[] = ["replace", "delete", "create", "update", "read", "same"];
/** Counted, not listed, in text and Markdown: nothing to do, or a read the engine does every run. */
const QUIET: Operation[] = ["read", "same"];
const SYMBOL: Record<Operation, string> = {
  replace: "+-",
  delete: "- ",
  create: "+ ",
  update: "~ ",
  read: "> ",
  same: "  ",
};

export function changeToJson(report: StackChangeReport): ChangeJson {
  return {
    stack: report.stack,
    against: report.against,
    method: "engine-sandbox",
    changes: report.changes.map((change) => ({
      name: change.name,
      type: change.type,
      op: change.op,
      diffs: change.inputs.map(({ path }) => path),
      ...(change.op === "replace" && { replaceBecause: change.replaceBecause }),
      ...(change.errors.length + change.warnings.length > 0 && {
        warnings: [...change.errors, ...change.warnings],
      }),
    })),
    ...(report.warnings.length > 0 && { warnings: report.warnings }),
  };
}

export function renderChangeJson(reports: readonly StackChangeReport[]): string {
  const json = reports.map(changeToJson);
  return `${JSON.stringify(json.length === 1 ? json[0] : json, null, 2)}\n`;
}

/**
 * How the answer was worked out and what it answers, said first: the engine's, from the stacks as
 * the ref deploys them in a sandbox — not the live stacks (a `pulumi preview` with credentials
 * answers for those).
 */
function method(reports: readonly StackChangeReport[], code: (text: string) => string): string {
  const labels = [...new Set(reports.map((report) => report.label))].map(code).join(", ");
  return (
    `The Pulumi engine, in a throwaway sandbox: each stack deployed as ${labels} has it, then previewed at the working tree. ` +
    `What this change does to the stacks as ${labels} deploys them; the live stacks may differ (\`pulumi preview\` with credentials, and drift.yml, answer for those).`
  );
}

export function renderChangeText(reports: readonly StackChangeReport[]): string {
  const body = reports
    .map((report) => {
      const lines = [`${report.stack} against ${report.label}: ${summary(report)}`];
      for (const change of sorted(report)) {
        const deleteFirst = change.op === "replace" && change.deleteFirst ? " (delete first)" : "";
        lines.push(
          "",
          `${SYMBOL[change.op]} ${change.op} ${change.name}: ${change.type}${deleteFirst}`,
        );
        for (const input of change.inputs) lines.push(`     ${describeInput(input)}`);
        if (change.op === "replace")
          lines.push(`     because: ${change.replaceBecause.join("; ")}`);
        for (const error of change.errors) lines.push(`     error: ${error}`);
        for (const warning of change.warnings) lines.push(`     warning: ${warning}`);
      }
      if (report.warnings.length > 0) lines.push("");
      for (const warning of report.warnings) lines.push(`warning: ${warning}`);
      return `${lines.join("\n")}\n`;
    })
    .join("\n");
  return reports.length > 0 ? `${method(reports, (label) => label)}\n\n${body}` : body;
}

export function renderChangeMarkdown(reports: readonly StackChangeReport[]): string {
  const sections = reports.map((report) => {
    const changed = sorted(report);
    const rows = changed.map((change) => [
      change.op === "replace" || change.op === "delete" ? `**${change.op}**` : change.op,
      `\`${change.name}\``,
      `\`${change.type}\``,
      cell([
        ...change.inputs.map(describeInput),
        ...(change.op === "replace" ? [`because: ${change.replaceBecause.join("; ")}`] : []),
        ...(change.op === "replace" && change.deleteFirst
          ? ["deleted before it is re-created"]
          : []),
      ]),
    ]);
    const each = (pick: (change: StackChangeReport["changes"][number]) => string[]) =>
      changed.flatMap((change) => pick(change).map((line) => `\`${change.name}\`: ${line}`));
    const errors = each((change) => change.errors);
    const warnings = [...each((change) => change.warnings), ...report.warnings];
    return [
      `### \`${report.stack}\` against \`${report.label}\``,
      "",
      summary(report),
      "",
      rows.length > 0 ? markdownTable(["Op", "Resource", "Type", "Changes"], rows) : "No changes.",
      ...(errors.length > 0
        ? [
            "",
            "**Refused: `pulumi up` would stop here**",
            "",
            ...errors.map((line) => `- ${escape(line)}`),
          ]
        : []),
      ...(warnings.length > 0
        ? ["", "**Warnings**", "", ...warnings.map((line) => `- ${escape(line)}`)]
        : []),
      "",
    ].join("\n");
  });
  const compared = reports.length > 0 ? [method(reports, (label) => `\`${label}\``), ""] : [];
  return ["## What `pulumi up` would do", "", ...compared, ...sections].join("\n");
}

/** `1 to replace, 2 to update, 10 unchanged`. */
function summary(report: StackChangeReport): string {
  const count = (op: Operation) => report.changes.filter((change) => change.op === op).length;
  const parts = ORDER.filter((op) => !QUIET.includes(op) && count(op) > 0).map(
    (op) => `${count(op)} to ${op}`,
  );
  const reads = count("read") > 0 ? [`${count("read")} read`] : [];
  return [...parts, ...reads, `${count("same")} unchanged`].join(", ");
}

function sorted(report: StackChangeReport): StackChangeReport["changes"] {
  return report.changes
    .filter((change) => !QUIET.includes(change.op) || change.errors.length > 0)
    .sort((a, b) => ORDER.indexOf(a.op) - ORDER.indexOf(b.op));
}

/** `quantity: 2 → 3`, `sensitiveVars: changed (secret)`, `appId: (known after deploy), follows replaced heroku-app`. */
function describeInput(input: InputChange): string {
  const credential = plaintextCredentialWhat(input.after);
  if (credential !== undefined && plaintextCredentialWhat(input.before) === undefined) {
    return `${input.path}: a new plaintext credential (${credential})`;
  }
  if (input.secret) return `${input.path}: changed (secret)`;
  if (input.follows.length > 0) {
    return `${input.path}: ${show(input.after)}, follows ${input.follows.join(", ")}`;
  }
  return `${input.path}: ${show(input.before)} → ${show(input.after)}`;
}

function show(value: unknown): string {
  if (value === undefined) return "(unset)";
  if (value === UNKNOWN) return "(known after deploy)";
  return formatInline(hideUndecryptable(value));
}

/** A table cell: one line, `|` escaped. */
function cell(lines: string[]): string {
  return lines.map((line) => escape(line).replace(/\|/g, "\\|")).join("<br>");
}

/** Markdown would read `<` and `*` in values as markup. */
function escape(text: string): string {
  return text.replace(/[<>]/g, (char) => (char === "<" ? "&lt;" : "&gt;")).replace(/\*/g, "\\*");
}
