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
