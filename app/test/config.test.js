"use strict";

const { readConfig, DEFAULT_POOL_MAX } = require("../src/config");

/** The database settings: TLS by one explicit rule, a pool sized for a dyno. */
describe("DATABASE_URL", () => {
  const ssl = (url, env = {}) => readConfig({ DATABASE_URL: url, ...env }).database.ssl;
  const heroku = "postgres://u:p@ec2-1-2-3-4.compute-1.amazonaws.com:5432/d8f";

  test("Heroku Postgres (any non-loopback host): TLS without certificate verification", () => {
    expect(ssl(heroku)).toEqual({ rejectUnauthorized: false });
  });

  test.each([
    "postgres://u:p@127.0.0.1:5432/db",
    "postgres://u:p@127.1.2.3/db",
    "postgresql://u:p@localhost/db",
    "postgres://u:p@[::1]:5432/db",
    "postgres:///db?host=/var/run/postgresql",
  ])("a local cluster (%s): no TLS", (url) => {
    expect(ssl(url)).toBe(false);
  });

  test("PGSSLMODE overrides the host rule; sslmode in the URL is left to pg", () => {
    expect(ssl(heroku, { PGSSLMODE: "disable" })).toBe(false);
    expect(ssl(heroku, { PGSSLMODE: "verify-full" })).toBe(true);
    expect(ssl("postgres://u:p@localhost/db", { PGSSLMODE: "require" })).toEqual({
      rejectUnauthorized: false,
    });
    expect(ssl(`${heroku}?sslmode=verify-full`, { PGSSLMODE: "disable" })).toBeUndefined();
    expect(() => ssl(heroku, { PGSSLMODE: "sometimes" })).toThrow(
      'PGSSLMODE must be one of disable, require, no-verify, verify-full, got "sometimes"',
    );
  });

  test("a pool of 5 per dyno unless DATABASE_POOL_MAX says otherwise", () => {
    expect(DEFAULT_POOL_MAX).toBe(5);
    expect(readConfig({ DATABASE_URL: heroku }).database.poolMax).toBe(5);
    expect(readConfig({ DATABASE_URL: heroku, DATABASE_POOL_MAX: "12" }).database.poolMax).toBe(12);
    expect(() => readConfig({ DATABASE_URL: heroku, DATABASE_POOL_MAX: "0" })).toThrow(
      /DATABASE_POOL_MAX must be an integer between 1 and 100/,
    );
  });

  test("no DATABASE_URL: no database; a URL that isn't postgres:// is refused without echoing it", () => {
    expect(readConfig({}).database).toBeNull();
    expect(readConfig({ DATABASE_URL: "" }).database).toBeNull();
    for (const bad of ["mysql://u:hunter2@h/db", "hunter2"]) {
      expect(() => readConfig({ DATABASE_URL: bad })).toThrow(/^DATABASE_URL must be a postgres/);
      expect(() => readConfig({ DATABASE_URL: bad })).not.toThrow(/hunter2/);
    }
  });
});

describe("NODE_ENV", () => {
  test.each([
    ["development", true],
    ["test", true],
    [undefined, false], // unset: production, as Heroku's Node buildpack sets it
    ["production", false],
    ["prod", false],
    ["staging", false],
    ["Development", false],
  ])("%s shows error details to clients: %s", (environment, shown) => {
    expect(readConfig({ NODE_ENV: environment }).showErrorDetails).toBe(shown);
  });
});

describe("HEADERS_TIMEOUT_MS", () => {
  test("10 s for a request's headers unless set; 1–60 s", () => {
    expect(readConfig({}).headersTimeoutMs).toBe(10_000);
    expect(readConfig({ HEADERS_TIMEOUT_MS: "2000" }).headersTimeoutMs).toBe(2_000);
    for (const bad of ["999", "60001", "2s"]) {
      expect(() => readConfig({ HEADERS_TIMEOUT_MS: bad })).toThrow(
        `HEADERS_TIMEOUT_MS must be an integer between 1000 and 60000, got "${bad}"`,
      );
    }
  });
});
