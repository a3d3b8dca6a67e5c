import * as path from "path";
import { localNotes } from "../../src/local/notes";
import {
  LocalUsageError,
  buildDynoEnvironments,
  buildReleaseDyno,
  dynoBaseEnv,
  environmentProblems,
  generateLocalSecrets,
  localSecretNames,
  parsePort,
  parseScale,
  scaledFormation,
} from "../../src/local/dynos";
import { chooseDatabase, postgresAddons } from "../../src/local/services";
import type { DatabaseChoice } from "../../src/local/services";
import { parseProcfile, readProcfile } from "../../src/program/procfile";
import { stackFileConfig } from "../../src/stack-files/config";
import { loadStackFile } from "../../src/stack-files/load";
import { FIXTURES_DIR, fixture } from "../support/paths";

/**
 * `npm run local`, the pure parts: flags, the dynos of a formation and their environments, notes.
 */

// The staging fixture (the stack as first shipped): the shipped stack files are the user's.
const staging = () => stackFileConfig(loadStackFile(fixture("staging"))).config;
const problemsOf = (run: () => unknown): readonly string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof LocalUsageError) return error.problems;
    throw error;
  }
  throw new Error("no problem reported");
};

describe("flags", () => {
  const formation = staging().formation;

  test("--scale sets quantities of the Procfile's process types", () => {
    expect(parseScale("web=2,worker=0", formation)).toEqual({ web: 2, worker: 0 });
    expect(parseScale(" worker=3 ", formation)).toEqual({ worker: 3 });
  });

  test("--scale takes a process type named like an Object method as a plain name", () => {
    const named = [
      { type: "web", quantity: 1, size: "basic" as const },
      { type: "constructor", quantity: 1, size: "basic" as const },
    ];
    const scale = parseScale("constructor=0", named);
    expect(scale).toEqual({ constructor: 0 });
    expect(scaledFormation(named, scale).map(({ quantity }) => quantity)).toEqual([1, 0]);
    expect(scaledFormation(named, {}).map(({ quantity }) => quantity)).toEqual([1, 1]);
  });

  test("--scale reports every bad item, each naming the flag", () => {
    const problems = problemsOf(() =>
      parseScale("web=two,cron=1,web=1,web=2,worker=101", formation),
    );
    expect(problems).toEqual([
      '--scale: "web=two" is not type=quantity (e.g. web=2)',
      '--scale: "cron" is not a process type in app/Procfile (web, worker)',
      '--scale: "web" is given twice',
      "--scale: worker=101: at most 100 dynos per process type",
    ]);
    expect(problemsOf(() => parseScale(",", formation))).toEqual([
      "--scale: give type=quantity pairs, e.g. web=1,worker=0",
    ]);
    expect(problemsOf(() => parseScale("web=-1", formation))[0]).toMatch(/^--scale: /);
  });

  test("--port is a port number", () => {
    expect(parsePort("5000")).toBe(5000);
    for (const bad of ["0", "65536", "50x", "", "-1"]) {
      expect(problemsOf(() => parsePort(bad))).toEqual([
        `--port: ${JSON.stringify(bad)} is not a port number (1–65535)`,
      ]);
    }
  });
});

