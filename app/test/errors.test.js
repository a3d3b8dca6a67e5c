"use strict";

const http = require("node:http");
const request = require("supertest");
const { appWithLogs } = require("./helpers");

describe("error handler", () => {
  test("in production answers a bare 500 without message or stack", async () => {
    const { app, logs } = appWithLogs({ NODE_ENV: "production" });
    const res = await request(app).get("/__test/error").expect(500).expect("Content-Type", /json/);
    expect(res.body).toEqual({ error: "Internal Server Error" });
    expect(res.text).not.toContain("hunter2");
    expect(res.text).not.toMatch(/\.js:\d+/);
    // The details go to the logs instead, where operators can see them.
    expect(logs[0]).toMatchObject({ level: 50, err: { message: "database password is hunter2" } });
  });

  test.each(["prod", "staging", "Production", "productoin"])(
    "NODE_ENV=%s counts as production: no stack trace for clients",
    async (environment) => {
      const { app } = appWithLogs({ NODE_ENV: environment });
      const res = await request(app).get("/__test/error").expect(500);
      expect(res.body).toEqual({ error: "Internal Server Error" });
      expect(res.text).not.toContain("hunter2");
    },
  );

  test.each(["development", "test"])(
    "in %s shows the message and stack to help debugging",
    async (environment) => {
      const { app } = appWithLogs({ NODE_ENV: environment });
      const res = await request(app).get("/__test/error").expect(500);
      expect(res.body.error).toBe("database password is hunter2");
      expect(res.body.stack[0]).toBe("Error: database password is hunter2");
      expect(res.body.stack.join("\n")).toMatch(/routes\.js:\d+/);
    },
  );
});

describe("malformed input gets a 4xx JSON answer and the app keeps serving", () => {
  const { app, logs } = appWithLogs({ NODE_ENV: "production" });

  afterEach(async () => {
    await request(app).get("/health").expect(200);
  });

  test("invalid JSON body", async () => {
    const res = await request(app)
      .post("/")
      .set("Content-Type", "application/json")
      .send('{"password": "pa55word", oops');
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toMatch(/json/);
    expect(typeof res.body.error).toBe("string");
    // The raw body of a rejected request must not end up in the logs.
    expect(JSON.stringify(logs)).not.toContain("pa55word");
  });

  test("a body sent chunked (no Content-Length) is parsed and checked all the same", async () => {
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const status = await new Promise((resolve, reject) => {
      const req = http.request({
        host: "127.0.0.1",
        port: server.address().port,
        method: "POST",
        path: "/",
        headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked" },
      });
      req.on("response", (res) => resolve(res.statusCode)).on("error", reject);
      req.write('{"broken": ');
      req.end("oops");
    });
    server.close();
    expect(status).toBe(400);
  });

  test("body over the 100kb limit", async () => {
    const big = JSON.stringify({ data: "x".repeat(101 * 1024) });
    const res = await request(app).post("/").set("Content-Type", "application/json").send(big);
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: "request entity too large" });
  });

  test("a valid JSON body on a route that takes none is a plain 404", async () => {
    await request(app).post("/").send({ hello: "world" }).expect(404);
  });

  test.each(["/%E0%A4%A", "/%", "/health/%ZZ"])("bad URL encoding %s", async (url) => {
    const res = await request(app).get(url);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers["content-type"]).toMatch(/json/);
  });
});
