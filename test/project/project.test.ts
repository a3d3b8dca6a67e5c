import * as fs from "fs";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import { parse } from "yaml";
import { stackConfigSchema } from "../../src/program/config/schema";
import { listStacks, loadStackFile } from "../../src/stack-files/load";
import { describeWithReference, referenceFile } from "../support/reference-files";
import { PROJECT_DIR } from "../support/paths";

const ROOT = PROJECT_DIR;
const project = parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"));
const PROJECT_SCHEMA = referenceFile("PULUMI_PROJECT_SCHEMA", "pulumi/project.schema.json");

describeWithReference(PROJECT_SCHEMA, "Pulumi.yaml is what the Pulumi CLI accepts", () => {
  test("it validates against the CLI's own project schema", () => {
    const schema = JSON.parse(fs.readFileSync(PROJECT_SCHEMA, "utf8"));
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    const valid = validate(project);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test("the schema check can fail: an object-typed config declaration is rejected", () => {
    const schema = JSON.parse(fs.readFileSync(PROJECT_SCHEMA, "utf8"));
    const validate = new Ajv2020({ strict: false }).compile(schema);
    const broken = { ...project, config: { ...project.config, formation: { type: "object" } } };
    expect(validate(broken)).toBe(false);
  });
});

describe("Pulumi.yaml documents the config", () => {
  const declared = project.config as Record<
    string,
    { type: string; description: string; default: unknown }
  >;
  const defaults = stackConfigSchema(["web", "worker"]).parse({}) as Record<string, unknown>;

  test("every declared key has a type, a description and the program's own default", () => {
    for (const [key, declaration] of Object.entries(declared)) {
      expect({ key, description: typeof declaration.description }).toEqual({
        key,
        description: "string",
      });
      expect({ key, default: declaration.default }).toEqual({ key, default: defaults[key] });
    }
  });

  test("every config key is in the README's config reference", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    for (const key of Object.keys(stackConfigSchema([]).shape)) {
      expect({ key, documented: readme.includes(`| \`${key}\``) }).toEqual({
        key,
        documented: true,
      });
    }
  });
});

describe("stack files", () => {
  test.each(listStacks())(
    "Pulumi.%s.yaml only sets this project's keys and the provider's",
    (stack) => {
      const file = loadStackFile(stack);
      for (const key of Object.keys(file.config))
        expect(key).toMatch(/^(heroku-app|heroku):[A-Za-z]+$/);
    },
  );
});