describe("dynos and their environments", () => {
  const config = staging();
  const secrets = { SESSION_SECRET: "s".repeat(48) };
  const context = {
    processes: readProcfile(),
    secrets,
    baseEnv: { PATH: "/bin", HOME: "/home/me", PORT: "1", DYNO: "x" },
  };

  test("one PORT per dyno: +100 per process type, +1 per instance; DYNO is type.N", () => {
    const dynos = buildDynoEnvironments(config, { web: 2, worker: 2 }, 7000, context);
    expect(dynos.map(({ name, port, command }) => [name, port, command])).toEqual([
      ["web.1", 7000, "node src/server.js"],
      ["web.2", 7001, "node src/server.js"],
      ["worker.1", 7100, "node src/worker.js"],
      ["worker.2", 7101, "node src/worker.js"],
    ]);
    for (const dyno of dynos) {
      expect(dyno.env).toEqual({
        PATH: "/bin",
        HOME: "/home/me",
        NODE_ENV: "production",
        LOG_LEVEL: "debug",
        SESSION_SECRET: secrets.SESSION_SECRET,
        PORT: String(dyno.port),
        DYNO: dyno.name,
      });
    }
  });

  test("the stack's formation unless scaled; a quantity of 0 starts nothing", () => {
    const names = (scale: Record<string, number>) =>
      buildDynoEnvironments(config, scale, 5000, context).map(({ name }) => name);
    expect(names({})).toEqual(["web.1", "worker.1"]);
    expect(names({ worker: 0 })).toEqual(["web.1"]);
    expect(names({ web: 0, worker: 0 })).toEqual([]);
    // a worker's ports stay put when web is scaled to 0
    expect(buildDynoEnvironments(config, { web: 0 }, 5000, context)[0].port).toBe(5100);
  });

  test("a base port that leaves no room is a --port problem", () => {
    expect(problemsOf(() => buildDynoEnvironments(config, {}, 65500, context))).toEqual([
      "--port: 65500 leaves no port for worker.1 (it would get 65600; the last is 65535)",
    ]);
  });

  test("sensitive vars: the stack's names plus SESSION_SECRET, random, shared, fresh per run", () => {
    const names = localSecretNames({ sensitiveVars: { API_TOKEN: "x", SESSION_SECRET: "y" } });
    expect(names).toEqual(["API_TOKEN", "SESSION_SECRET"]);
    const first = generateLocalSecrets(names);
    const second = generateLocalSecrets(names);
    expect(Object.keys(first)).toEqual(names);
    for (const name of names) {
      expect(first[name]).toMatch(/^[A-Za-z0-9_-]{48}$/);
      expect(first[name]).not.toBe(second[name]);
    }
    expect(first.API_TOKEN).not.toBe(first.SESSION_SECRET);
  });

  test("a dyno inherits only PATH, HOME, user, locale and temp dir from the machine", () => {
    const env = dynoBaseEnv(
      { PATH: "/usr/bin:/bin", HOME: "/h", LANG: "C.UTF-8", NODE_ENV: "test", npm_config_x: "1" },
      "/opt/node/bin",
      "/srv/app",
    );
    expect(env).toEqual({
      PATH: ["/opt/node/bin", "/usr/bin", "/bin", "/srv/app/node_modules/.bin"].join(
        path.delimiter,
      ),
      HOME: "/h",
      LANG: "C.UTF-8",
    });
  });

  test("the start notes name what isn't simulated, and never a secret's value", () => {
    const dynos = buildDynoEnvironments(config, { web: 2 }, 5000, context);
    const formation = config.formation.map((entry) =>
      entry.type === "web" ? { ...entry, quantity: 2 } : entry,
    );
    const notes = localNotes({
      config,
      formation,
      dynos,
      secretNames: ["SESSION_SECRET"],
      graceMs: 30_000,
    }).join("\n");
    expect(notes).toContain("stack staging (test/fixtures/Pulumi.staging.yaml): web=2 worker=1");
    expect(notes).toContain("dyno sizes don't apply locally (web: basic, worker: basic)");
    expect(notes).toContain("web=2: Heroku runs at most 1 basic dyno per process type");
    expect(notes).toContain("add-ons aren't provisioned locally");
    expect(notes).toContain("http://localhost:5000 (web.1), http://localhost:5001 (web.2)");
    expect(notes).toMatch(/random local values.*: SESSION_SECRET$/m);
    expect(notes).not.toContain(secrets.SESSION_SECRET);
  });
});

