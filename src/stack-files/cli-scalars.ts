/**
 * What the Pulumi CLI makes of an unquoted YAML scalar in a stack file, so the offline loader
 * hands the program exactly the text `pulumi up` would, or refuses the value. A model, kept because
 * it answers in microseconds where the CLI takes a process: test/engine/stack-file-values.test.ts
 * holds it to the real CLI over a corpus of scalars (test/support/scalar-corpus.ts).
 *
 * Facts this relies on (pulumi/pulumi v3.248.0, sdk):
 * - Stack files are parsed with gopkg.in/yaml.v3 v3.0.1 (go/common/encoding/marshal.go), each
 *   config value decoded into an `any` (resource/config/object.go, UnmarshalYAML). yaml.v3's
 *   resolve() (resolve.go) reads booleans as YAML 1.2 does, `true`/`True`/`TRUE` and the same for
 *   false, so `yes`/`on`/`y` stay text; but numbers still as YAML 1.1 did: `0x1F`, `0o17`,
 *   `0b101` and the leading-zero octal `01234` are integers, `_` is dropped, `1e3` is a float, and
 *   a `YYYY-M-D` date (with an optional time) is a Go time.Time.
 * - Every value is written back as text (object.go MarshalString; plaintext.go marshalText): a
 *   string as-is, a bool or number as its JSON text, a time as Go's Time.String(), a map or list
 *   as JSON. So `1.10` arrives as "1.1", `0x1F` as "31", `2024-01-02` as
 *   "2024-01-02 00:00:00 +0000 UTC" — and inside a map the program JSON.parses a number, so a
 *   20-digit integer loses its last digits. `.inf`/`.nan` can't be JSON: the CLI refuses the file.
 * - Map keys that aren't strings become `fmt.Sprintf("%v", key)` (object.go, map[any]any).
 */

export type Resolved =
  | { kind: "string" }
  | { kind: "null" }
  | { kind: "bool"; value: boolean }
  /** `float`: a float64 to Go (its map-key name is %v's %g), else an int. */
  | { kind: "number"; json: string; float: boolean }
  /** `text`: Go's Time.String() of it, which the CLI passes on. */
  | { kind: "date"; text: string }
  | { kind: "not-json"; what: string; goText: string }
  | { kind: "merge" };

/** yaml.v3's resolveMap: the words it reads as something other than text. */
const WORDS = new Map<string, Resolved>([
  ...["true", "True", "TRUE"].map((word) => [word, { kind: "bool", value: true }] as const),
  ...["false", "False", "FALSE"].map((word) => [word, { kind: "bool", value: false }] as const),
  ...["", "~", "null", "Null", "NULL"].map((word) => [word, { kind: "null" }] as const),
  ...[".nan", ".NaN", ".NAN"].map((word) => [word, notJson("NaN")] as const),
  ...[".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"].map(
    (word) => [word, notJson("+Inf")] as const,
  ),
  ...["-.inf", "-.Inf", "-.INF"].map((word) => [word, notJson("-Inf")] as const),
  ["<<", { kind: "merge" }],
]);

function notJson(goText: string): Resolved {
  return { kind: "not-json", what: "an infinite or NaN number", goText };
}

/** Go's strconv.ParseInt(s, 0, 64) syntax: sign, then 0x/0o/0b, a leading-0 octal, or decimal. */
const GO_INTEGER = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
/** yaml.v3's yamlStyleFloat. */
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** yaml.v3's resolve() of an untagged plain scalar, with the JSON the CLI writes for a number. */
export function resolvePlain(text: string): Resolved {
  const word = WORDS.get(text);
  if (word !== undefined) return word;
  const first = text[0];
  // A leading "." goes straight to strconv.ParseFloat (no `_` stripping, no float pattern).
  if (first === ".") return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text) ? float(text) : STRING;
  if (!/[-+0-9]/.test(first)) return STRING;
  const date = goTimeString(text);
  if (date !== undefined) return { kind: "date", text: date };
  const plain = text.replaceAll("_", "");
  const integer = GO_INTEGER.exec(plain.replace(/^(-?)0b/, "$10b"));
  if (integer !== null) {
    const [, sign, digits] = integer;
    const magnitude = BigInt(/^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits);
    const value = sign === "-" ? -magnitude : magnitude;
    const fits = value >= INT64_MIN && (value <= INT64_MAX || (sign === "" && value <= UINT64_MAX));
    if (fits) return { kind: "number", json: value.toString(), float: false };
  }
  return YAML_FLOAT.test(plain) ? float(plain) : STRING;
}

const STRING: Resolved = { kind: "string" };

/** strconv.ParseFloat then encoding/json: out of range is no float at all (text, to yaml.v3). */
function float(text: string): Resolved {
  const value = Number(text);
  if (!Number.isFinite(value)) return STRING;
  // encoding/json writes float64 as the shortest text that reads back the same, as JS does
  // (and -0 as "-0", which JavaScript prints as "0").
  return { kind: "number", json: Object.is(value, -0) ? "-0" : String(value), float: true };
}

/**
 * yaml.v3's parseTimestamp: time.Parse with "2006-1-2T15:4:5.999999999Z07:00" (or a lower-case
 * t), "2006-1-2 15:4:5.999999999" and "2006-1-2"; then Go's Time.String() of the result
 * ("2006-01-02 15:04:05.999999999 -0700 MST", the zone's name being its offset when it has none).
 */
function goTimeString(text: string): string | undefined {
  const match =
    /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.([0-9]+))?(Z|[+-][0-9]{2}:[0-9]{2}))|(?: ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.([0-9]+))?))?$/.exec(
      text,
    );
  if (match === null) return undefined;
  const [, year, month, day] = match.slice(0, 4).map(Number);
  const [hour, minute, second] = (match[4] ? match.slice(4, 7) : match.slice(9, 12)).map((part) =>
    Number(part ?? 0),
  );
  const fraction = (match[7] ?? match[12] ?? "").slice(0, 9).replace(/0+$/, "");
  const zone = match[8];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const valid = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth;
  if (!valid || hour > 23 || minute > 59 || second > 59) return undefined;
  const pad = (value: number, width = 2) => String(value).padStart(width, "0");
  const offset = zone === undefined || zone === "Z" ? "+0000 UTC" : goOffset(zone);
  const clock = `${pad(hour)}:${pad(minute)}:${pad(second)}${fraction ? `.${fraction}` : ""}`;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)} ${clock} ${offset}`;
}

/** A fixed zone without a name prints its offset twice: "-0500 -0500". */
function goOffset(zone: string): string {
  const offset = zone.replace(":", "");
  return offset === "+0000" || offset === "-0000" ? "+0000 +0000" : `${offset} ${offset}`;
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
    case "date":
      return resolved.text;
    default:
      return undefined;
  }
}

/** A map key as the CLI names it: `fmt.Sprintf("%v", key)` of what yaml.v3 resolved. */
export function receivedKey(resolved: Resolved, text: string): string {
  switch (resolved.kind) {
    case "bool":
      return String(resolved.value);
    case "null":
      return "<nil>";
    case "number":
      return resolved.float ? goFloatVerb(resolved.json) : resolved.json;
    case "date":
      return resolved.text;
    case "not-json":
      return resolved.goText;
    default:
      return text;
  }
}

/**
 * `%v` of a float64: strconv's shortest %g, which switches to an
 * exponent below 1e-4 and from 1e6 on (`1e+06`, `1.5`).
 */
function goFloatVerb(json: string): string {
  const value = Number(json);
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  if (value !== 0 && (exponent < -4 || exponent >= 6)) {
    return value.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
  }
  return String(value);
}
