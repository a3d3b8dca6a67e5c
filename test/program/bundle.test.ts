import { spawnSync } from "node:child_process";
import fs from "node:fs"; // the module object itself, so jest.spyOn can reach it
import * as os from "node:os";
import * as path from "node:path";
import { bundleApp, listDeployableFiles } from "../../src/program/bundle";
import { PROJECT_DIR } from "../../src/program/paths";

/** A small app with nested and executable files; every test works on copies of it. */
const DEPLOYABLE: Record<string, { content: string; executable?: boolean }> = {
  "package.json": { content: '{ "name": "fixture", "private": true }\n' },
  "package-lock.json": { content: '{ "lockfileVersion": 3 }\n' },
  Procfile: { content: "web: node src/server.js\nworker: node src/worker.js\n" },
  ".nvmrc": { content: "20\n" },
  "src/server.js": { content: 'require("./lib/util");\n' },
  "src/lib/util.js": { content: "module.exports = 42;\n" },
  "bin/migrate": { content: "#!/bin/sh\necho migrating\n", executable: true },
};

/** Files a `git push` would not carry or that must never leave the machine (no .gitignore here). */
const EXCLUDED: Record<string, string> = {
  ".env": "DATABASE_URL=postgres://secret",
  ".env.production": "API_KEY=secret",
  "test/server.test.js": "test('x', () => {});",
  "npm-debug.log": "log",
  "node_modules/express/index.js": "module.exports = {};",
  ".DS_Store": "\0\0",
  "src/.server.js.swp": "swap",
  "src/server.js~": "backup",
  ".vscode/settings.json": "{}",
  ".idea/workspace.xml": "<x/>",
};

let scratch: string;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-test-"));
});
afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