describe("the release phase, add-ons and what no environment can hold", () => {
  const fixture = (name: string) =>
    stackFileConfig(loadStackFile(path.join(FIXTURES_DIR, "local", `Pulumi.${name}.yaml`))).config;
  const config = fixture("postgres");
  const context = {
    processes: parseProcfile("web: node web.js\nworker: node worker.js\nrelease: node r.js\n"),
    secrets: { SESSION_SECRET: "s".repeat(48) },
    baseEnv: { PATH: "/bin" },
    addonVars: { DATABASE_URL: "postgres://u:p@127.0.0.1:5432/db" },
  };

  test("release.1 runs the Procfile's release command with the dynos' config, and no PORT", () => {
    expect(buildReleaseDyno(config, context)).toEqual({
      name: "release.1",
      type: "release",
      command: "node r.js",
      env: {
        PATH: "/bin",
        NODE_ENV: "production",
        GREETING: "hello",
        DATABASE_URL: context.addonVars.DATABASE_URL,
        SESSION_SECRET: context.secrets.SESSION_SECRET,
        DYNO: "release.1",
      },
    });
    const noRelease = { ...context, processes: parseProcfile("web: node web.js\n") };
    expect(buildReleaseDyno(config, noRelease)).toBeUndefined();
    // …and it is never part of the formation
    expect(config.formation.map(({ type }) => type)).toEqual(["web", "worker"]);
  });

  test("every dyno gets the add-on's DATABASE_URL", () => {
    const dynos = buildDynoEnvironments(config, {}, 5000, context);
    expect(dynos.map(({ env }) => env.DATABASE_URL)).toEqual([
      context.addonVars.DATABASE_URL,
      context.addonVars.DATABASE_URL,
    ]);
  });

  test("a NUL byte in a config value is one line naming the file and the key", () => {
    expect(environmentProblems(config)).toEqual([]);
    // Built here rather than loaded: the loader may refuse such a file on its own.
    const withNul = { ...config, configVars: { OK: "fine", GREETING: "hello\0world" } };
    expect(environmentProblems(withNul)).toEqual([
      "test/fixtures/local/Pulumi.postgres.yaml: heroku-app:configVars.GREETING: " +
        "the value holds a NUL byte, which no process environment can; remove it",
    ]);
  });

  test("the database: a throwaway cluster, unless one is given; none without the add-on", () => {
    const url = "postgres://me:hunter2@db.example.com:5433/app";
    expect(postgresAddons(config)).toEqual(["database (heroku-postgresql:essential-0)"]);
    expect(chooseDatabase(config, undefined, undefined)).toEqual({ kind: "cluster" });
    expect(chooseDatabase(config, undefined, "")).toEqual({ kind: "cluster" });
    expect(chooseDatabase(config, url, "postgres://other/db")).toEqual({
      kind: "given",
      url,
      from: "--database-url",
      shown: "db.example.com:5433/app",
    });
    expect(chooseDatabase(config, undefined, url)).toMatchObject({
      from: "DATABASE_URL from your shell",
    });
    expect(problemsOf(() => chooseDatabase(config, "mysql://me:hunter2@h/db", undefined))).toEqual([
      "--database-url: not a postgres:// URL (the value is not shown)",
    ]);
    const review = stackFileConfig(
      loadStackFile(path.join(FIXTURES_DIR, "Pulumi.review-123.yaml")),
    ).config; // no add-on at all
    expect(chooseDatabase(review, undefined, url)).toEqual({ kind: "none", shellUrlIgnored: true });
    expect(problemsOf(() => chooseDatabase(review, url, undefined))).toEqual([
      "--database-url: review-123 declares no heroku-postgresql add-on, so its dynos get no DATABASE_URL",
    ]);
  });

  test("the start notes say where DATABASE_URL comes from and that the release runs first", () => {
    const dynos = buildDynoEnvironments(config, {}, 5000, context);
    const release = buildReleaseDyno(config, context);
    const notes = (choice: DatabaseChoice, clusterPort?: number) =>
      localNotes({
        config,
        formation: config.formation,
        dynos,
        secretNames: [],
        release,
        database: { choice, clusterPort },
        graceMs: 30_000,
      }).join("\n");
    expect(notes({ kind: "cluster" }, 54321)).toContain(
      "database (heroku-postgresql:essential-0) → DATABASE_URL: a throwaway PostgreSQL cluster " +
        "on 127.0.0.1:54321, deleted when the run stops",
    );
    const given = chooseDatabase(config, "postgres://me:hunter2@db:5433/app", undefined);
    expect(notes(given)).toContain("→ DATABASE_URL: db:5433/app, from --database-url");
    expect(notes(given)).not.toContain("hunter2");
    expect(notes(given)).toContain(
      "add-ons aren't provisioned locally, nor their config vars: cache (heroku-redis:mini)",
    );
    expect(notes(given)).toContain("release.1 runs `node r.js`; if it fails, nothing else starts");
  });
});
