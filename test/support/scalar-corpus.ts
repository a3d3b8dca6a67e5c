/**
 * Unquoted YAML scalars whose reading differs between YAML libraries and versions: the corpus
 * the loader is held to the real Pulumi CLI on (test/engine/stack-file-values.test.ts), each as
 * a top-level value, a value inside a map, and a map key.
 */
export const SCALAR_CORPUS: readonly string[] = [
  // booleans in YAML 1.1, text in YAML 1.2
  ...["y", "Y", "yes", "Yes", "YES", "on", "On", "ON"],
  ...["n", "N", "no", "No", "NO", "off", "Off", "OFF"],
  ...["true", "True", "TRUE", "false", "False", "FALSE", "tRUE"],
  // empty
  ...["~", "null", "Null", "NULL"],
  // integers in some base
  ...["2", "-7", "+1", "0", "-0", "0x1F", "0X1F", "0o17", "0O17", "0b101", "01234", "0755", "08"],
  ...["1_000", "0x_1F", "12345678901234567890", "99999999999999999999", "9223372036854775808"],
  // floats
  ...["1.5", "1.10", "1.0", "1.", ".5", "-.5", "1e3", "1E3", "1e+3", "12e03", "1_000.5", "0.0"],
  ...[".inf", "-.Inf", "+.INF", ".nan", ".NaN", ".NAN", "1e400", "1e-7", "1000000.0", "-0.0"],
  ...["0x8000000000000000", "-9223372036854775809", "-0b101", "0b_101"],
  // sexagesimal (YAML 1.1), dates, versions, words
  ...["1:20", "190:20:30", "2024-01-02", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10"],
  ...["2024-1-2", "2024-01-02T10:00:00Z", "2024-01-02T25:00:00Z", "2024-02-30", "2024-02-29"],
  ...["2024-13", "v1.2", "1.2.3", "0x", "1e", "production", "info", "<<", "https://example.com"],
];
