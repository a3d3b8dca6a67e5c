import * as fs from "fs";
import * as path from "path";
import { loadStackFile } from "../../src/stack-files/load";
import { PROJECT_DIR, fixture } from "../support/paths";
import { writeStackFile } from "../support/stack-files";

/** The offline loader of Pulumi.<stack>.yaml: the config as the CLI would hand it to the program. */

describe("the stack-file loader", () => {
  test("applies Pulumi.yaml defaults like the CLI and keeps the stack file's values", () => {
    const file = loadStackFile(fixture("production"));
    expect(file.config["heroku-app:region"]).toBe("us");
    expect(file.config["heroku-app:stage"]).toBe("production");
    expect(JSON.parse(file.config["heroku-app:formation"]).web).toEqual({
      quantity: 2,
      size: "standard-1x",
    });
  });

  test("a missing stack file names the stacks that exist", () => {
    const project = path.dirname(writeStackFile("qa", "config: {}\n")); // and a staging beside it
    fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(project, "Pulumi.yaml"));
    expect(() => loadStackFile("nope", project)).toThrow(
      "Pulumi.nope.yaml: no such stack file (stacks here: qa, staging)",
    );
  });

  test("invalid YAML is reported with the file name", () => {
    expect(() => loadStackFile(writeStackFile("broken", "config: [\n"))).toThrow(
      /Pulumi\.broken\.yaml: is not valid YAML/,
    );
  });
});

describe("the bytes of a stack file, read as the Pulumi CLI reads them", () => {
  const yaml = "config:\n  heroku-app:stage: production\n";
  const load = (bytes: Buffer) => loadStackFile(writeStackFile("bytes", bytes));

  test("a UTF-8 byte-order mark is dropped, as the CLI drops it", () => {
    const file = load(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(yaml)]));
    expect(file.config["heroku-app:stage"]).toBe("production");
  });

  test("UTF-16 with a byte-order mark (little or big endian) is read as UTF-16, as yaml.v2 does", () => {
    const little = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(yaml, "utf16le")]);
    const big = Buffer.from(little);
    big.swap16();
    expect(load(little).config["heroku-app:stage"]).toBe("production");
    expect(load(big).config["heroku-app:stage"]).toBe("production");
  });

  test("UTF-16 without a byte-order mark is refused: the CLI would read it as UTF-8 and fail", () => {
    expect(() => load(Buffer.from(yaml, "utf16le"))).toThrow(
      /Pulumi\.bytes\.yaml: is UTF-16 without a byte-order mark .*; save it as UTF-8/,
    );
  });

  test("text that isn't UTF-8 is refused", () => {
    const latin1 = Buffer.from("config:\n  heroku-app:team: caf\xe9\n", "latin1");
    expect(() => load(latin1)).toThrow(
      /Pulumi\.bytes\.yaml: is not valid UTF-8 text; save it as UTF-8/,
    );
  });

  test("a NUL byte or another control character is refused, with its line", () => {
    expect(() => load(Buffer.from("config:\n  heroku-app:team: a\0b\n"))).toThrow(
      /Pulumi\.bytes\.yaml: line 2 holds a NUL byte, which the Pulumi CLI refuses; remove it/,
    );
    expect(() => load(Buffer.from("config:\n  heroku-app:team: a\x07b\n"))).toThrow(
      /line 2 holds the control character U\+0007/,
    );
  });

  test("a NUL written as an escape is refused in any value, a map's included", () => {
    expect(() => load(Buffer.from('config:\n  heroku-app:configVars:\n    A: "x\\0y"\n'))).toThrow(
      /heroku-app:configVars\.A: holds a NUL character, which no config value or environment variable can carry/,
    );
  });
});
