import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR } from "../../src/program/paths";
import { listStacks, loadStackFile } from "../../src/stack-files/load";
import { PulumiWorkspace } from "../support/pulumi-cli";

/**
 * Every stack file the loader accepts (the project's own, whatever they are, and the fixtures)
 * reaches the program as the real Pulumi CLI hands it over: the same keys, Pulumi.yaml's defaults
 * included, the same text for each plaintext value, the same keys marked secret. And Pulumi.yaml's
 * `requiredPulumiVersion` is a range the real CLI enforces and the pinned CLI satisfies.
 */

const FIXTURE_DIRS = ["test/fixtures", "test/fixtures/policy", "test/fixtures/local"];

function stackFiles(): [string, string][] {
  const own = listStacks().map((stack) => path.join(PROJECT_DIR, `Pulumi.${stack}.yaml`));
  const fixtures = FIXTURE_DIRS.flatMap((dir) =>
    fs
      .readdirSync(path.join(PROJECT_DIR, dir))
      .filter((file) => /^Pulumi\..+\.yaml$/.test(file))
      .map((file) => path.join(PROJECT_DIR, dir, file)),
  );
  return [...own, ...fixtures]
    .filter((file) => {
      try {
        loadStackFile(file);
        return true;
      } catch {
        return false; // refused: the refusals are held to the CLI by stack-file-values.test.ts
      }
    })
    .map((file) => [path.relative(PROJECT_DIR, file), file]);
}

let workspace: PulumiWorkspace;
beforeAll(() => {
  workspace = new PulumiWorkspace();
});
afterAll(() => workspace?.dispose());

interface CliEntry {
  value?: string;
  secret: boolean;
}

test.each(stackFiles())("%s: the loader's config is the CLI's", (_, file) => {
  const loaded = loadStackFile(file);
  const stack = `s${fs.readdirSync(workspace.projectDir).length}`;
  fs.copyFileSync(file, workspace.stackFile(stack));
  workspace.ok(["stack", "init", stack, "--secrets-provider", "passphrase"]);
  const cli = JSON.parse(workspace.ok(["config", "--json", "--stack", stack])) as Record<
    string,
    CliEntry
  >;

  expect(Object.keys(loaded.config).sort()).toEqual(Object.keys(cli).sort());
  const secret = (entries: [string, boolean][]) =>
    entries.filter(([, isSecret]) => isSecret).map(([key]) => key);
  expect(loaded.secretKeys.sort()).toEqual(
    secret(Object.entries(cli).map(([key, entry]) => [key, entry.secret])).sort(),
  );
  for (const [key, entry] of Object.entries(cli)) {
    if (!entry.secret)
      expect({ key, value: loaded.config[key] }).toEqual({ key, value: entry.value });
  }
});

describe("requiredPulumiVersion", () => {
  const project = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8");
  const preview = (projectYaml: string) => {
    const scratch = new PulumiWorkspace(projectYaml);
    try {
      scratch.ok(["stack", "init", "gate", "--secrets-provider", "passphrase"]);
      return scratch.run(["preview", "--stack", "gate"]);
    } finally {
      scratch.dispose();
    }
  };

  test("the pinned CLI satisfies Pulumi.yaml's range", () => {
    expect(project).toMatch(/^requiredPulumiVersion: /m);
    // Past the gate, preview goes on to the program (and, without a language host, stops there).
    const result = preview(project);
    expect(result.stderr).not.toMatch(/does not satisfy the version range/);
    expect(result.stdout).toMatch(/Previewing update \(gate\)/);
  });

  test("the real CLI refuses a range it doesn't satisfy, so the pin is enforced", () => {
    const tooNew = project.replace(
      /^requiredPulumiVersion: .*$/m,
      'requiredPulumiVersion: ">=99.0.0"',
    );
    const result = preview(tooNew);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/does not satisfy the version range ">=99.0.0"/);
  });
});
