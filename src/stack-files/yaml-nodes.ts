import { isAlias, isMap, isScalar, isSeq } from "yaml";
import type { Document, Pair, Scalar } from "yaml";
import { Resolved, resolvePlain } from "./cli-scalars";

/**
 * The YAML features yaml.v3 (the Pulumi CLI's reader) applies while decoding, done here the same
 * way so the loader hands over what the CLI does: aliases are resolved, merge keys (`<<`) merged,
 * and explicit tags (`!!int '12'`) decide how a scalar reads. test/engine/stack-file-values.test.ts
 * holds each to the real CLI (test/support/shape-corpus.ts).
 */

/** yaml.v3 refuses a document whose aliases expand past a ratio of its size; a fixed cap here. */
const ALIAS_BUDGET = 10_000;

export class NodeResolver {
  private aliasesLeft = ALIAS_BUDGET;

  constructor(private readonly doc?: Document.Parsed) {}

  /** The node an alias names (itself for any other node); a string says why it can't be read. */
  target(node: unknown): unknown {
    if (!isAlias(node)) return node;
    if (--this.aliasesLeft < 0) {
      return "expands its YAML aliases (*name) too often; the Pulumi CLI refuses such a file (excessive aliasing)";
    }
    const target = this.doc === undefined ? undefined : node.resolve(this.doc);
    return target ?? `names the YAML anchor &${node.source}, which is not defined before it`;
  }

  /**
   * A map's pairs as yaml.v3 sees them: its own keys first, then those a merge key (`<<`, quoted
   * or not) brings in that it doesn't have, earlier maps of a merged list winning. A string says
   * why the merge can't be read.
   */
  pairs(items: Pair[]): { own: Pair[]; merged: Pair[] } | string {
    const own = items.filter((pair) => !isMergeKey(pair.key));
    const merged: Pair[] = [];
    for (const pair of items.filter((candidate) => isMergeKey(candidate.key))) {
      const value = this.target(pair.value);
      if (typeof value === "string") return value;
      const sources = isSeq(value) ? value.items.map((item) => this.target(item)) : [value];
      for (const source of sources) {
        if (typeof source === "string") return source;
        if (!isMap(source)) {
          return "is a YAML merge key (<<) without a map to merge; the Pulumi CLI refuses it (give a map or a list of maps)";
        }
        const inner = this.pairs(source.items);
        if (typeof inner === "string") return inner;
        merged.push(...inner.own, ...inner.merged);
      }
    }
    return { own, merged };
  }
}

/** A scalar's text as written: the YAML library turns some tags' values into objects. */
export function scalarText(node: Scalar): string {
  return typeof node.value === "string" ? node.value : (node.source ?? String(node.value));
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && key.value === "<<" && (key.tag === undefined || key.tag === MERGE_TAG);
}

const YAML_TAG = "tag:yaml.org,2002:";
const MERGE_TAG = `${YAML_TAG}merge`;

/**
 * How yaml.v3 reads a tagged scalar: a tag outside YAML's own (`!custom`) is ignored and the text
 * kept; `!!int`, `!!float`, `!!bool`, `!!null` and `!!timestamp` read the text as that kind or
 * refuse the file; `!!binary` decodes base64. A string says why the CLI refuses it.
 */
export function resolveTagged(node: Scalar): Resolved | { kind: "binary"; text: string } | string {
  const text = scalarText(node);
  const tag = node.tag ?? "";
  if (!tag.startsWith(YAML_TAG) || tag === `${YAML_TAG}str`) return { kind: "string" };
  const name = tag.slice(YAML_TAG.length);
  if (name === "binary") return { kind: "binary", text: Buffer.from(text, "base64").toString() };
  const resolved = resolvePlain(text);
  if (name === "timestamp" && resolved.kind === "date") {
    return `is tagged !!timestamp, so the Pulumi CLI passes on "${resolved.text}"; remove the tag and quote the text`;
  }
  const fits =
    (name === "int" && resolved.kind === "number" && !resolved.float) ||
    (name === "float" && resolved.kind === "number") ||
    (name === "bool" && resolved.kind === "bool") ||
    (name === "null" && resolved.kind === "null");
  return fits
    ? resolved
    : `is tagged !!${name}, which the Pulumi CLI can't read it as; remove the tag`;
}