let dirCount = 0;
function freshDir(name: string): string {
  const dir = path.join(scratch, `${++dirCount}-${name}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function writeFile(root: string, relativePath: string, content: string, mode?: number): void {
  const file = path.join(root, relativePath);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  if (mode !== undefined) fs.chmodSync(file, mode);
}

function makeApp(name: string, order: "sorted" | "reversed" = "sorted"): string {
  const dir = freshDir(name);
  const names = Object.keys(DEPLOYABLE).sort();
  for (const file of order === "sorted" ? names : names.reverse()) {
    const { content, executable } = DEPLOYABLE[file];
    writeFile(dir, file, content, executable ? 0o755 : 0o644);
  }
  return dir;
}

function bundle(appDir: string) {
  return bundleApp({ appDir, outDir: freshDir("out") });
}

/** The bundle directory's files, posix paths relative to it, sorted. */
function listDirectory(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) =>
      path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"),
    )
    .sort();
}

describe("listDeployableFiles", () => {
  test("lists sources, manifest, lockfile and Procfile, sorted, with posix paths", () => {
    const dir = makeApp("list");
    expect(listDeployableFiles(dir)).toEqual(Object.keys(DEPLOYABLE).sort());
  });

  test("leaves out secrets, tests, logs, node_modules and editor/OS files", () => {
    const dir = makeApp("list-excluded");
    for (const [file, content] of Object.entries(EXCLUDED)) writeFile(dir, file, content);
    expect(listDeployableFiles(dir)).toEqual(Object.keys(DEPLOYABLE).sort());
  });

  test("refuses symlinks instead of silently shipping or dropping them", () => {
    const dir = makeApp("symlink");
    fs.symlinkSync("/etc/hostname", path.join(dir, "src", "link.js"));
    expect(() => listDeployableFiles(dir)).toThrow(
      /link\.js is a symbolic link; a bundle holds regular files only/,
    );
  });

  test("on the real app: the Procfile entry points ship, its tests do not", () => {
    const files = listDeployableFiles(path.join(PROJECT_DIR, "app"));
    expect(files).toEqual(
      expect.arrayContaining(["package.json", "package-lock.json", "Procfile"]),
    );
    const procfile = fs.readFileSync(path.join(PROJECT_DIR, "app", "Procfile"), "utf8");
    for (const [, script] of procfile.matchAll(/^\w+: node (\S+)/gm)) {
      expect(files).toContain(script);
    }
    expect(files.filter((file) => /^(test|node_modules)\/|\.env/.test(file))).toEqual([]);
  });
});

describe("bundleApp is reproducible", () => {
  test("two runs on the same tree give the same checksum, and the second writes nothing", () => {
    const dir = makeApp("twice");
    const outDir = freshDir("twice-out");
    const first = bundleApp({ appDir: dir, outDir });
    const written = fs.statSync(path.join(outDir, "app", "package.json")).mtimeMs;
    const second = bundleApp({ appDir: dir, outDir });
    expect(second).toEqual(first);
    expect(fs.statSync(path.join(outDir, "app", "package.json")).mtimeMs).toBe(written);
  });

  test("ignores file and directory mtimes", () => {
    const dir = makeApp("mtimes");
    const before = bundle(dir).checksum;
    let day = 0;
    const touch = (target: string) => {
      const when = new Date(Date.UTC(2001, 0, 1 + ++day));
      fs.utimesSync(target, when, when);
    };
    for (const file of Object.keys(DEPLOYABLE)) touch(path.join(dir, file));
    for (const sub of ["src", "src/lib", "bin", "."]) touch(path.join(dir, sub));
    expect(bundle(dir).checksum).toBe(before);
  });

  test("ignores the umask the tree was created under", () => {
    const source = makeApp("umask-source");
    const copies = ["022", "002", "077"].map((umask) => copyUnderUmask(source, umask));
    const modes = copies.map((dir) => fs.statSync(path.join(dir, "package.json")).mode & 0o777);
    expect(new Set(modes)).toEqual(new Set([0o644, 0o664, 0o600])); // the copies do differ
    const checksums = copies.map((dir) => bundle(dir).checksum);
    expect(new Set(checksums).size).toBe(1);
  });

  test("ignores where the tree lives and the order its files were created in", () => {
    const sorted = bundle(makeApp("order-sorted"));
    const reversed = bundle(makeApp("order-reversed", "reversed"));
    expect(reversed.checksum).toBe(sorted.checksum);
  });

  test("ignores the order in which the file system lists directories", () => {
    const dir = makeApp("listing-order");
    const before = bundle(dir).checksum;
    const readdir = fs.readdirSync.bind(fs) as (...args: unknown[]) => unknown[];
    const reversed = (...args: unknown[]) => readdir(...args).reverse();
    const spy = jest
      .spyOn(fs, "readdirSync")
      .mockImplementation(reversed as unknown as typeof fs.readdirSync);
    try {
      expect(bundle(dir).checksum).toBe(before);
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  test("keeps the execute bit, which git tracks and Heroku needs", () => {
    const dir = makeApp("exec-bit");
    const before = bundle(dir).checksum;
    fs.chmodSync(path.join(dir, "bin", "migrate"), 0o644);
    expect(bundle(dir).checksum).not.toBe(before);
  });

  test("changes when a deployable file changes, and comes back when it is restored", () => {
    const dir = makeApp("content");
    const before = bundle(dir);
    const file = path.join(dir, "src", "lib", "util.js");
    const original = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, original.replace("42", "43"));
    const changed = bundle(dir);
    expect(changed.checksum).not.toBe(before.checksum);
    fs.writeFileSync(file, original);
    expect(bundle(dir).checksum).toBe(before.checksum);
  });

  test("changes when a deployable file is added", () => {
    const dir = makeApp("added");
    const before = bundle(dir);
    writeFile(dir, "src/new.js", "");
    const after = bundle(dir);
    expect(after.checksum).not.toBe(before.checksum);
    expect(after.files).toBe(before.files + 1);
  });

  test.each(Object.keys(EXCLUDED))("does not change when %s is added or edited", (file) => {
    const dir = makeApp("excluded");
    const before = bundle(dir).checksum;
    writeFile(dir, file, EXCLUDED[file]);
    expect(bundle(dir).checksum).toBe(before);
    writeFile(dir, file, `${EXCLUDED[file]} edited`);
    expect(bundle(dir).checksum).toBe(before);
  });
});

describe("the directory the provider builds from", () => {
  test("holds exactly the deployable files, with their contents and execute bits", () => {
    const dir = makeApp("entries");
    for (const [file, content] of Object.entries(EXCLUDED)) writeFile(dir, file, content);
    fs.chmodSync(path.join(dir, "src", "server.js"), 0o600); // as under umask 077
    const outDir = freshDir("entries-out");
    const result = bundleApp({ appDir: dir, outDir });
    const target = path.join(outDir, "app");
    expect(result.path).toBe(target);
    expect(listDirectory(target)).toEqual(listDeployableFiles(dir));
    expect(result.files).toBe(Object.keys(DEPLOYABLE).length);
    for (const [file, { content, executable }] of Object.entries(DEPLOYABLE)) {
      expect(fs.readFileSync(path.join(target, file), "utf8")).toBe(content);
      expect(fs.statSync(path.join(target, file)).mode & 0o777).toBe(executable ? 0o755 : 0o644);
    }
    expect(result.bytes).toBe(
      Object.values(DEPLOYABLE).reduce((sum, { content }) => sum + Buffer.byteLength(content), 0),
    );
  });

  test("loses what app/ no longer has: a removed file, and a directory left empty", () => {
    const dir = makeApp("removed");
    const outDir = freshDir("removed-out");
    bundleApp({ appDir: dir, outDir });
    fs.rmSync(path.join(dir, "src", "lib"), { recursive: true });
    const after = bundleApp({ appDir: dir, outDir });
    expect(listDirectory(path.join(outDir, "app"))).not.toContain("src/lib/util.js");
    expect(fs.existsSync(path.join(outDir, "app", "src", "lib"))).toBe(false);
    expect(after.files).toBe(Object.keys(DEPLOYABLE).length - 1);
  });

  test("in a git checkout, holds only what git tracks, and names the rest", () => {
    const dir = makeApp("git");
    const git = (...args: string[]) =>
      spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], {
        cwd: dir,
        encoding: "utf8",
      });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-q", "-m", "app");
    writeFile(dir, "src/new.js", "module.exports = 1;\n");
    const outDir = freshDir("git-out");
    const result = bundleApp({ appDir: dir, outDir });
    expect(result.untracked).toEqual(["src/new.js"]);
    expect(listDirectory(path.join(outDir, "app"))).not.toContain("src/new.js");
    git("add", "src/new.js"); // added is enough: the next commit carries it
    expect(listDirectory(path.join(outDir, "app"))).not.toContain("src/new.js");
    expect(bundleApp({ appDir: dir, outDir }).untracked).toEqual([]);
    expect(listDirectory(path.join(outDir, "app"))).toContain("src/new.js");
  });

  test("an app git tracks nothing of is refused, saying what to add", () => {
    const dir = makeApp("git-nothing");
    spawnSync("git", ["init", "-q"], { cwd: dir });
    expect(() => bundle(dir)).toThrow(
      /package\.json isn't tracked by git, so `git push heroku` wouldn't send it, nor does the build: `git add \S+`$/,
    );
  });
});

describe("paths", () => {
  test("by default bundles app/ into .bundle/app and answers a path relative to the project", () => {
    const result = bundleApp();
    expect(result.path).toBe(".bundle/app");
    expect(fs.existsSync(path.join(PROJECT_DIR, ".bundle", "app", "package.json"))).toBe(true);
  });

  test("an outDir outside the project gives an absolute path", () => {
    const outDir = freshDir("outside");
    const result = bundleApp({ appDir: makeApp("outside-app"), outDir });
    expect(path.dirname(result.path)).toBe(outDir);
  });

  test("refuses a directory without package.json", () => {
    const dir = freshDir("no-manifest");
    writeFile(dir, "index.js", "");
    expect(() => bundle(dir)).toThrow(/package\.json/);
  });
});

/** Copies `source` in a child process whose umask is `umask`, as a checkout would. */
function copyUnderUmask(source: string, umask: string): string {
  const target = freshDir(`umask-${umask}`);
  // Like git, create files as 0666 (0777 when executable) and let the umask cut them down.
  const copy = `
    process.umask(0o${umask});
    const fs = require("node:fs");
    const path = require("node:path");
    const [source, target] = process.argv.slice(1);
    for (const entry of fs.readdirSync(source, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const from = path.join(entry.parentPath, entry.name);
      const to = path.join(target, path.relative(source, from));
      fs.mkdirSync(path.dirname(to), { recursive: true });
      const executable = fs.statSync(from).mode & 0o100;
      fs.writeFileSync(to, fs.readFileSync(from), { mode: executable ? 0o777 : 0o666 });
    }`;
  const run = spawnSync(process.execPath, ["-e", copy, source, target], { encoding: "utf8" });
  expect(run.stderr).toBe("");
  return target;
}
