import * as fs from "fs";
import * as path from "path";
import { receivedKey, receivedText, resolvePlain } from "../../src/stack-files/cli-scalars";
import { loadStackFile } from "../../src/stack-files/load";
import { writeStackFile } from "../support/stack-files";

/**
 * Values as the Pulumi CLI passes them: yaml.v3 resolves an unquoted scalar, and the CLI writes it
 * back as text (src/stack-files/cli-scalars.ts has the facts and their sources; the engine tier,
 * test/engine/stack-file-values.test.ts, holds the model to the real CLI). The loader hands the
 * program that text, or refuses a value whose text would change.
 */

describe("what yaml.v3 and the CLI make of an unquoted scalar", () => {
  // [text, what the program receives at the top of a key, inside a map or list]
  const numbers: [string, string, string][] = [
    ["2", "2", "2"],
    ["-7", "-7", "-7"],
    ["1.5", "1.5", "1.5"],
    ["1.10", "1.1", "1.1"],
    ["1.0", "1", "1"],
    ["1.", "1", "1"],
    [".5", "0.5", "0.5"],
    ["0x1F", "31", "31"],
    ["01234", "668", "668"],
    ["08", "8", "8"],
    ["0o17", "15", "15"],
    ["0b101", "5", "5"],
    ["1e3", "1000", "1000"],
    ["+1", "1", "1"],
    ["1_000", "1000", "1000"],
    ["12345678901234567890", "12345678901234567890", "12345678901234567000"],
    ["99999999999999999999", "100000000000000000000", "100000000000000000000"],
  ];
  test.each(numbers)(
    "%s is a number: %s at the top of a key, %s inside a map",
    (text, top, inner) => {
      const resolved = resolvePlain(text);
      expect(resolved.kind).toBe("number");
      expect(receivedText(resolved, false)).toBe(top);
      expect(receivedText(resolved, true)).toBe(inner);
    },
  );

  test.each([
    ["true", true],
    ["True", true],
    ["TRUE", true],
    ["false", false],
    ["False", false],
    ["FALSE", false],
  ])("%s is the boolean %s", (text, value) => {
    const resolved = resolvePlain(text as string);
    expect(resolved).toEqual({ kind: "bool", value });
    expect(receivedText(resolved, false)).toBe(String(value));
    expect(receivedKey(resolved, text as string)).toBe(String(value));
  });

  test.each(["yes", "Yes", "ON", "on", "y", "N", "no", "off", "OFF", "tRUE"])(
    "%s is text to yaml.v3 (a boolean only to YAML 1.1), passed as written",
    (text) => {
      expect(resolvePlain(text)).toEqual({ kind: "string" });
      expect(receivedKey(resolvePlain(text), text)).toBe(text);
    },
  );

  test.each(["", "~", "null", "Null", "NULL"])("%j is null", (text) => {
    expect(resolvePlain(text).kind).toBe("null");
  });

  test.each([".inf", "-.Inf", "+.INF", ".nan", ".NaN"])("%s can't be JSON", (text) => {
    expect(resolvePlain(text).kind).toBe("not-json");
  });

  test.each([
    ["2024-01-02", "2024-01-02 00:00:00 +0000 UTC"],
    ["2024-1-2", "2024-01-02 00:00:00 +0000 UTC"],
    ["2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.1 -0500 -0500"],
    ["2001-12-14 21:59:43.10", "2001-12-14 21:59:43.1 +0000 UTC"],
    ["2024-01-02T10:00:00Z", "2024-01-02 10:00:00 +0000 UTC"],
  ])("%s is a date, passed on as Go's %s", (text, go) => {
    expect(resolvePlain(text)).toEqual({ kind: "date", text: go });
    expect(receivedKey(resolvePlain(text), text)).toBe(go);
  });

  test.each(["2024-02-30", "2024-01-02T25:00:00Z", "2024-13"])(
    "%s is no date Go can parse: text",
    (text) => {
      expect(resolvePlain(text)).toEqual({ kind: "string" });
    },
  );

  test.each(["production", "v1.2", "1.2.3", "0x", "1e", "info", "https://example.com", "2024-13"])(
    "%s is text, passed as written",
    (text) => {
      expect(resolvePlain(text)).toEqual({ kind: "string" });
      expect(receivedKey(resolvePlain(text), text)).toBe(text);
    },
  );

  test("a float map key is named the way Go's %v prints it", () => {
    expect(receivedKey(resolvePlain("1000000.0"), "1000000.0")).toBe("1e+06");
    expect(receivedKey(resolvePlain("1.50"), "1.50")).toBe("1.5");
    expect(receivedKey(resolvePlain("10"), "10")).toBe("10");
  });
});

