import { scratchDirs } from "../support/scratch";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { StackConfigError } from "../../src/program/config/parse";
import { OfflineRunError, SECRET_MARK } from "../../src/plan/mock-run";
import { runPlanCommand } from "../../src/plan/command";
import type { CommandContext } from "../../src/plan/command";
import { renderParity, settingRows } from "../../src/plan/parity";
import { planToJson, renderMarkdown, renderTree } from "../../src/plan/render";
import { planReport } from "../../src/plan/report";
import { REFRESH_COMMAND } from "../../src/plan/snapshots";
import { toPlan } from "../../src/plan/planned";
import { stackFileConfig } from "../../src/stack-files/config";
import { PROJECT_DIR } from "../../src/program/paths";
import { UNKNOWN_SECRET } from "../../src/program/config/secure";
import { listStacks, loadStackFile } from "../../src/stack-files/load";
import { loadProgram, runStack } from "../support/harness";
import { prettierFormatSnapshot } from "../support/prettier";
import { writeStackFile } from "../support/stack-files";
import { FIXTURES_DIR, fixture } from "../support/paths";

/** Plans inside jest: the program loads in a fresh jest module registry per stack. */
const plan = (stack: string) => planReport(stack, loadProgram);
const EXTRAS = path.join(FIXTURES_DIR, "Pulumi.extras.yaml");
const BROKEN = `config:
  heroku-app:region: mars
  heroku-app:formation:
    web:
      quantity: 2
      size: standard-3x
`;

/** Planned here: the fixtures test/fixtures/Pulumi.{staging,production}.yaml (the stacks as first shipped). */
const STAGING = fixture("staging");
const PRODUCTION = fixture("production");

/** The fixture's own `heroku-app:` entries, read without the program's loader. */
function stackFileEntries(stack: string): Record<string, unknown> {
  const doc = parse(fs.readFileSync(fixture(stack), "utf8"));
  return Object.fromEntries(
    Object.entries(doc.config).map(([key, value]) => [key.replace(/^heroku-app:/, ""), value]),
  );
}

async function command(argv: string[], context: CommandContext = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runPlanCommand(
    argv,
    { out: (text) => out.push(text), err: (text) => err.push(text) },
    {
      load: loadProgram,
      ...context,
    },
  );
  return { status, out: out.join(""), err: err.join("") };
}

const scratchDirIn = scratchDirs();
const scratchDir = () => scratchDirIn("plans-");

