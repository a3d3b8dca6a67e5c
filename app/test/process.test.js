"use strict";

/** Runs the real Procfile entry points as child processes and signals them like Heroku. */

const http = require("node:http");
const net = require("node:net");
const { startProcess, get } = require("./helpers");

const listening = (log) => log.msg === "listening";
const stopping = (log) => log.msg && log.msg.startsWith("stopping");

async function startWeb(env = {}) {
  const web = startProcess("server.js", { PORT: "0", ENABLE_TEST_ROUTES: "1", ...env });
  const { port } = await web.waitForLog(listening);
  return { ...web, port };
}

function connectionRefused(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (err) => resolve(err.code === "ECONNREFUSED"));
  });
}

describe("web process", () => {
  test("on SIGTERM finishes the in-flight request, refuses new ones and exits 0", async () => {
    const web = await startWeb();
    const agent = new http.Agent({ keepAlive: true });
    // An idle keep-alive socket must not hold the shutdown until its 95 s timeout.
    const idle = new http.Agent({ keepAlive: true });
    await get(web.port, "/health", idle);

    const slow = get(web.port, "/__test/slow?ms=1500", agent);
    await new Promise((resolve) => setTimeout(resolve, 300)); // let it reach the handler
    const signalledAt = Date.now();
    web.child.kill("SIGTERM");
    await web.waitForLog(stopping);

    expect(await connectionRefused(web.port)).toBe(true);
    const response = await slow;
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ sleptMs: 1500 });
    expect(response.headers.connection).toBe("close");

    expect(await web.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(5000);
    expect(web.logs.map((log) => log.msg)).toContain("stopped");
    agent.destroy();
    idle.destroy();
  });

  test("SIGINT (Ctrl-C under heroku local) also stops it with exit 0", async () => {
    const web = await startWeb();
    expect((await get(web.port, "/")).status).toBe(200);
    web.child.kill("SIGINT");
    expect(await web.exited).toBe(0);
  });

  test("exits 1 with a log line when requests outlast the shutdown deadline", async () => {
    const web = await startWeb({ SHUTDOWN_DEADLINE_MS: "300" });
    const slow = get(web.port, "/__test/slow?ms=10000").catch((err) => err);
    await new Promise((resolve) => setTimeout(resolve, 200));
    web.child.kill("SIGTERM");
    expect(await web.exited).toBe(1);
    expect(web.logs.map((log) => log.msg)).toContain("shutdown deadline passed, exiting");
    expect(await slow).toMatchObject({ code: "ECONNRESET" }); // cut, not answered
  });

  test("listens on $PORT", async () => {
    const port = await freePort();
    const web = await startWeb({ PORT: String(port) });
    expect(web.port).toBe(port);
    expect((await get(port, "/health")).body).toEqual({ status: "ok" });
    web.child.kill("SIGTERM");
    expect(await web.exited).toBe(0);
  });
});

describe("worker process", () => {
  test("logs heartbeats periodically and exits 0 on SIGTERM", async () => {
    const worker = startProcess("worker.js", { WORKER_INTERVAL_MS: "50", DYNO: "worker.1" });
    await worker.waitForLog((log) => log.metric === "heartbeat" && log.beat === 3);
    const beat = worker.logs.find((log) => log.metric === "heartbeat");
    expect(beat).toMatchObject({ dyno: "worker.1", beat: 1 });
    expect(beat.rssMb).toBeGreaterThan(0);
    expect(beat.eventLoopDelayP99Ms).toBeGreaterThanOrEqual(0);

    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(worker.logs.at(-1)).toMatchObject({ msg: "worker stopped", signal: "SIGTERM" });
  });
});

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
