import { isMap, isScalar, isSeq } from "yaml";
import type { Document, Pair, Scalar } from "yaml";
import { SENSITIVE_KEYS } from "../program/config/schema";
import { UNKNOWN_SECRET } from "../program/config/secure";
import { credentialReason } from "../program/credentials";
import { Resolved, receivedKey, receivedText, resolvePlain } from "./cli-scalars";
import { NodeResolver, resolveTagged, scalarText } from "./yaml-nodes";

/**
 * A stack file's YAML values converted the way the Pulumi CLI converts them (see
 * cli-scalars.ts for the facts, held to the real CLI by the engine tier): scalars at the top of a key as text, maps and lists as JSON
 * values, `secure:` values as UNKNOWN_SECRET. Wherever the CLI would pass on something other
 * than what the file seems to say, fail, or silently drop something, a problem is noted.
 */

const STR_TAG = "tag:yaml.org,2002:str";
const KEY_KINDS: Partial<Record<string, string>> = {
  bool: "a boolean",
  null: "empty",
  date: "a date",
};

export function describe(node: unknown): string {
  if (isSeq(node)) return "a list";
  if (isMap(node)) return "a map";
  return "a single value";
}

export function isEmptyScalar(node: unknown): boolean {
  return (
    isScalar(node) && node.type === "PLAIN" && resolvePlain(String(node.value)).kind === "null"
  );
}

/** Walks values as the CLI converts them, collecting problems instead of stopping at the first. */
export class ValueReader {
  readonly problems: string[] = [];
  /** Set when a `secure:` value was met in the value being read. */
  secret = false;

  private readonly nodes: NodeResolver;
  /** Maps and lists being read, to catch an alias to one of them inside itself. */
  private readonly reading = new Set<unknown>();

  constructor(
    private readonly source: string,
    doc?: Document.Parsed,
  ) {
    this.nodes = new NodeResolver(doc);
  }

  problem(where: string, message: string): void {
    this.problems.push(`${this.source}: ${where === "" ? "" : `${where}: `}${message}`);
  }

  /** A map's keys as the CLI names them, checked: plain text, each once; merge keys applied. */
  keys(items: Pair[], where: string): Map<string, Pair> {
    const pairs = this.nodes.pairs(items);
    if (typeof pairs === "string") this.problem(where, pairs);
    const { own, merged } =
      typeof pairs === "string" ? { own: items, merged: [] as Pair[] } : pairs;
    const named = new Map<string, Pair>();
    for (const pair of own) {
      const key = this.keyName(pair.key, where);
      if (key === undefined) continue;
      const at = where === "" ? key : `${where}.${key}`;
      if (named.has(key)) {
        this.problem(at, "is given twice; the Pulumi CLI refuses a map with a key given twice");
      } else {
        named.set(key, pair);
      }
    }
    for (const pair of merged) {
      const key = this.keyName(pair.key, where);
      if (key !== undefined && !named.has(key)) named.set(key, pair);
    }
    return named;
  }

  /** What the value becomes for the program: text at the top of a key, JSON values inside. */
  value(written: unknown, where: string, nested: boolean): unknown {
    const node = this.nodes.target(written);
    if (typeof node === "string") {
      this.problem(where, node);
      return null;
    }
    if (this.reading.has(node)) {
      this.problem(where, "holds a YAML alias to a value it is inside; the Pulumi CLI refuses it");
      return null;
    }
    if (isMap(node) || isSeq(node)) {
      this.reading.add(node);
      try {
        if (isMap(node)) return this.map(node.items, where);
        return node.items.map((item, index) => this.value(item, `${where}[${index}]`, true));
      } finally {
        this.reading.delete(node);
      }
    }
    if (isScalar(node)) return this.scalar(node, where, nested);
    if (!nested) this.problem(where, "has no value; give it one, or delete the line");
    return null;
  }

  private map(items: Pair[], where: string): unknown {
    const named = this.keys(items, where);
    const only = items.length === 1 ? named.get("secure") : undefined;
    const ciphertext =
      only !== undefined && isScalar(only.value)
        ? this.scalar(only.value, `${where}.secure`, true)
        : undefined;
    if (typeof ciphertext === "string") {
      this.secret = true;
      return secureStandIn();
    }
    return Object.fromEntries(
      byteOrder([...named.keys()]).map((key) => [
        key,
        this.value(named.get(key)?.value, `${where}.${key}`, true),
      ]),
    );
  }