describe("the plan tree", () => {
  test("shows the component, every resource under it, options, dependencies and outputs", async () => {
    const report = await plan(PRODUCTION);
    const lines = renderTree(report).split("\n");
    const file = stackFileEntries("production");
    expect(lines[0]).toMatch(
      /^heroku-app\/production \(test\/fixtures\/Pulumi\.production\.yaml\): 13 resources/,
    );
    expect(lines).toContain("heroku: heroku-app:index:HerokuEnvironment (component)");
    const children = report.plan.resources.filter((resource) => resource.parent === "heroku");
    for (const [index, child] of children.entries()) {
      const branch = index === children.length - 1 ? "└─ " : "├─ ";
      expect(
        lines.filter((line) => line.startsWith(`${branch}${child.name}: ${child.type}`)),
      ).toHaveLength(1);
    }
    expect(lines).toContain("├─ heroku-app: heroku:app/app:App [protect]");
    expect(lines).toContain(
      "├─ heroku-config: heroku:app/configAssociation:ConfigAssociation [replaceOnChanges: appId, deletedWith: heroku-app]",
    );
    expect(lines).toContain(
      "└─ heroku-coupling: heroku:pipeline/coupling:Coupling [deleteBeforeReplace, deletedWith: heroku-app]",
    );
    expect(lines).toContain(
      "├─ heroku-addon-database: heroku:addon/addon:Addon [protect, retainOnDelete]",
    );
    expect(lines).toContain("│     depends on: heroku-release");
    const web = (file.formation as Record<string, { quantity: number; size: string }>).web;
    expect(lines).toContain(`│     quantity: ${web.quantity}`);
    expect(lines).toContain(`│     size: "${web.size}"`);
    const outputs = lines.slice(lines.indexOf("outputs:") + 1).join("\n");
    for (const key of Object.keys(report.plan.outputs)) expect(outputs).toContain(`   ${key}:`);
  });

  test("prints values only a deployment knows as placeholders, never a mock's invention", async () => {
    const tree = renderTree(await plan(PRODUCTION));
    expect(tree).toContain("slugId: (known after deploy: organization/heroku-app/staging.slugId)");
    expect(tree).toContain("appId: (known after deploy: heroku-app.id)");
    expect(tree).not.toMatch(/"\(known after deploy/); // a placeholder is never quoted as if configured
  });

  test("warns as the program does (a deprecated Heroku stack), in the tree and the JSON", async () => {
    const file = loadStackFile(writeStackFile("old", "config:\n  heroku-app:stack: heroku-22\n"));
    const report = await plan(file.source);
    // The program names its stack file Pulumi.<stack>.yaml, wherever the file was read from.
    const warnings = stackFileConfig(file).warnings.map((warning) =>
      warning.replace(file.source, "Pulumi.old.yaml"),
    );
    expect(warnings.length).toBeGreaterThan(0);
    expect(report.warnings).toEqual(warnings);
    for (const warning of warnings) expect(renderTree(report)).toContain(`warning: ${warning}`);
    expect(planToJson(report).warnings).toEqual(warnings);
  });
});

describe("secrets", () => {
  test("a generated secret the mocks resolved is masked in the tree, Markdown and JSON", async () => {
    // Strict mocks invent a real SESSION_SECRET value; the renderers must still hide it.
    const run = await runStack(STAGING);
    expect(run.log.generatedSecrets).toHaveLength(1);
    const report = { plan: await toPlan(loadStackFile(STAGING), run), warnings: [] };
    const json = planToJson(report);
    for (const text of [renderTree(report), renderMarkdown(report), JSON.stringify(json)]) {
      expect(text).not.toContain(run.log.generatedSecrets[0]);
    }
    expect(renderTree(report)).toContain(`sensitiveVars: { SESSION_SECRET: ${SECRET_MARK} }`);
    const config = json.resources.find((resource) => resource.name === "heroku-config");
    expect(config?.inputs.sensitiveVars).toEqual({ SESSION_SECRET: SECRET_MARK });
  });

  test("a `secure:` value from a stack file prints only as [secret]", async () => {
    const ciphertext = "v1:AAAAAAAAAAAAAAAAnot-decryptable-here";
    expect(fs.readFileSync(EXTRAS, "utf8")).toContain(ciphertext);
    const yaml = `config:\n  heroku-app:sensitiveVars:\n    SENTRY_DSN:\n      secure: ${ciphertext}\n`;
    for (const file of [EXTRAS, writeStackFile("secure-var", yaml)]) {
      const report = await plan(file);
      const json = planToJson(report);
      for (const text of [renderTree(report), JSON.stringify(json)]) {
        expect(text).not.toContain(ciphertext);
        expect(text).not.toContain(UNKNOWN_SECRET);
      }
      const inputs = json.resources.map((resource) => resource.inputs);
      expect(JSON.stringify(inputs)).toContain(SECRET_MARK);
    }
  });
});

describe("--json", () => {
  test("one object per resource: type, name, parent, inputs, dependsOn, protect", async () => {
    const { status, out } = await command([PRODUCTION, "--json"]);
    expect(status).toBe(0);
    const json = JSON.parse(out);
    expect(json).toEqual(planToJson(await plan(PRODUCTION)));
    for (const resource of json.resources) {
      expect(Object.keys(resource).sort()).toEqual(
        [
          "custom",
          "deleteBeforeReplace",
          "deletedWith",
          "dependsOn",
          "import",
          "inputs",
          "name",
          "parent",
          "protect",
          "replaceOnChanges",
          "retainOnDelete",
          "type",
        ].sort(),
      );
    }
    const names = new Set(json.resources.map(({ name }: { name: string }) => name));
    for (const { parent, dependsOn } of json.resources) {
      if (parent !== null) expect(names).toContain(parent);
      for (const name of dependsOn) expect(names).toContain(name);
    }
    const app = json.resources.find(({ name }: { name: string }) => name === "heroku-app");
    expect(app.protect).toBe(stackFileEntries("production").protect);
  });
});

describe("a stack name with no stack file", () => {
  /** A project of its own, so the stack names are these, not the user's. */
  function projectOfItsOwn(): string {
    const projectDir = scratchDir();
    for (const stack of ["staging", "production"]) {
      fs.copyFileSync(fixture(stack), path.join(projectDir, `Pulumi.${stack}.yaml`));
    }
    fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(projectDir, "Pulumi.yaml"));
    return projectDir;
  }

  test("that isn't a review stack is refused as a typo, with the nearest name; --new plans it", async () => {
    const projectDir = projectOfItsOwn();
    const refused = await command(["stagign"], { projectDir });
    expect(refused).toEqual({
      status: 1,
      out: "",
      err: "plan: no stack file Pulumi.stagign.yaml (stacks here: production, staging). Did you mean staging? To plan a new stack from the defaults on purpose, add --new.\n",
    });
    expect((await command(["zzzzzzzzzzzz"], { projectDir })).err).not.toContain("Did you mean");
    const planned = await command(["qa-9", "--new", "--json"], { projectDir });
    expect({ status: planned.status, err: planned.err }).toEqual({ status: 0, err: "" });
    expect(JSON.parse(planned.out).stack).toBe("qa-9");
  });

  test("plans what a new stack of that name gets from the defaults, and says so", async () => {
    const projectDir = projectOfItsOwn();
    const { status, out, err } = await command(["review-42", "--json"], { projectDir });
    expect({ status, err }).toEqual({ status: 0, err: "" });
    const json = JSON.parse(out);
    expect(json.stack).toBe("review-42");
    expect(json.warnings[0]).toBe(
      `Pulumi.review-42.yaml doesn't exist: this is what a new stack named "review-42" gets from the defaults (stacks with a file: ${listStacks(projectDir).join(", ")})`,
    );
    const inputs = (name: string) =>
      json.resources.find((resource: { name: string }) => resource.name === name)?.inputs;
    // The defaults: a review app, coupled to staging's pipeline, a build of app/, one basic web dyno.
    expect(inputs("heroku-coupling")).toEqual({
      appId: "(known after deploy: heroku-app.id)",
      pipeline: "(known after deploy: organization/heroku-app/staging.pipelineId)",
      stage: "review",
    });
    expect(inputs("heroku-build")).toBeDefined();
    expect(inputs("heroku-formation-web")).toMatchObject({ quantity: 1, size: "basic" });
    const tree = await command(["review-42"], { projectDir });
    expect(tree.out).toContain("warning: Pulumi.review-42.yaml doesn't exist");
  });

  test("a path that doesn't exist, or a name no stack can have, is still an error", async () => {
    const missing = path.join(scratchDir(), "Pulumi.gone.yaml");
    for (const [argv, message] of [
      [[missing], "no such stack file"],
      [["not a stack"], '"not a stack" is not a stack name'],
    ] as const) {
      const { status, err } = await command([...argv]);
      expect(status).toBe(1);
      expect(err).toContain(message);
    }
  });
});

