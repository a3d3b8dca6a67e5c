import * as fs from "fs";
import * as path from "path";
import { bringBackCommands, goneResources } from "../../src/drift/gone";
import { driftReport } from "../../src/drift/summary";
import type { PreviewDigest } from "../../src/drift/summary";
import { PROJECT_DIR } from "../support/paths";

/**
 * Resources deleted by hand, recognised by the shape of the refresh's failure (the engine's
 * "refreshing <urn>: 1 error occurred:", then the provider's error ending in Go's `Get "<url>":`
 * and Heroku's "Couldn't find that …"), whatever the resource. The engine tier
 * (test/engine/gone.test.ts) makes them for real; these hold the recognition to what else the
 * provider's reads that treat a 404 as an error would print.
 */

const urn = (type: string, name: string) =>
  `urn:pulumi:staging::heroku-app::heroku-app:index:HerokuEnvironment$${type}::${name}`;
const PIPELINE = urn("heroku:pipeline/pipeline:Pipeline", "heroku-pipeline");
const COUPLING = urn("heroku:pipeline/coupling:Coupling", "heroku-coupling");
const WORKER = urn("heroku:formation/formation:Formation", "heroku-formation-worker");

/** What the engine prints for one failed refresh, in the Diagnostics section of its text output. */
const failedRefresh = (resource: string, error: string) =>
  `    error: Preview failed: refreshing ${resource}: 1 error occurred:\n    \t* ${error}\n\n`;
const notFound = (what: string, route: string, answer: string) =>
  `Error retrieving ${what}: Get "https://api.heroku.com${route}": ${answer}`;

test("the engine's own digest: the domain and the drain deleted by hand are drift, with the commands", () => {
  // Printed by pulumi v3.248.0 (`npm run sandbox -- preview gone --refresh --expect-no-changes
  // --json`, trimmed to the fields read here) after `heroku domains:remove` and `drains:remove`.
  const file = path.join(PROJECT_DIR, "test", "fixtures", "drift", "preview-refresh-gone.json");
  const digest = JSON.parse(fs.readFileSync(file, "utf8")) as PreviewDigest;
  const { failed, markdown } = driftReport("gone", digest, 255);
  expect(failed).toBe(true);
  const rows = markdown.split("\n").filter((line) => line.startsWith("| `"));
  expect(rows).toEqual([
    '| `heroku-domain-shop-example-com` | `heroku:domain/domain:Domain` | gone: deleted by hand (Heroku: "Couldn\'t find that domain.") | — |',
    '| `heroku-drain-papertrail` | `heroku:drain/drain:Drain` | gone: deleted by hand (Heroku: "Couldn\'t find that drain.") | — |',
  ]);
  expect(markdown).toContain("someone deleted them by hand");
  expect(markdown).toMatch(/```bash\npulumi state delete '[^']+heroku-domain-shop-example-com'/);
  // Explained, so not quoted: neither the provider's words nor the engine's "preview failed".
  expect(markdown).not.toContain("sdk-v2");
  expect(markdown).not.toContain("preview failed");
  // Nor is the fix `up --refresh` alone, which would stop at the same reads.
  expect(markdown).not.toContain("The next deploy of main");
});

test("any resource whose read says Heroku has no such thing, not a list of types", () => {
  const output =
    failedRefresh(
      WORKER,
      notFound("formation", "/apps/1/formation/2", "Couldn't find that process type (worker)."),
    ) +
    failedRefresh(PIPELINE, notFound("pipeline", "/pipelines/3", "Couldn't find that pipeline.")) +
    failedRefresh(
      COUPLING,
      notFound(
        "pipeline coupling",
        "/pipeline-couplings/4",
        "Couldn't find that pipeline coupling.",
      ),
    );
  expect(goneResources(output)).toEqual([
    {
      urn: COUPLING,
      name: "heroku-coupling",
      type: "heroku:pipeline/coupling:Coupling",
      answer: "Couldn't find that pipeline coupling.",
    },
    {
      urn: WORKER,
      name: "heroku-formation-worker",
      type: "heroku:formation/formation:Formation",
      answer: "Couldn't find that process type (worker).",
    },
    {
      urn: PIPELINE,
      name: "heroku-pipeline",
      type: "heroku:pipeline/pipeline:Pipeline",
      answer: "Couldn't find that pipeline.",
    },
  ]);
});

test("what depends on a gone resource leaves the state first, or the CLI refuses the delete", () => {
  const output =
    failedRefresh(PIPELINE, notFound("pipeline", "/pipelines/3", "Couldn't find that pipeline.")) +
    failedRefresh(
      COUPLING,
      notFound("coupling", "/pipeline-couplings/4", "Couldn't find that pipeline coupling."),
    );
  const dependencies = new Map([[COUPLING, [PIPELINE, urn("heroku:app/app:App", "heroku-app")]]]);
  expect(bringBackCommands(goneResources(output), "staging", dependencies)).toEqual([
    `pulumi state delete '${COUPLING}' --stack staging --yes`,
    `pulumi state delete '${PIPELINE}' --stack staging --yes`,
    "pulumi up --refresh --stack staging",
  ]);
});

test("the CLI's text, with its colour markup and the progress lines that repeat the error, counts each once", () => {
  const domain = urn("heroku:domain/domain:Domain", "heroku-domain-x");
  const error = notFound("domain", "/apps/1/domains/5", "Couldn't find that domain.");
  const output = [
    ` ~  heroku:domain:Domain heroku-domain-x refreshing error: Preview failed: refreshing ${domain}: 1 error occurred:`,
    " ~  heroku:app:App heroku-app refresh",
    "Diagnostics:",
    "  heroku:domain:Domain (heroku-domain-x):",
    `    <{%fg 1%}>error: <{%reset%}>Preview failed: refreshing ${domain}: 1 error occurred:`,
    `    \t* ${error}<{%reset%}>`,
    "",
  ].join("\n");
  expect(goneResources(output).map((resource) => resource.answer)).toEqual([
    "Couldn't find that domain.",
  ]);
});

test("a refresh that failed for any other reason is not called gone, and its error is quoted", () => {
  const app = urn("heroku:app/app:App", "heroku-app");
  const output =
    failedRefresh(app, `Get "https://api.heroku.com/apps/1": Invalid credentials provided.`) +
    failedRefresh(app, `Get "https://api.heroku.com/apps/1": The API is temporarily unavailable.`) +
    // A 404 of the route itself (no such endpoint) is no deleted resource.
    failedRefresh(
      app,
      `Get "https://api.heroku.com/nope": The requested API endpoint was not found.`,
    );
  expect(goneResources(output)).toEqual([]);
  const report = driftReport(
    "staging",
    { steps: [], diagnostics: [{ severity: "error", urn: app, message: output }] },
    255,
  );
  expect(report.markdown).toContain("The preview failed (exit 255)");
  expect(report.markdown).toContain("Invalid credentials provided.");
  expect(report.markdown).not.toContain("state delete");
});
