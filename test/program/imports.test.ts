import * as path from "path";
import { StackConfigError } from "../../src/program/config/parse";
import { IMPORT_ID_FORMATS, importOptions } from "../../src/program/import-ids";
import { stackFileConfig } from "../../src/stack-files/config";
import { loadStackFile } from "../../src/stack-files/load";
import { runStack } from "../support/harness";
import type { StackRun } from "../support/harness";
import { FIXTURES_DIR } from "../support/paths";
import { writeStackFile } from "../support/stack-files";

/**
 * Adopting existing resources: the `import` key of a stack file (written by `npm run adopt`)
 * reaches each resource as Pulumi's `import` option, and every id must name something the
 * stack declares, in the provider's format — nothing accepted and ignored.
 */

const ADOPTED = path.join(FIXTURES_DIR, "Pulumi.adopted.yaml");
const APP = "1a2b3c4d-0000-4000-8000-00000000a001";

function problemsOf(yaml: string): string[] {
  try {
    stackFileConfig(loadStackFile(writeStackFile("imp", yaml)));
  } catch (error) {
    if (error instanceof StackConfigError)
      return error.problems.map((p) => p.replace(/^.*?: /, ""));
    throw error;
  }
  throw new Error("the config was accepted");
}

describe("an adopted stack under the program", () => {
  let run: StackRun;
  beforeAll(async () => {
    run = await runStack(ADOPTED);
  });

  test("each importable resource carries its id as the import option; the rest are created", () => {
    const imports = Object.fromEntries(
      run.registrations.filter((r) => r.import !== undefined).map((r) => [r.name, r.import]),
    );
    expect(imports).toEqual({
      "heroku-app": APP,
      "heroku-pipeline": "1a2b3c4d-0000-4000-8000-00000000a002",
      "heroku-coupling": "1a2b3c4d-0000-4000-8000-00000000a003",
      "heroku-formation-web": `${APP}:web`,
      "heroku-formation-worker": "acme-shop:worker",
      "heroku-addon-database": "postgresql-shiny-31337",
      "heroku-domain-shop-acme-test": `${APP}:shop.acme.test`,
      "heroku-drain-logs": `${APP}:d.5e6f7a8b:sensitive`,
      "heroku-feature-preboot": `${APP}:preboot`,
    });
    // Config vars can't be imported; the release is made anew (its import would read a release
    // the first up's config change has already replaced).
    const created = run.registrations.filter((r) => r.custom && r.import === undefined);
    expect(created.map(({ name }) => name).sort()).toEqual([
      "heroku-config",
      "heroku-release",
      "heroku-session-secret",
    ]);
  });

  test("the names the import must keep are set: the app's, the add-on's; the release's description", async () => {
    expect(await run.input("heroku-app", "name")).toBe("acme-shop");
    expect(run.registrations.map(({ name }) => name)).not.toContain("heroku-name-suffix");
    expect(await run.input("heroku-addon-database", "name")).toBe("postgresql-shiny-31337");
    expect(await run.input("heroku-release", "slugId")).toBe(
      "7c0e2f4a-1b3d-4e5f-8a9b-0c1d2e3f4a5b",
    );
    expect(await run.input("heroku-release", "description")).toBe("Deploy 9f8e7d6");
  });

  test("without import ids, nothing is imported, and a pinned slug keeps the usual description", async () => {
    const plain = await runStack(
      writeStackFile(
        "pinned",
        "config:\n  heroku-app:deploy:\n    slugId: 7c0e2f4a-1b3d-4e5f-8a9b-0c1d2e3f4a5b\n",
      ),
    );
    expect(plain.registrations.every((r) => r.import === undefined)).toBe(true);
    expect(await plain.input("heroku-release", "description")).toBe(
      "Release pinned slug 7c0e2f4a-1b3d-4e5f-8a9b-0c1d2e3f4a5b",
    );
    expect(plain.get("heroku-app").props.name).toBeDefined();
  });
});