describe("import ids", () => {
  test("the tree shows each resource's import id and counts them; the JSON has `import`", async () => {
    const adopted = path.join(FIXTURES_DIR, "Pulumi.adopted.yaml");
    const report = await plan(adopted);
    const tree = renderTree(report);
    expect(tree.split("\n")[0]).toMatch(/: 13 resources, 12 custom, 1 component, 9 to import$/);
    expect(tree).toContain("│     import id: 1a2b3c4d-0000-4000-8000-00000000a001:web");
    const json = planToJson(report);
    const app = json.resources.find((resource) => resource.name === "heroku-app");
    expect(app?.import).toBe("1a2b3c4d-0000-4000-8000-00000000a001");
    const config = json.resources.find((resource) => resource.name === "heroku-config");
    expect(config?.import).toBeNull();
    // No import ids, no import line or count: the shipped stacks plan as before.
    expect(renderTree(await plan(fixture("staging")))).not.toMatch(/import/);
  });
});

describe("--diff: environment parity", () => {
  test("compares formation, config vars, features, add-ons and deploy mode from the stack files", async () => {
    const [staging, production] = ["staging", "production"].map(stackFileEntries);
    const rows = settingRows(
      stackFileConfig(loadStackFile(STAGING)).config,
      stackFileConfig(loadStackFile(PRODUCTION)).config,
    );
    const row = (setting: string) => rows.find((candidate) => candidate.setting === setting);
    const formation = (entries: Record<string, unknown>, type: string) => {
      const { quantity, size } = (
        entries.formation as Record<string, { quantity: number; size: string }>
      )[type];
      return `${quantity} × ${size}`;
    };
    expect(row("formation `web`")).toEqual({
      setting: "formation `web`",
      a: formation(staging, "web"),
      b: formation(production, "web"),
    });
    for (const [name, value] of Object.entries(staging.configVars as Record<string, string>)) {
      expect(row(`config var \`${name}\``)?.a).toBe(value);
      expect(row(`config var \`${name}\``)?.b).toBe(
        (production.configVars as Record<string, string>)[name],
      );
    }
    expect(row("feature `preboot`")).toEqual({
      setting: "feature `preboot`",
      a: undefined,
      b: "on",
    });
    expect(row("deploy")).toEqual({
      setting: "deploy",
      a: "build of app/",
      b: "promote from staging",
    });

    const { status, out } = await command([STAGING, "--diff", PRODUCTION]);
    expect(status).toBe(0);
    const differs = out.slice(out.indexOf("### Differs"), out.indexOf("### Same in both"));
    const same = out.slice(out.indexOf("### Same in both"), out.indexOf("### Resources"));
    expect(differs).toMatch(/\| config var `LOG_LEVEL` +\| `debug` +\| `info` +\|/);
    expect(same).toMatch(/\| config var `NODE_ENV` +\| `production` +\|/);
    expect(out).toMatch(/\| `heroku-build` +\| `heroku:build\/build:Build` +\| — +\|/);
    expect(prettierFormatSnapshot(out, "parity.md")).toBe(out);
  });

  test("names secret config vars and drains, never their values", async () => {
    const report = renderParity(
      { config: stackFileConfig(loadStackFile(EXTRAS)).config, plan: (await plan(EXTRAS)).plan },
      {
        config: stackFileConfig(loadStackFile(STAGING)).config,
        plan: (await plan(STAGING)).plan,
      },
    );
    expect(report).toMatch(/\| log drain `papertrail` +\| `\[secret\]` +\| — +\|/);
    expect(report).not.toContain("not-decryptable");
    expect(report).not.toContain(UNKNOWN_SECRET);
  });
});