describe("the loader hands over what the CLI would, or refuses", () => {
  const load = (yaml: string) => loadStackFile(writeStackFile("values", yaml));

  test("values whose text survives pass as written: numbers, booleans, quoted text", () => {
    const file = load(
      "config:\n  heroku-app:protect: true\n  heroku-app:configVars:\n    WORKERS: 2\n    DEBUG: false\n    VERSION: \"1.10\"\n    ZIP: '01234'\n    MULTI: |\n      two\n      lines\n",
    );
    expect(file.config["heroku-app:protect"]).toBe("true");
    expect(JSON.parse(file.config["heroku-app:configVars"])).toEqual({
      WORKERS: 2,
      DEBUG: false,
      VERSION: "1.10",
      ZIP: "01234",
      MULTI: "two\nlines\n",
    });
  });

  test("YAML 1.1's boolean words arrive as the text written (yaml.v3), at the top and inside", () => {
    const file = load(
      "config:\n  heroku-app:team: on\n  heroku-app:configVars:\n    FEATURE_FLAG: on\n    LEGACY: no\n",
    );
    expect(file.config["heroku-app:team"]).toBe("on");
    expect(JSON.parse(file.config["heroku-app:configVars"])).toEqual({
      FEATURE_FLAG: "on",
      LEGACY: "no",
    });
  });

  test("anchors, aliases, merge keys and readable tags arrive as yaml.v3 reads them", () => {
    const file = load(
      "config:\n  heroku-app:team: &team acme\n  heroku-app:configVars:\n    <<: &base {A: one, B: two}\n    B: own\n    TEAM: *team\n    COUNT: !!int '5'\n    FLAG: !custom on\n  heroku-app:features: *base\n",
    );
    expect(file.config["heroku-app:team"]).toBe("acme");
    expect(JSON.parse(file.config["heroku-app:configVars"])).toEqual({
      A: "one",
      B: "own",
      COUNT: 5,
      FLAG: "on",
      TEAM: "acme",
    });
    expect(JSON.parse(file.config["heroku-app:features"])).toEqual({ A: "one", B: "two" });
  });

  test("map keys come in the order the CLI's JSON has them: sorted by their bytes", () => {
    const file = load("config:\n  heroku-app:configVars:\n    b: '1'\n    B: '2'\n    a: '3'\n");
    expect(Object.keys(JSON.parse(file.config["heroku-app:configVars"]))).toEqual(["B", "a", "b"]);
  });

  test("a top-level value keeps the CLI's text, a 20-digit integer included", () => {
    const file = load("config:\n  heroku-app:team: 12345678901234567890\n");
    expect(file.config["heroku-app:team"]).toBe("12345678901234567890");
  });

  test("top-level values are refused where the text would change", () => {
    expect(() => load("config:\n  heroku-app:team: 0755\n")).toThrow(
      /heroku-app:team: 0755 is a number to the Pulumi CLI and would arrive as "493"; quote it to keep the text: "0755"/,
    );
  });

  test("a stack file beside one named the same but for case is refused (one file on macOS)", () => {
    const file = writeStackFile("staging", "config:\n  heroku-app:stage: staging\n");
    fs.writeFileSync(path.join(path.dirname(file), "Pulumi.Staging.yaml"), "config: {}\n");
    for (const each of [file, path.join(path.dirname(file), "Pulumi.Staging.yaml")]) {
      expect(() => loadStackFile(each)).toThrow(
        /differs from it only in case: on a case-insensitive filesystem/,
      );
    }
    expect(() => loadStackFile(file)).toThrow(
      /Pulumi\.staging\.yaml: Pulumi\.Staging\.yaml differs/,
    );
  });

  test("a trailing --- with nothing after it is no second document", () => {
    const file = load("---\nconfig:\n  heroku-app:stage: review\n---\n");
    expect(file.config["heroku-app:stage"]).toBe("review");
  });

  test("the same key written with and without the project's namespace is refused", () => {
    expect(() => load("config:\n  stage: review\n  heroku-app:stage: production\n")).toThrow(
      /heroku-app:stage: is stage again; the Pulumi CLI would keep one of them/,
    );
  });

  test("a credential's value stays out of the message, even when it is what's wrong", () => {
    const attempt = () =>
      load(
        "config:\n  heroku-app:configVars:\n    DB_PASSWORD: 0123456\n  heroku-app:sensitiveVars:\n    PIN: 0777\n",
      );
    expect(attempt).toThrow(/configVars\.DB_PASSWORD: the value \(not shown\) is a number/);
    expect(attempt).toThrow(/sensitiveVars\.PIN: the value \(not shown\) is a number/);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toMatch(/0123456|0777|42798|511/);
    }
  });
});
