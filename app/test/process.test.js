"use strict";

/** Runs the real Procfile entry points as child processes and signals them like Heroku. */

const http = require("node:http");
const net = require("node:net");
const { startProcess, get } = require("./helpers");
const { KEEP_ALIVE_TIMEOUT_MS } = require("../src/server");
const { DEFAULT_HEADERS_TIMEOUT_MS } = require("../src/config");

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

    const slow = get(web.port, "/__test/slow?ms=800", agent);
    await new Promise((resolve) => setTimeout(resolve, 300)); // let it reach the handler
    const signalledAt = Date.now();
    web.child.kill("SIGTERM");
    await web.waitForLog(stopping);

    expect(await connectionRefused(web.port)).toBe(true);
    const response = await slow;
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ sleptMs: 800 });
    expect(response.headers.connection).toBe("close");

    expect(await web.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(5000);
    expect(web.logs.map((log) => log.msg)).toContain("stopped");
    agent.destroy();
    idle.destroy();
  });

  test("on SIGTERM, connections with no request in flight don't hold the stop", async () => {
    const web = await startWeb(); // the deadline stays at its default, 25 s
    const halfSent = await connect(web.port);
    halfSent.write("GET /health HTTP/1.1\r\nHost: x\r\n"); // the blank line never comes
    const silent = await connect(web.port); // connected, nothing sent
    const idle = new http.Agent({ keepAlive: true });
    await get(web.port, "/health", idle); // a keep-alive socket left open
    await new Promise((resolve) => setTimeout(resolve, 200));

    const signalledAt = Date.now();
    web.child.kill("SIGTERM");
    expect(await web.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(3000);
    expect(web.logs.at(-1)).toMatchObject({ msg: "stopped" });
    for (const socket of [halfSent, silent])
      expect(socket.destroyed || socket.readableEnded).toBe(true);
    idle.destroy();
  });

  test.each([
    ["SIGTERM", "SIGTERM"],
    ["SIGTERM", "SIGINT"],
    ["SIGINT", "SIGINT"],
  ])(
    "%s then %s: the requests in flight still finish, and the exit is 0",
    async (first, second) => {
      const web = await startWeb();
      const slow = get(web.port, "/__test/slow?ms=800");
      await new Promise((resolve) => setTimeout(resolve, 300));
      web.child.kill(first);
      await web.waitForLog(stopping);
      web.child.kill(second);
      await web.waitForLog((log) => log.msg === "already stopping; signal ignored");
      const response = await slow;
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ sleptMs: 800 });
      expect(await web.exited).toBe(0);
    },
  );

  test("a client that trickles its headers is cut off in seconds; idle keep-alive is not", async () => {
    expect(DEFAULT_HEADERS_TIMEOUT_MS).toBeLessThanOrEqual(10_000);
    expect(KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThan(90_000); // the Heroku router's idle timeout
    const headersTimeoutMs = 2_000; // the default's behaviour, sooner
    const web = await startWeb({ HEADERS_TIMEOUT_MS: String(headersTimeoutMs) });
    const request = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    const keepAlive = await connect(web.port);
    keepAlive.write(request);
    expect(await nextAnswer(keepAlive)).toMatch(/^HTTP\/1\.1 200 [^]*Keep-Alive: timeout=95/i);

    const slowloris = await connect(web.port);
    const startedAt = Date.now();
    slowloris.write("GET /health HTTP/1.1\r\n");
    const drip = setInterval(() => slowloris.write("X-a: b\r\n"), 200);
    const answer = nextAnswer(slowloris);
    await new Promise((resolve) => slowloris.once("close", resolve));
    clearInterval(drip);
    const cutAfter = Date.now() - startedAt;
    expect(await answer).toMatch(/^HTTP\/1\.1 408 /);
    // Node checks the timeout every second (server.js): the cut comes within a second after it.
    expect(cutAfter).toBeGreaterThanOrEqual(headersTimeoutMs - 100);
    expect(cutAfter).toBeLessThan(headersTimeoutMs + 3000);

    // The keep-alive connection sat idle longer than the headers timeout and still serves.
    expect(keepAlive.destroyed).toBe(false);
    keepAlive.write(request);
    expect(await nextAnswer(keepAlive)).toMatch(/^HTTP\/1\.1 200 /);
    keepAlive.destroy();
    web.child.kill("SIGTERM");
    expect(await web.exited).toBe(0);
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

describe("a closed stdout (the log reader gone: `| head`, a runner that died)", () => {
  // pino's sonic-boom retries a failed synchronous flush forever unless the error is EAGAIN:
  // a process whose last log lines meet EPIPE at exit would never end (src/logger.js).
  test.each([
    ["server.js", { PORT: "0" }, listening],
    ["worker.js", { WORKER_INTERVAL_MS: "50" }, (log) => log.metric === "heartbeat"],
  ])(
    "%s still stops on SIGTERM, at once",
    async (entry, env, ready) => {
      const dyno = startProcess(entry, env);
      await dyno.waitForLog(ready);
      dyno.child.stdout.destroy(); // the read end closes: every write now fails with EPIPE
      const startedAt = Date.now();
      dyno.child.kill("SIGTERM");
      const code = await Promise.race([
        dyno.exited,
        new Promise((resolve) => setTimeout(() => resolve("still running after 10 s"), 10_000)),
      ]);
      if (code === "still running after 10 s") dyno.child.kill("SIGKILL");
      expect(code).toBe(0);
      expect(Date.now() - startedAt).toBeLessThan(5_000);
    },
    20_000,
  );
});

/** The next chunk the server sends on a raw socket, as text. */
function nextAnswer(socket) {
  return new Promise((resolve) => socket.once("data", (chunk) => resolve(String(chunk))));
}

function connect(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });
}

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
