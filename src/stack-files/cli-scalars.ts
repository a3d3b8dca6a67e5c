/**
 * What the Pulumi CLI makes of an unquoted YAML scalar in a stack file, so the offline loader
 * hands the program exactly the text `pulumi up` would, or refuses the value.
 *
 * Facts this relies on (pulumi/pulumi, sdk v3):
 * - Stack files are parsed with gopkg.in/yaml.v2 (sdk/go/common/encoding/marshal.go; v2.4.0 in
 *   sdk/go.mod), after stripping a UTF-8 byte-order mark (workspace/loaders.go,
 *   readFileStripUTF8BOM). yaml.v2 reads YAML 1.1: `yes`/`no`/`on`/`off`/`y`/`n` are booleans,
 *   `0x1F` and `01234` (octal) are integers, `1e3` is a float, `_` is dropped from numbers, and
 *   a date stays its text only because v2 keeps timestamps as strings in an interface{}
 *   (yaml.v2 resolve.go and decode.go).
 * - Every config value is decoded into an `any` (resource/config/object.go, UnmarshalYAML) and
 *   written back as text: a string as-is, a bool or number as its JSON text, a map or list as
 *   JSON (object.go MarshalString; plaintext.go marshalText). So `1.10` arrives as "1.1", `0x1F`
 *   as "31", `yes` as "true" — and inside a map the program JSON.parses a number, so a 20-digit
 *   integer loses its last digits. A `time.Time` (should the CLI's YAML library ever produce
 *   one) becomes Go's "2001-12-14 00:00:00 +0000 UTC" (object.go), and `.inf`/`.nan` can't be
 *   JSON at all.
 * - Map keys that aren't strings become `fmt.Sprintf("%v", key)` (object.go, map[any]any).
 */

export type Resolved =
  | { kind: "string" }
  | { kind: "null" }
  | { kind: "bool"; value: boolean }
  | { kind: "number"; json: string }
  | { kind: "date" }
  | { kind: "not-json"; what: string }
  | { kind: "merge" };

const BOOLS: Record<string, boolean> = {};
for (const word of ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]) {
  BOOLS[word] = true;
}
for (const word of ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]) {
  BOOLS[word] = false;
}
const NULLS = new Set(["", "~", "null", "Null", "NULL"]);
const SPECIAL_FLOATS = /^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/;
/** Go's strconv.ParseInt(s, 0, 64) syntax: sign, then 0x/0o/0b, a leading-0 octal, or decimal. */
const GO_INTEGER = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
/** yaml.v2's yamlStyleFloat. */
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** yaml.v2's parseTimestamp accepts these shapes (YYYY-M-D, with an optional time). */
const TIMESTAMP =
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]*)?)?/;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** yaml.v2's resolve() of an untagged plain scalar, with the JSON the CLI writes for a number. */
export function resolvePlain(text: string): Resolved {
  if (Object.hasOwn(BOOLS, text)) return { kind: "bool", value: BOOLS[text] };
  if (NULLS.has(text)) return { kind: "null" };
  if (text === "<<") return { kind: "merge" };
  if (SPECIAL_FLOATS.test(text)) return { kind: "not-json", what: "an infinite or NaN number" };
  const first = text[0];
  if (first === ".") {
    return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text) ? float(text) : { kind: "string" };
  }
  if (!/[-+0-9]/.test(first)) return { kind: "string" };
  if (TIMESTAMP.test(text) && isTimestamp(text)) return { kind: "date" };
  const plain = text.replaceAll("_", "");
  const integer = GO_INTEGER.exec(plain);
  if (integer !== null) {
    const [, sign, digits] = integer;
    const magnitude = BigInt(/^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits);
    const value = sign === "-" ? -magnitude : magnitude;
    const fits = value >= INT64_MIN && (value <= INT64_MAX || (sign === "" && value <= UINT64_MAX));
    if (fits) return { kind: "number", json: value.toString() };
  }
  return YAML_FLOAT.test(plain) ? float(plain) : { kind: "string" };
}

/** strconv.ParseFloat then encoding/json: out of range is no float at all (a string, to v2). */
function float(text: string): Resolved {
  const value = Number(text);
  if (!Number.isFinite(value)) return { kind: "string" };
  // encoding/json writes float64 as the shortest text that reads back the same, as JS does
  // (and -0 as "-0", which JavaScript prints as "0").
  return { kind: "number", json: Object.is(value, -0) ? "-0" : String(value) };
}

/** The whole scalar must be one of yaml.v2's allowed timestamp formats. */
function isTimestamp(text: string): boolean {
  return /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(([Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2}))|( [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?))?$/.test(
    text,
  );
}

/**
 * What the program receives for a resolved scalar: at the top of a key, the CLI's text; inside a
 * map or list, the JSON value, which the program parses (numbers as JavaScript numbers).
 */
export function receivedText(resolved: Resolved, nested: boolean): string | undefined {
  switch (resolved.kind) {
    case "bool":
      return String(resolved.value);
    case "number":
      return nested ? String(JSON.parse(resolved.json)) : resolved.json;
    default:
      return undefined;
  }
}

/** A map key as the CLI names it: `fmt.Sprintf("%v", key)` of what yaml.v2 resolved. */
export function receivedKey(resolved: Resolved, text: string): string {
  switch (resolved.kind) {
    case "bool":
      return String(resolved.value);
    case "null":
      return "<nil>";
    case "number":
      return goFloatVerb(resolved.json, text);
    default:
      return text;
  }
}

/**
 * `%v` of an int is its decimal text; of a float64, strconv's shortest %g, which switches to an
 * exponent below 1e-4 and from 1e6 on (`1e+06`, `1.5`).
 */
function goFloatVerb(json: string, text: string): string {
  const isInteger = GO_INTEGER.test(text.replaceAll("_", ""));
  if (isInteger) return json;
  const value = Number(json);
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  if (value !== 0 && (exponent < -4 || exponent >= 6)) {
    return value.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
  }
  return String(value);
}
