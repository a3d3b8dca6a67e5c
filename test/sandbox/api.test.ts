import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as tar from "tar";
import { startSandboxApi } from "../../src/sandbox/api/server";
import type { SandboxApi } from "../../src/sandbox/api/server";
import { RecordsOnlyRuntime } from "../../src/sandbox/api/runtime";
import { scratchDirs } from "../support/scratch";

/**
 * The sandbox's Platform API over real HTTP on loopback, as the Heroku provider and the Heroku CLI
 * call it: auth, the hyper-schema as router and referee, and Heroku's rules. Every answer is
 * checked against its schema by the server itself: a test ends with no problem recorded.
 */

const scratch = scratchDirs();
let api: SandboxApi;
let dir: string;

beforeEach(async () => {
  dir = path.join(scratch("sandbox-api-"), "api");
  api = await startSandboxApi({ dir, runtime: new RecordsOnlyRuntime(300) });
});
afterEach(async () => {
  expect(api.problems).toEqual([]);
  await api.close();
});

const V3 = "application/vnd.heroku+json; version=3";
async function call(
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = {},
  // A Platform API answer: each test reads the fields its route documents.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${api.url}${route}`, {
    method,
    headers: {
      Accept: V3,
      Authorization: `Basic ${Buffer.from(`:${api.key}`).toString("base64")}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? JSON.parse(text) : undefined,
    headers: response.headers,
  };
}

const until = async (check: () => Promise<boolean>) => {
  for (let tries = 0; tries < 100; tries++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("never happened");
};

/** A source tarball as `git push` would send it: the files, under no directory. */
async function sourceOf(files: Record<string, string>): Promise<Buffer> {
  const root = scratch("sandbox-source-");
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, name), text);
  const file = path.join(root, "..", `${path.basename(root)}.tgz`);
  await tar.c({ gzip: true, file, cwd: root }, Object.keys(files));
  const bytes = fs.readFileSync(file);
  fs.rmSync(file);
  return bytes;
}

/** Builds `files` on the app as the provider does; the finished build. */
async function build(app: string, files: Record<string, string>) {
  const source = await call("POST", "/sources");
  const bytes = await sourceOf(files);
  const put = await fetch(source.body.source_blob.put_url, { method: "PUT", body: bytes });
  expect(put.status).toBe(200);
  const checksum = `SHA256:${createHash("sha256").update(bytes).digest("hex")}`;
  const created = await call("POST", `/apps/${app}/builds`, {
    source_blob: { url: source.body.source_blob.get_url, checksum, version: "v1" },
  });
  expect(created.status).toBe(201);
  let current = created;
  await until(async () => {
    current = await call("GET", `/apps/${app}/builds/${created.body.id}`);
    return current.body.status !== "pending";
  });
  return current.body;
}

const PROCFILE = "web: node web.js\nworker: node worker.js\n";

describe("auth and the schema", () => {
  test("Basic (the provider) and Bearer (the Heroku CLI) authenticate; nothing else does", async () => {
    expect((await call("GET", "/account")).status).toBe(200);
    expect(
      (await call("GET", "/account", undefined, { Authorization: `Bearer ${api.key}` })).status,
    ).toBe(200);
    const wrong = await call("GET", "/account", undefined, { Authorization: "Bearer nope" });
    expect(wrong).toMatchObject({ status: 401, body: { id: "unauthorized" } });
    expect((await call("GET", "/account", undefined, { Authorization: "" })).status).toBe(401);
  });

  test("a request no link of the schema matches is a 404 and a problem", async () => {
    expect((await call("GET", "/no/such/route")).status).toBe(404);
    expect(api.problems).toEqual([
      expect.stringContaining("no link of the Platform API's schema matches GET /no/such/route"),
    ]);
    api.problems.length = 0;
  });

  test("a body the link's schema refuses is a 422 naming the field", async () => {
    const refused = await call("POST", "/apps", { name: 12 });
    expect(refused).toMatchObject({ status: 422, body: { id: "invalid_params" } });
    expect(refused.body.message).toMatch(/\/name must be string/);
  });
});

describe("apps", () => {
  test("heroku create: the app with its v1, its name unique", async () => {
    const created = await call("POST", "/apps", { name: "shop-one", region: "eu" });
    expect(created).toMatchObject({
      status: 201,
      body: { name: "shop-one", region: { name: "eu" } },
    });
    expect((await call("POST", "/apps", { name: "shop-one" })).body.message).toBe(
      "Name is already taken",
    );
    const releases = await call("GET", "/apps/shop-one/releases");
    expect(releases.body).toEqual([
      expect.objectContaining({
        version: 1,
        description: "Initial release",
        slug: null,
        current: true,
      }),
    ]);
    expect((await call("GET", `/apps/${created.body.id}`)).body.name).toBe("shop-one");
    expect((await call("DELETE", "/apps/shop-one")).status).toBe(200);
    expect((await call("GET", "/apps/shop-one")).body).toEqual({
      id: "not_found",
      message: "Couldn't find that app.",
    });
  });
});

describe("releases, config and formation", () => {
  test("a config change cuts a release; releases list newest first by Range", async () => {
    await call("POST", "/apps", { name: "shop-two" });
    await call("PATCH", "/apps/shop-two/config-vars", { A: "1", B: "2" });
    await call("PATCH", "/apps/shop-two/config-vars", { A: null });
    await call("PATCH", "/apps/shop-two/config-vars", {}); // no change, no release
    expect((await call("GET", "/apps/shop-two/config-vars")).body).toEqual({ B: "2" });
    const newest = await call("GET", "/apps/shop-two/releases", undefined, {
      Range: "version ..; max=1,order=desc",
    });
    expect(newest.status).toBe(206);
    expect(newest.body).toEqual([
      expect.objectContaining({ version: 3, description: "Remove A config vars" }),
    ]);
    expect(newest.headers.get("next-range")).toBe("version ]3..; max=1, order=desc");
  });

  test("a process type only once the current release declares it; the release phase first", async () => {
    await call("POST", "/apps", { name: "shop-three" });
    const early = await call("PATCH", "/apps/shop-three/formation/web", { quantity: 1 });
    expect(early.body).toEqual({
      id: "not_found",
      message: "Couldn't find that process type (web).",
    });

    const built = await build("shop-three", {
      Procfile: `${PROCFILE}release: node migrate.js\n`,
      "package.json": "{}",
    });
    expect(built.status).toBe("succeeded");
    const release = await call("GET", `/apps/shop-three/releases/${built.release.id}`);
    expect(release.body).toMatchObject({ status: "pending", current: false });
    expect((await call("PATCH", "/apps/shop-three/formation/worker", { quantity: 1 })).status).toBe(
      404,
    );
    await until(
      async () =>
        (await call("GET", `/apps/shop-three/releases/${built.release.id}`)).body.status ===
        "succeeded",
    );

    const formation = await call("GET", "/apps/shop-three/formation");
    expect(
      formation.body
        .map(
          (entry: { type: string; quantity: number; size: string }) =>
            `${entry.type}=${entry.quantity}:${entry.size}`,
        )
        .sort(),
    ).toEqual(["web=1:Basic", "worker=0:Basic"]);
    const mixed = await call("PATCH", "/apps/shop-three/formation/worker", {
      quantity: 1,
      size: "standard-1x",
    });
    expect(mixed.body.message).toBe(
      "Cannot use the following dyno types in the same app: Basic and Standard-1X",
    );
    const batch = await call("PATCH", "/apps/shop-three/formation", {
      updates: [
        { type: "web", quantity: 2, size: "standard-1x" },
        { type: "worker", quantity: 1, size: "Standard-1X" },
      ],
    });
    expect(
      batch.body.map(
        (entry: { type: string; quantity: number; size: string }) =>
          `${entry.type}=${entry.quantity}:${entry.size}`,
      ),
    ).toEqual(["web=2:Standard-1X", "worker=1:Standard-1X"]);
    const stream = await fetch(built.output_stream_url);
    expect(await stream.text()).toContain("Procfile declares types -> web, worker, release");
  });

  test("a build of a source that wasn't uploaded, or whose checksum differs, fails with its log", async () => {
    await call("POST", "/apps", { name: "shop-four" });
    const source = await call("POST", "/sources");
    await fetch(source.body.source_blob.put_url, {
      method: "PUT",
      body: await sourceOf({ Procfile: PROCFILE }),
    });
    const created = await call("POST", "/apps/shop-four/builds", {
      source_blob: {
        url: source.body.source_blob.get_url,
        checksum: `SHA256:${"0".repeat(64)}`,
        version: null,
      },
    });
    await until(
      async () =>
        (await call("GET", `/apps/shop-four/builds/${created.body.id}`)).body.status === "failed",
    );
    expect(await (await fetch(created.body.output_stream_url)).text()).toMatch(/Checksum mismatch/);
  });
});

describe("pipelines, add-ons, domains", () => {
  test("one coupling per app; add-on vars reach the app as a release; a hostname once", async () => {
    const app = (await call("POST", "/apps", { name: "shop-five" })).body;
    const other = (await call("POST", "/apps", { name: "shop-six" })).body;
    const pipeline = (await call("POST", "/pipelines", { name: "shop" })).body;
    expect(
      (
        await call("POST", "/pipeline-couplings", {
          app: app.id,
          pipeline: pipeline.id,
          stage: "staging",
        })
      ).status,
    ).toBe(201);
    const second = await call("POST", "/pipeline-couplings", {
      app: app.id,
      pipeline: pipeline.id,
      stage: "production",
    });
    expect(second.body.message).toBe("shop-five is already a member of a pipeline.");

    const addon = await call("POST", `/apps/${app.id}/addons`, {
      plan: "heroku-postgresql:essential-0",
      confirm: "shop-five",
      name: "db-shop-five",
    });
    expect(addon.body).toMatchObject({ state: "provisioning", config_vars: ["DATABASE_URL"] });
    await until(
      async () => (await call("GET", "/addons/db-shop-five")).body.state === "provisioned",
    );
    expect((await call("GET", `/apps/${app.id}/config-vars`)).body.DATABASE_URL).toMatch(
      /^postgres:\/\//,
    );
    const unknownPlan = await call("POST", `/apps/${app.id}/addons`, {
      plan: "heroku-postgresql:gigantic",
    });
    expect(unknownPlan.status).toBe(422);

    expect(
      (
        await call("POST", `/apps/${app.id}/domains`, {
          hostname: "www.shop.test",
          sni_endpoint: null,
        })
      ).status,
    ).toBe(201);
    const taken = await call("POST", `/apps/${other.id}/domains`, {
      hostname: "www.shop.test",
      sni_endpoint: null,
    });
    expect(taken.body.message).toBe("www.shop.test is currently in use by another app.");
    expect((await call("DELETE", `/apps/${app.id}/domains/www.shop.test`)).status).toBe(200);
    expect((await call("GET", `/apps/${app.id}/domains/www.shop.test`)).status).toBe(404);
  });
});

test("the state survives a restart; a release phase cut short runs again", async () => {
  await call("POST", "/apps", { name: "shop-seven" });
  const built = await build("shop-seven", { Procfile: `${PROCFILE}release: node migrate.js\n` });
  await api.close();
  api = await startSandboxApi({ dir, runtime: new RecordsOnlyRuntime(100) });
  expect((await call("GET", "/apps/shop-seven")).status).toBe(200);
  await until(
    async () =>
      (await call("GET", `/apps/shop-seven/releases/${built.release.id}`)).body.status ===
      "succeeded",
  );
});

describe("what the Heroku CLI asks besides (records only: no dynos run here)", () => {
  const bearer = () => ({ Authorization: `Bearer ${api.key}`, "User-Agent": "heroku-cli/11.10.0" });

  test("ps:scale's string and relative quantities", async () => {
    await call("POST", "/apps", { name: "cli-scale" });
    await build("cli-scale", { Procfile: PROCFILE, "package.json": "{}" });
    await until(async () => (await call("GET", "/apps/cli-scale/formation")).body.length === 2);
    const patch = (updates: unknown) =>
      call("PATCH", "/apps/cli-scale/formation", { updates }, bearer());
    await patch([
      { type: "web", quantity: "1", size: "standard-1x" },
      { type: "worker", quantity: "0", size: "standard-1x" },
    ]);
    expect((await patch([{ type: "web", quantity: "+2" }])).body[0].quantity).toBe(3);
    expect((await patch([{ type: "web", quantity: "-1" }])).body[0].quantity).toBe(2);
    expect((await patch([{ type: "web", quantity: "-5" }])).status).toBe(422);
    expect((await patch([{ type: "web", quantity: "two" }])).status).toBe(422);
  });

  test("releases say whether one can be rolled back to; the rollback cuts a release", async () => {
    await call("POST", "/apps", { name: "cli-rollback" });
    await call("PATCH", "/apps/cli-rollback/config-vars", { A: "1" });
    const releases = (await call("GET", "/apps/cli-rollback/releases")).body as {
      version: number;
      eligible_for_rollback: boolean;
    }[];
    // No slug yet: nothing to roll back to (the CLI's "No eligible release found").
    expect(releases.map((release) => release.eligible_for_rollback)).toEqual([false, false]);
  });

  test("log sessions stream the app's log as text/event-stream, one data: line a log line", async () => {
    await call("POST", "/apps", { name: "cli-logs" });
    await call("PATCH", "/apps/cli-logs/config-vars", { A: "1" });
    const session = await call(
      "POST",
      "/apps/cli-logs/log-sessions",
      { lines: 10, tail: false },
      bearer(),
    );
    expect(session.status).toBe(201);
    const stream = await fetch(session.body.logplex_url, {
      headers: { Accept: "text/event-stream" },
    });
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = (await stream.text()).split("\n\n").filter((event) => event.includes("data:"));
    expect(events.map((event) => /^data: \S+ (.*)$/m.exec(event)?.[1])).toEqual([
      "app[api]: Release v1 created (Initial release) by user you@sandbox.localhost",
      "app[api]: Release v2 created (Set A config vars) by user you@sandbox.localhost",
    ]);
    expect(events[0]).toMatch(/^id: \d+$/m);

    const filtered = await call(
      "POST",
      "/apps/cli-logs/log-sessions",
      { source: "heroku", lines: 10 },
      bearer(),
    );
    expect(await (await fetch(filtered.body.logplex_url)).text()).not.toContain("data:");
    expect(
      (
        await fetch(
          `${api.url}/sandbox/log-sessions/${"0".repeat(8)}-0000-4000-8000-${"0".repeat(12)}`,
        )
      ).status,
    ).toBe(404);
  });

  test("a tail resumes after the last line it got when it reconnects", async () => {
    await call("POST", "/apps", { name: "cli-tail" });
    const session = await call(
      "POST",
      "/apps/cli-tail/log-sessions",
      { lines: 10, tail: true },
      bearer(),
    );
    const first = new AbortController();
    const stream = await fetch(session.body.logplex_url, { signal: first.signal });
    const reader = stream.body!.getReader();
    const { value } = await reader.read();
    let seen = Buffer.from(value ?? []).toString();
    while (!seen.includes("Initial release"))
      seen += Buffer.from((await reader.read()).value ?? []).toString();
    const lastId = [...seen.matchAll(/^id: (\d+)$/gm)].pop()?.[1] as string;
    first.abort();
    await call("PATCH", "/apps/cli-tail/config-vars", { A: "1" });
    const again = new AbortController();
    const resumed = await fetch(session.body.logplex_url, {
      headers: { "Last-Event-ID": lastId },
      signal: again.signal,
    });
    const resumedReader = resumed.body!.getReader();
    let text = "";
    while (!text.includes("Release v2"))
      text += Buffer.from((await resumedReader.read()).value ?? []).toString();
    again.abort();
    expect(text).not.toContain("Initial release");
  });

  test("dynos, restarts and the one route off the schema: none run on records only", async () => {
    await call("POST", "/apps", { name: "cli-dynos" });
    expect((await call("GET", "/apps/cli-dynos/dynos", undefined, bearer())).body).toEqual([]);
    expect((await call("DELETE", "/apps/cli-dynos/dynos", undefined, bearer())).status).toBe(202);
    const one = await call("DELETE", "/apps/cli-dynos/dynos/web.1", undefined, bearer());
    expect(one.body).toEqual({ id: "not_found", message: "Couldn't find that dyno." });
    const type = await call("DELETE", "/apps/cli-dynos/formations/web", undefined, bearer());
    expect(type.body.message).toBe("Couldn't find that dyno.");
    expect(
      api.requests.find((request) => request.path === "/apps/cli-dynos/formations/web"),
    ).toMatchObject({
      route: "DELETE /apps/{app}/formations/{type}",
      agent: "heroku-cli/11.10.0",
    });
  });

  test("collaborators, attachments, add-on resolution, pipelines by name, filtered apps", async () => {
    const app = (await call("POST", "/apps", { name: "cli-extras" })).body;
    await call("POST", "/apps/cli-extras/addons", {
      plan: "heroku-postgresql:essential-0",
      name: "cli-db",
    });
    expect((await call("GET", "/apps/cli-extras/collaborators")).body).toEqual([
      expect.objectContaining({
        role: "owner",
        user: expect.objectContaining({ email: "you@sandbox.localhost" }),
      }),
    ]);
    expect((await call("GET", "/addon-attachments")).body).toEqual([
      expect.objectContaining({
        name: "DATABASE",
        addon: expect.objectContaining({ name: "cli-db" }),
      }),
    ]);
    for (const name of ["cli-db", "DATABASE", "heroku-postgresql"]) {
      const resolved = await call("POST", "/actions/addons/resolve", { addon: name, app: null });
      expect(resolved.body.map((addon: { name: string }) => addon.name)).toEqual(["cli-db"]);
    }
    expect(
      (await call("POST", "/actions/addons/resolve", { addon: "nope", app: "cli-extras" })).status,
    ).toBe(404);
    const addons = (await call("GET", "/apps/cli-extras/addons")).body;
    expect(addons[0].plan.price).toEqual({ cents: 0, contract: false, unit: "month" });

    const pipeline = (await call("POST", "/pipelines", { name: "cli-pipe" })).body;
    await call("POST", "/pipelines", { name: "other-pipe" });
    await call("POST", "/pipeline-couplings", {
      app: app.id,
      pipeline: pipeline.id,
      stage: "staging",
    });
    const byName = await call("GET", "/pipelines?eq[name]=cli-pipe");
    expect(byName.body.map((found: { name: string }) => found.name)).toEqual(["cli-pipe"]);
    expect((await call("GET", "/apps/cli-extras/pipeline-couplings")).body.pipeline).toEqual({
      id: pipeline.id,
      name: "cli-pipe",
    });
    const filtered = await call("POST", "/filters/apps", { in: { id: [app.id] } });
    expect(filtered.body.map((found: { name: string }) => found.name)).toEqual(["cli-extras"]);
  });
});
