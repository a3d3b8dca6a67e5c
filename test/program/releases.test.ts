import { resolve } from "../../src/plan/mock-run";
import { loadStackFile } from "../../src/stack-files/load";
import { STAGING_OUTPUTS, STAGING_REFERENCE, runStack } from "../support/harness";
import { fixture } from "../support/paths";

/** The extras stack deployed before, in place: its app exists where it is configured. */
const EXTRAS_UPSTREAM = {
  [STAGING_REFERENCE]: STAGING_OUTPUTS,
  "organization/heroku-app/extras": { appPlacement: "eu, team acme" },
};

describe("a review stack from a file holding only its differences", () => {
  test("gets an auto name, a small formation, a build, and couples to staging's pipeline as review", async () => {
    const run = await runStack(fixture("review-123"));
    expect(await run.input("heroku-app", "name")).toMatch(/^heroku-app-review-123-[a-z0-9]{6}$/);
    expect(run.ofType("heroku:build/build:Build")).toHaveLength(1);
    expect(await run.input("heroku-formation-web", "quantity")).toBe(1);
    expect(await run.input("heroku-formation-web", "size")).toBe("basic");
    expect(await run.input("heroku-formation-worker", "quantity")).toBe(0);
    expect(await run.input("heroku-coupling", "stage")).toBe("review");
    expect(await run.input("heroku-coupling", "pipeline")).toBe(STAGING_OUTPUTS.pipelineId);
    expect(run.ofType("heroku:pipeline/pipeline:Pipeline")).toEqual([]);
    expect(run.get("heroku-app").protect).toBe(false);
  });
});

describe("a pinned slug (rollback)", () => {
  test("releases exactly that slug, whatever staging has, and scales after it", async () => {
    const run = await runStack(fixture("rollback"));
    const pinned = "2f0f1b9e-58a4-4c1e-9f0b-7d3c2a1e6b55";
    expect(await run.input("heroku-release", "slugId")).toBe(pinned);
    expect(await run.input("heroku-release", "description")).toContain(pinned);
    expect(run.ofType("heroku:build/build:Build")).toEqual([]);
    expect(run.get("heroku-formation-web").dependsOn).toEqual(["heroku-release"]);
    expect((await run.output("origin")).value).toEqual({ mode: "slug", slugId: pinned });
    // Staging is still read, for the pipeline only.
    expect(await run.input("heroku-coupling", "pipeline")).toBe(STAGING_OUTPUTS.pipelineId);
  });
});

describe("per-stack extras", () => {
  let run: Awaited<ReturnType<typeof runStack>>;
  beforeAll(async () => {
    run = await runStack(fixture("extras"), EXTRAS_UPSTREAM);
  });

  test("a fixed app name in a team, in the EU", async () => {
    expect(run.ofType("random:index/randomString:RandomString")).toEqual([]);
    expect(await run.input("heroku-app", "name")).toBe("heroku-app-extras");
    expect(await run.input("heroku-app", "region")).toBe("eu");
    expect(await run.input("heroku-app", "organization")).toEqual({ name: "acme" });
  });

  test("add-ons by plan; only data add-ons of protected stacks are kept", async () => {
    expect(await run.input("heroku-addon-cache", "plan")).toBe("heroku-redis:mini");
    expect(await run.input("heroku-addon-scheduler", "plan")).toBe("scheduler:standard");
    expect(run.get("heroku-addon-cache")).toMatchObject({ protect: false, retainOnDelete: false });
  });

  test("custom domains turn ACM on (once the app exists: test/program/lifecycle.test.ts)", async () => {
    expect(await run.input("heroku-app", "acm")).toBe(true);
    expect(await run.input("heroku-domain-www-example-com", "hostname")).toBe("www.example.com");
    expect(await run.input("heroku-domain-api-example-com", "hostname")).toBe("api.example.com");
  });

  test("features on and off, in place before the first release", async () => {
    expect(await run.input("heroku-feature-preboot", "enabled")).toBe(true);
    expect(await run.input("heroku-feature-log-runtime-metrics", "enabled")).toBe(false);
    expect(run.get("heroku-build").dependsOn).toEqual(
      expect.arrayContaining(["heroku-feature-preboot", "heroku-addon-cache", "heroku-config"]),
    );
  });

  test("a drain's URL is a secret and set as sensitiveUrl only", async () => {
    const drain = run.get("heroku-drain-papertrail");
    expect(drain.props.url).toBeUndefined();
    expect((await resolve(drain.props.sensitiveUrl)).secret).toBe(true);
  });
});

test("a drain URL as the CLI decrypts it never appears in plaintext in inputs or outputs", async () => {
  const url = "syslog+tls://logs7.papertrailapp.com:31337?token=do-not-print";
  const file = loadStackFile(fixture("extras"));
  const decrypted = {
    ...file,
    config: { ...file.config, "heroku-app:drains": JSON.stringify({ papertrail: url }) },
  };
  const run = await runStack(decrypted, EXTRAS_UPSTREAM);
  const sensitiveUrl = await resolve(run.get("heroku-drain-papertrail").props.sensitiveUrl);
  expect(sensitiveUrl).toEqual({ value: url, masked: "[secret]", secret: true });
  const everything = await resolve({
    inputs: run.registrations.map(({ props }) => props),
    outputs: run.outputs,
  });
  expect(JSON.stringify(everything.masked)).not.toContain("do-not-print");
});
