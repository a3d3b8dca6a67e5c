import * as fs from "fs";
import * as path from "path";
import { StackConfigError } from "../../src/program/config/parse";
import { stackFileConfig } from "../../src/stack-files/config";
import { StackFileError, loadStackFile } from "../../src/stack-files/load";
import { FIXTURES_DIR } from "../support/paths";
import { planCommand } from "../support/plans";

/**
 * The corpus of bad stack files (test/fixtures/invalid/): each one is refused, before anything is
 * registered, with the problems its `# expect:` lines name — file and key included, one problem
 * per line, no stack trace. A new class of bad input is a new file here.
 */

const CORPUS = path.join(FIXTURES_DIR, "invalid");
const fixtures = fs.readdirSync(CORPUS).filter((file) => /^Pulumi\..+\.yaml$/.test(file));

/** Every problem the loader or the config parser reports for a stack file; none if it is accepted. */
function problemsOf(file: string): string[] {
  try {
    stackFileConfig(loadStackFile(file));
    return [];
  } catch (error) {
    if (error instanceof StackFileError || error instanceof StackConfigError) {
      return [...error.problems];
    }
    throw error;
  }
}

test("the corpus has a fixture per class of bad input, each saying what it expects", () => {
  expect(fixtures.length).toBeGreaterThanOrEqual(20);
});

describe.each(fixtures)("%s", (fixture) => {
  const file = path.join(CORPUS, fixture);
  const expected = [...fs.readFileSync(file, "utf8").matchAll(/^# expect: (.+)$/gm)].map(
    ([, text]) => text,
  );

  test("is refused with every expected problem, each naming the file", () => {
    expect(expected.length).toBeGreaterThan(0);
    const problems = problemsOf(file);
    for (const text of expected) {
      expect(problems).toContainEqual(expect.stringContaining(text));
    }
    for (const problem of problems) {
      expect(problem).toMatch(new RegExp(`^(\\.\\./)*.*${fixture.replace(/\./g, "\\.")}: `));
      expect(problem).not.toMatch(/\n|\bat .+:\d+:\d+/);
    }
  });
});

test("npm run plan refuses such a file with exit 1, where it used to plan a default review app", async () => {
  const planned = await planCommand([path.join(CORPUS, "Pulumi.no-config.yaml"), "--policy"]);
  expect(planned.status).toBe(1);
  expect(planned.out).toBe("");
  expect(planned.err).toMatch(
    /^plan: .*Pulumi\.no-config\.yaml: can't be planned \(3 problems\):\n/,
  );
  expect(planned.err).toContain("has no `config:` map");
  expect(planned.err).not.toMatch(/\bat .+:\d+:\d+/);
});