  private keyName(node: unknown, where: string): string | undefined {
    if (!isScalar(node)) {
      this.problem(where, "has a key that is not plain text; use a name");
      return undefined;
    }
    const text = String(node.value);
    const at = where === "" ? text : `${where}.${text}`;
    if (text.includes("\0")) {
      this.problem(at, "has a NUL character in its name; remove it");
      return undefined;
    }
    if (node.type !== "PLAIN" || node.tag === STR_TAG) return text;
    const resolved = resolvePlain(text);
    const received = receivedKey(resolved, text);
    if (received !== text) {
      this.problem(
        at,
        `the Pulumi CLI reads this key as ${KEY_KINDS[resolved.kind] ?? "a number"} and would name it ${JSON.stringify(received)}; quote it: "${text}"`,
      );
    }
    return received === text ? text : undefined;
  }

  private scalar(node: Scalar, where: string, nested: boolean): unknown {
    const text = scalarText(node);
    if (text.includes("\0")) {
      this.problem(
        where,
        "holds a NUL character, which no config value or environment variable can carry; remove it",
      );
      return null;
    }
    const resolved = this.resolve(node, where, text);
    if (resolved === undefined) return null;
    // `<<` is a merge key only as a key (yaml-nodes.ts); as a value the CLI passes it on as text.
    if (resolved.kind === "string" || resolved.kind === "merge") return text;
    // A credential's text stays out of the message, even when it is what's wrong.
    const secretive = isSecretive(where, text);
    const value = secretive ? "the value (not shown)" : text;
    const quote = secretive ? "quote it" : `quote it: "${text}"`;
    switch (resolved.kind) {
      case "null":
        if (!nested) this.problem(where, "has no value; give it one, or delete the line");
        return null;
      case "date": {
        const arrives = secretive
          ? "would not arrive as written"
          : `would arrive as "${resolved.text}"`;
        this.problem(where, `${value} is a date to the Pulumi CLI and ${arrives}; ${quote}`);
        return null;
      }
      case "not-json":
        this.problem(
          where,
          `${value} is ${resolved.what} to YAML, which the Pulumi CLI can't pass on; ${quote}`,
        );
        return null;
      default: {
        const received = receivedText(resolved, nested) ?? text;
        if (received !== text) {
          const kind = resolved.kind === "bool" ? "a boolean" : "a number";
          const arrives = secretive
            ? "would not arrive as written"
            : `would arrive as "${received}"`;
          const keep = secretive ? "" : `: "${text}"`;
          this.problem(
            where,
            `${value} is ${kind} to the Pulumi CLI and ${arrives}; quote it to keep the text${keep}`,
          );
        }
        if (!nested) return received;
        return resolved.kind === "bool" ? resolved.value : Number(resolved.json);
      }
    }
  }

  /** How the CLI reads a scalar: by its tag, or as a plain one; undefined once refused. */
  private resolve(node: Scalar, where: string, text: string): Resolved | undefined {
    if (node.tag === undefined) {
      return node.type === "PLAIN" ? resolvePlain(text) : { kind: "string" };
    }
    const tagged = resolveTagged(node);
    if (typeof tagged === "string") {
      this.problem(where, tagged);
      return undefined;
    }
    if (tagged.kind === "binary") {
      const arrives = isSecretive(where, tagged.text) ? "" : ` "${tagged.text}"`;
      this.problem(
        where,
        `is tagged !!binary, so the Pulumi CLI passes on the decoded text${arrives}; write that text instead`,
      );
      return undefined;
    }
    return tagged;
  }
}

/**
 * Map keys in the order encoding/json writes them, which is the order the program reads them:
 * sorted by their UTF-8 bytes. That is JavaScript's code-unit order unless a key holds a
 * character beyond U+FFFF (a surrogate pair), which only the slower byte comparison gets right.
 */
function byteOrder(keys: string[]): string[] {
  if (!keys.some((key) => /[\ud800-\udfff]/.test(key))) return keys.sort();
  const bytes = new Map(keys.map((key) => [key, Buffer.from(key)]));
  return keys.sort((a, b) => Buffer.compare(bytes.get(a)!, bytes.get(b)!));
}

/**
 * Whether a value at this key path may be a credential: under sensitiveVars or drains, a Heroku
 * provider setting, a name that says so, or a value shaped like one.
 */
function isSecretive(where: string, text: string): boolean {
  const [first] = where.split(".");
  const [namespace, key] = first.includes(":") ? first.split(":") : ["", first];
  const last = where.slice(where.lastIndexOf(".") + 1);
  return (
    SENSITIVE_KEYS.includes(key) ||
    namespace === "heroku" ||
    credentialReason(last, text) !== undefined
  );
}

/**
 * What a `secure:` value stands in as offline: a secret of unknown value, whatever its ciphertext
 * (only the CLI, with the stack's secrets provider, can decrypt it).
 */
export function secureStandIn(): string {
  return UNKNOWN_SECRET;
}
