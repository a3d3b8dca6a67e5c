import * as fs from "fs";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import { parse } from "yaml";
import { stackConfigSchema } from "../../src/program/config/schema";
import { listStacks, loadStackFile } from "../../src/stack-files/load";
import {
  CONFIG_PAGE,
  configTable,
  readConfigPage,
  withConfigTable,
} from "../../src/docs/config-reference";
import { prettierFormat } from "../../src/docs/format";
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

  test("docs/config.md's key table is the one generated from the config schema (`npm run docs`)", () => {
    const table = configTable();
    for (const key of Object.keys(stackConfigSchema([]).shape)) {
      expect(table).toContain(`| \`${key}\` |`);
    }
    // The table is regenerated whatever it holds: from a hand-edited copy of the page, generation
    // gives back the committed page exactly, which it can only do when that page is current.
    const page = readConfigPage();
    const edited = page.replace("| `region` ", "| `regions`");
    expect(edited).not.toBe(page);
    expect(prettierFormat(withConfigTable(edited), CONFIG_PAGE)).toBe(page);
  });
});

describe("the README and docs/", () => {
  const pages = [
    "README.md",
    ...fs.readdirSync(path.join(ROOT, "docs")).map((page) => `docs/${page}`),
  ];

  test.each(pages)("%s: every link into the repo leads to a file (and its #heading)", (page) => {
    const text = fs.readFileSync(path.join(ROOT, page), "utf8");
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue; // http(s), mailto
      const [file, heading] = target.split("#");
      const resolved =
        file === ""
          ? path.join(ROOT, page)
          : path.resolve(path.dirname(path.join(ROOT, page)), file);
      expect({ page, target, exists: fs.existsSync(resolved) }).toEqual({
        page,
        target,
        exists: true,
      });
      if (heading !== undefined && resolved.endsWith(".md")) {
        const anchors = [...fs.readFileSync(resolved, "utf8").matchAll(/^#+ (.+)$/gm)].map(
          ([, title]) =>
            title
              .toLowerCase()
              .replace(/[`()]/g, "")
              .replace(/[^a-z0-9 -]/g, "")
              .trim()
              .replace(/ /g, "-"),
        );
        expect({ page, target, anchored: anchors.includes(heading) }).toEqual({
          page,
          target,
          anchored: true,
        });
      }
    }
  });

  test("the README is a front door: at most 10 KB", () => {
    expect(fs.statSync(path.join(ROOT, "README.md")).size).toBeLessThanOrEqual(10 * 1024);
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

describe("the test tiers (test/tiers.js)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tiers = require("../tiers") as { processes: string[]; engine: string[] };

  test("every file or folder a tier names exists, so none of its tests is silently dropped", () => {
    for (const entry of [...tiers.processes, ...tiers.engine]) {
      expect({ entry, exists: fs.existsSync(path.join(ROOT, entry)) }).toEqual({
        entry,
        exists: true,
      });
    }
  });

  test("npm test starts none of the project's tools as a process: that is the processes tier's", () => {
    const claimed = (file: string) =>
      [...tiers.processes, ...tiers.engine].some((entry) => file.startsWith(entry));
    const testFiles = ["test", path.join("app", "test")].flatMap((dir) =>
      fs
        .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
        .map((file) => path.join(dir, file).split(path.sep).join("/"))
        .filter((file) => /\.test\.[jt]s$/.test(file)),
    );
    expect(testFiles.length).toBeGreaterThan(30);
    // What starts a tool as the npm scripts do: node -r with tools/register.js, spelled out or
    // from test/support/typescript-node.ts.
    const startsATool = (file: string) =>
      /from "\.\.\/support\/typescript-node"|"\.\/tools\/register\.js"/.test(
        fs.readFileSync(path.join(ROOT, file), "utf8"),
      );
    expect(testFiles.filter((file) => !claimed(file) && startsATool(file))).toEqual([]);
  });
});
