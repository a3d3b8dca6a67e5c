"use strict";

const http = require("node:http");
const request = require("supertest");
const { appWithLogs } = require("./helpers");

async function waitFor(condition, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("GET /", () => {
  test("describes the app from Heroku's dyno metadata", async () => {
    const { app } = appWithLogs({
      NODE_ENV: "production",
      HEROKU_APP_NAME: "my-app-staging",
      HEROKU_RELEASE_VERSION: "v42",
      HEROKU_SLUG_COMMIT: "2c3a0b24069af49b3de35b8e8c26765c1dba9ff0",
      DYNO: "web.1",
    });
    const res = await request(app).get("/").expect(200).expect("Content-Type", /json/);
    expect(res.body).toEqual({
      app: "my-app-staging",
      environment: "production",
      release: "v42",
      commit: "2c3a0b24069af49b3de35b8e8c26765c1dba9ff0",
      dyno: "web.1",
    });
  });

  test("falls back to the package name, and to production as Heroku's buildpack does", async () => {
    const { app } = appWithLogs({});
    const res = await request(app).get("/").expect(200);
    expect(res.body).toEqual({
      app: require("../package.json").name,
      environment: "production",
      release: null,
      commit: null,
      dyno: null,
    });
  });
  test("answers a conditional GET with 304 Not Modified", async () => {
    const { app } = appWithLogs();
    const first = await request(app).get("/").expect(200);
    expect(first.headers.etag).toMatch(/^W\/"/);
    await request(app).get("/").set("If-None-Match", first.headers.etag).expect(304);
  });
});

describe("GET /health", () => {
  test("answers 200 with JSON", async () => {
    const { app } = appWithLogs();
    const res = await request(app).get("/health").expect(200).expect("Content-Type", /json/);
    expect(res.body).toEqual({ status: "ok" });
  });
});

describe("unknown routes", () => {
  test.each(["/nope", "/health/extra", "/__nothing"])("GET %s is a JSON 404", async (url) => {
    const { app } = appWithLogs();
    const res = await request(app).get(url).expect(404).expect("Content-Type", /json/);
    expect(res.body).toEqual({ error: "Not Found" });
  });

  test("test-only routes do not exist unless ENABLE_TEST_ROUTES=1", async () => {
    const { app } = appWithLogs({ ENABLE_TEST_ROUTES: "" });
    await request(app).get("/__test/slow?ms=1").expect(404);
    await request(app).get("/__test/error").expect(404);
  });
});

describe("headers", () => {
  test("hides Express and sets helmet's security headers, with a CSP for a JSON API", async () => {
    const { app } = appWithLogs();
    const res = await request(app).get("/");
    expect(res.headers["x-powered-by"]).toBeUndefined();
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
    expect(res.headers["content-security-policy"]).toBe(
      "default-src 'none';frame-ancestors 'none'",
    );
    expect(res.headers["x-frame-options"]).toBe("DENY");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    expect(res.headers["cross-origin-resource-policy"]).toBe("same-origin");
  });
});

describe("request logging", () => {
  test("writes exactly one JSON line per request, with the router's request id", async () => {
    const { app, logs } = appWithLogs({ DYNO: "web.2" });
    await request(app).get("/health").set("X-Request-ID", "abc-123").expect(200);
    await request(app).get("/missing").expect(404);
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatchObject({
      dyno: "web.2",
      req: { id: "abc-123", method: "GET", url: "/health" },
      res: { statusCode: 200 },
    });
    expect(logs[1]).toMatchObject({ level: 40, res: { statusCode: 404 } });
  });

  test("logs a request the client gave up on as aborted", async () => {
    const { app, logs } = appWithLogs();
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const client = http.get({ port: server.address().port, path: "/__test/slow?ms=300" });
    client.on("error", () => {}); // the reset we cause below
    setTimeout(() => client.destroy(), 50);
    await waitFor(() => logs.length === 1);
    server.close();
    expect(logs[0]).toMatchObject({ level: 40, msg: "request aborted", aborted: true });
  });

  test("never logs query string values: credentials in a URL stay out of the logs", async () => {
    const { app, logs } = appWithLogs();
    await request(app).get("/health?api_key=s3cret&q=sk_live_s3cret&page=2&flag").expect(200);
    await request(app).get("/nope?s3cret").expect(404);
    expect(logs.map((log) => log.req.url)).toEqual([
      "/health?api_key=[redacted]&q=[redacted]&page=[redacted]&[redacted]",
      "/nope?[redacted]",
    ]);
    expect(JSON.stringify(logs)).not.toContain("s3cret");
  });

  test("never logs request headers such as cookies or credentials", async () => {
    const { app, logs } = appWithLogs();
    await request(app).get("/").set("Authorization", "Bearer s3cret").set("Cookie", "sid=s3cret");
    expect(JSON.stringify(logs)).not.toContain("s3cret");
  });
});