describe("import ids are checked", () => {
  test("importOptions spreads nothing without an id", () => {
    expect(importOptions(undefined)).toEqual({});
    expect(importOptions("x")).toEqual({ import: "x" });
  });

  test.each([
    ["app", "acme-shop", true],
    ["app", "Acme Shop", false],
    ["formation", `${APP}:web`, true],
    ["formation", "web", false],
    ["drains", `${APP}:d.123:sensitive`, true],
    ["drains", `${APP}:d.123`, false], // the URL would land in `url`, not `sensitiveUrl`
    ["features", `${APP}:preboot`, true],
    ["features", "acme-shop:preboot", false], // an app name replaces the feature
    ["coupling", APP, true],
    ["coupling", "acme-shop", false],
  ] as const)("%s: %s → %s", (kind, id, valid) => {
    expect(IMPORT_ID_FORMATS[kind].pattern.test(id)).toBe(valid);
  });

  test("a malformed id names the key and the form it should have", () => {
    expect(
      problemsOf(
        `config:\n  heroku-app:appName: acme-shop\n  heroku-app:import:\n    app: ${APP}\n    features:\n      preboot: acme-shop:preboot\n`,
      ),
    ).toEqual([
      'heroku-app:import.features.preboot: "acme-shop:preboot" is not an import id of the form <app UUID>:<feature name> (an app name would land in appId and replace the feature)',
    ]);
  });

  test("an id of something the stack doesn't declare is refused, each on its own line", () => {
    const yaml = `config:
  heroku-app:stage: production
  heroku-app:deploy:
    promoteFrom: staging
  heroku-app:addons:
    database:
      plan: heroku-postgresql:essential-0
  heroku-app:import:
    app: ${APP}
    pipeline: 1a2b3c4d-0000-4000-8000-00000000a002
    formation:
      clock: ${APP}:clock
      worker: ${APP}:web
    addons:
      database: postgresql-shiny-31337
      cache: redis-round-123
    domains:
      www.acme.test: ${APP}:www.acme.test
    drains:
      logs: ${APP}:d.5e6f7a8b:sensitive
    features:
      preboot: 99999999-0000-4000-8000-000000000000:preboot
`;
    expect(problemsOf(yaml).sort()).toEqual(
      [
        "heroku-app:import.app: needs appName set to the existing app's name, or the import would rename the app",
        'heroku-app:import.formation.clock: app/Procfile has no process type "clock" (it declares web, worker)',
        'heroku-app:import.formation.worker: imports process type "web" into formation.worker',
        'heroku-app:import.addons.cache: no add-on "cache" under addons: add it, or drop this id',
        "heroku-app:addons.database.name: an imported add-on needs its existing name here, or the import would rename it",
        'heroku-app:import.domains.www.acme.test: "www.acme.test" is not in domains: add it, or drop this id',
        "heroku-app:import.drains.logs: drain \"logs\" has no URL yet: set it with `pulumi config set --secret --path 'drains.logs' --stack imp` (`heroku drains --json` shows it), or drop this id",
        'heroku-app:import.features.preboot: feature "preboot" is not under features: add it, or drop this id',
        `heroku-app:import.features.preboot: names the app "99999999-0000-4000-8000-000000000000", not the imported one (${APP})`,
        'heroku-app:import.pipeline: only the staging stack declares a pipeline; this stack\'s stage is "production"',
      ].sort(),
    );
  });

  test("ids naming another app than the imported one are refused", () => {
    const yaml = `config:
  heroku-app:appName: acme-shop
  heroku-app:import:
    app: ${APP}
    formation:
      web: acme-other:web
`;
    expect(problemsOf(yaml)).toEqual([
      `heroku-app:import.formation.web: names the app "acme-other", not the imported one (${APP})`,
    ]);
  });

  test("ids without the app's own are refused: the app is imported with its parts", () => {
    expect(problemsOf(`config:\n  heroku-app:import:\n    coupling: ${APP}\n`)).toEqual([
      "heroku-app:import: imports resources of an app that isn't imported: add import.app (the app's UUID)",
    ]);
  });

  test("a release description goes with a pinned slug only; an add-on name must be Heroku's", () => {
    expect(
      problemsOf(
        "config:\n  heroku-app:deploy:\n    promoteFrom: staging\n    description: Deploy 1\n  heroku-app:stage: production\n  heroku-app:protect: true\n  heroku-app:addons:\n    db:\n      plan: heroku-postgresql:essential-0\n      name: 9lives\n",
      ),
    ).toEqual([
      "heroku-app:deploy.description: goes with slugId only (the release of a pinned slug)",
      'heroku-app:addons.db.name: "9lives" is not an add-on name (a letter, then letters, digits, - or _)',
    ]);
  });
});