describe("bad config", () => {
  test("exits 1, prints every problem on its own line, registers nothing", async () => {
    const file = writeStackFile("broken", BROKEN);
    const { source } = loadStackFile(file);
    let problems: readonly string[] = [];
    try {
      stackFileConfig(loadStackFile(file));
    } catch (error) {
      problems = (error as StackConfigError).problems.map((problem) =>
        problem.replace(source, "Pulumi.broken.yaml"),
      );
    }
    expect(problems).toHaveLength(2);
    const { status, out, err } = await command([file]);
    expect(status).toBe(1);
    expect(out).toBe("");
    const lines = err.split("\n");
    for (const problem of problems) expect(lines).toContain(problem);
    const failure = await plan(file).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OfflineRunError);
    expect((failure as OfflineRunError).registrations).toEqual([]);
  });

  test("--write is all or nothing: one bad stack and no snapshot is written", async () => {
    const dir = scratchDir();
    const broken = writeStackFile("broken", BROKEN);
    const failed = await command(["--write"], { stacks: () => [STAGING, broken], plansDir: dir });
    expect(failed.status).toBe(1);
    expect(failed.err).toContain("nothing written");
    expect(fs.readdirSync(dir)).toEqual([]);

    const written = await command(["--write"], { stacks: () => [STAGING], plansDir: dir });
    expect(written.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, "staging.md"), "utf8")).toBe(
      renderMarkdown(await plan(STAGING)),
    );
    expect((await command(["--check"], { stacks: () => [STAGING], plansDir: dir })).status).toBe(0);
    fs.appendFileSync(path.join(dir, "staging.md"), "edited by hand\n");
    const stale = await command(["--check"], { stacks: () => [STAGING], plansDir: dir });
    expect(stale.status).toBe(1);
    expect(stale.err).toContain(REFRESH_COMMAND);
  });
});

describe("--policy", () => {
  test("prints each violation and exits 1; exits 0 when there is none", async () => {
    expect((await command([STAGING, "--policy"])).status).toBe(0);
    const { status, err } = await command([
      path.join(FIXTURES_DIR, "policy", "Pulumi.one-web-dyno.yaml"),
      "--policy",
    ]);
    expect(status).toBe(1);
    expect(err).toMatch(
      /^policy: one-web-dyno: \[production-web-dynos\] heroku-formation-web: production runs 1 web dyno, so a restart or a crash takes the site down; .*formation\.web\.quantity/m,
    );
  });
});

describe("the command line", () => {
  test("bad arguments exit 2 with the usage", async () => {
    for (const argv of [
      ["--write", "staging"],
      ["staging", "--diff"],
      ["a", "b", "--diff", "c"],
      ["--json", "--markdown"],
      ["--nope"],
      ["--against"],
      ["staging", "--against", "main", "--policy"],
      ["--against", "main", "--write"],
      ["staging", "--diff", "production", "--against", "main"],
    ]) {
      const { status, err } = await command(argv);
      expect({ argv, status }).toEqual({ argv, status: 2 });
      expect(err).toContain("usage: npm run plan");
    }
  });
});
