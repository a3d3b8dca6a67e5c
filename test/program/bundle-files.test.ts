import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { BundleError, bundleApp } from "../../src/program/bundle";
import { SECRET_DENY_LIST, selectDeployableFiles } from "../../src/program/bundle-files";
import { runImported } from "../support/harness";
import { planCommand } from "../support/plans";
import { fixture } from "../support/paths";
import { scratchDirs } from "../support/scratch";

/**
 * The bundle ships only what a `git push` would: files no .gitignore ignores (at every level,
 * up to the checkout's root), minus Heroku's .slugignore, minus secret-bearing files whatever the
 * ignore files say; and it refuses what it can't ship faithfully, in one line.
 */

const scratch = scratchDirs();

/** An app directory with package.json and the given files (content = the file's own name). */
function app(files: string[], root = scratch("bundle-files-")): string {
  const dir = path.join(root, "app");
  for (const file of ["package.json", ...files]) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(
      path.join(dir, file),
      file === "package.json" ? "{}\n" : `content of ${file}\n`,
    );
  }
  return dir;
}

const write = (dir: string, file: string, text: string) =>
  fs.writeFileSync(path.join(dir, file), text);
const files = (dir: string) => selectDeployableFiles(dir).files;

test("only app/test/ is left out as tests: a test/ folder deeper down is application code", () => {
  const dir = app([
    "test/app.test.js",
    "src/test/helpers.js",
    "src/lib/__tests__/util.js",
    "src/util.test.js",
  ]);
  expect(files(dir)).toEqual([
    "package.json",
    "src/lib/__tests__/util.js",
    "src/test/helpers.js",
    "src/util.test.js",
  ]);
});

test(".gitignore is honoured at every level, later and deeper lines winning as in git", () => {
  const dir = app([
    "tmp/cache.js",
    "src/x.generated.js",
    "src/lib/keep.generated.js",
    "src/notes.txt",
    "src/lib/notes.txt",
    "src/index.js",
  ]);
  write(dir, ".gitignore", "tmp/\n*.generated.js\n");
  write(dir, "src/.gitignore", "notes.txt\n");
  write(dir, "src/lib/.gitignore", "!keep.generated.js\n");
  expect(files(dir)).toEqual([
    ".gitignore",
    "package.json",
    "src/.gitignore",
    "src/index.js",
    "src/lib/.gitignore",
    "src/lib/keep.generated.js",
  ]);
});

test("the checkout's .gitignore above app/ applies inside a git checkout, and only there", () => {
  const inside = scratch("checkout-");
  const outside = scratch("no-checkout-");
  for (const root of [inside, outside]) {
    app(["build/out.js", "data.tmp", "src/index.js"], root);
    write(root, ".gitignore", "app/build/\n*.tmp\n");
  }
  fs.mkdirSync(path.join(inside, ".git"));
  expect(files(path.join(inside, "app"))).toEqual(["package.json", "src/index.js"]);
  expect(files(path.join(outside, "app"))).toEqual([
    "build/out.js",
    "data.tmp",
    "package.json",
    "src/index.js",
  ]);
});

describe("secret-bearing files", () => {
  const SECRETS = [
    ".npmrc",
    ".env",
    ".env.production",
    ".env-local",
    ".env_prod",
    "config/.env.test",
    ".envrc",
    "secrets.yml",
    "config/secrets.json",
    "app.secret",
    "service-account-prod.json",
    "release.keystore",
    ".htpasswd",
    ".netrc",
    ".pgpass",
    ".git-credentials",
    "id_rsa",
    "id_ed25519",
    "certs/server.pem",
    "tls/server.key",
    "certs/store.p12",
    "credentials.json",
    "config/credentials-prod.json",
    "logs/app.log",
    "npm-debug.log.1",
    "src/.docker/config.json",
  ];

  test("are never bundled, whatever .gitignore says, and each is named", () => {
    const dir = app([...SECRETS, ".aws/credentials", "src/index.js"]);
    write(dir, ".gitignore", "!.npmrc\n!*.pem\n!.env-local\n!secrets.yml\n.pgpass\n");
    const selected = selectDeployableFiles(dir);
    expect(selected.files).toEqual([".gitignore", "package.json", "src/index.js"]);
    // .pgpass is git-ignored anyway: git wouldn't send it, so there's nothing to say about it.
    expect(selected.withheld).toEqual(
      [...SECRETS.filter((file) => file !== ".pgpass"), ".aws/"].sort(),
    );
    const bundle = bundleApp({ appDir: dir, outDir: scratch("out-") });
    const contents = fs
      .readdirSync(bundle.path, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), "latin1"))
      .join("\n");
    for (const file of SECRETS) expect(contents).not.toContain(`content of ${file}`);
    expect(bundle.withheld).toEqual(selected.withheld);
  });

  test("the deny list holds every kind the README names", () => {
    const named = [".npmrc", ".env*", ".netrc", ".pgpass", ".git-credentials", "secrets.yml"];
    const keys = ["id_*", "*.pem", "*.key", "*.p12", "credentials*.json", ".aws/", "*.log"];
    expect(SECRET_DENY_LIST).toEqual(expect.arrayContaining([...named, ...keys]));
  });
});

test(".slugignore leaves files out as Heroku would before the build; a negation is refused", () => {
  const dir = app(["design.psd", "docs/guide.md", "src/docs/page.js"]);
  write(dir, ".slugignore", "# art sources\n*.psd\n/docs\n");
  expect(files(dir)).toEqual([".slugignore", "package.json", "src/docs/page.js"]);
  write(dir, ".slugignore", "*.psd\n!keep.psd\n");
  expect(() => files(dir)).toThrow(
    /\.slugignore line 2: Heroku's \.slugignore has no "!" \(negation\), so Heroku would still remove what it tries to keep; remove the line/,
  );
});

describe("what a bundle can't hold", () => {
  test("a symlink or a named pipe is a one-line error naming it; an ignored one is no matter", () => {
    const dir = app(["src/index.js"]);
    fs.mkdirSync(path.join(dir, "node_modules", ".bin"), { recursive: true });
    fs.symlinkSync("../x", path.join(dir, "node_modules", ".bin", "x"));
    fs.symlinkSync("/etc/hostname", path.join(dir, "ignored-link"));
    write(dir, ".gitignore", "ignored-link\n");
    expect(files(dir)).toEqual([".gitignore", "package.json", "src/index.js"]);

    fs.symlinkSync("index.js", path.join(dir, "src", "alias.js"));
    expect(() => files(dir)).toThrow(BundleError);
    expect(() => files(dir)).toThrow(
      /^\S*src\/alias\.js is a symbolic link; a bundle holds regular files only: [^\n]*$/,
    );
    fs.rmSync(path.join(dir, "src", "alias.js"));

    expect(spawnSync("mkfifo", [path.join(dir, "src", "pipe")]).status).toBe(0);
    expect(() => files(dir)).toThrow(
      /src\/pipe is a named pipe; a bundle holds regular files only/,
    );
  });

  test("a hardlinked file bundles exactly like a copy", () => {
    const linked = app(["src/a.js"]);
    const copied = app(["src/a.js"]);
    fs.linkSync(path.join(linked, "src", "a.js"), path.join(linked, "src", "b.js"));
    fs.copyFileSync(path.join(copied, "src", "a.js"), path.join(copied, "src", "b.js"));
    const fromLinks = bundleApp({ appDir: linked, outDir: scratch("out-") });
    const fromCopies = bundleApp({ appDir: copied, outDir: scratch("out-") });
    expect(fromLinks.checksum).toBe(fromCopies.checksum);
    // Two files in the bundle, not two names of one: the provider tars what it finds.
    const bundled = (name: string) => fs.statSync(path.join(fromLinks.path, "src", name));
    expect([bundled("a.js").nlink, bundled("b.js").nlink]).toEqual([1, 1]);
  });
});

describe("one line, no stack trace", () => {
  test("from a plan, which bundles app/", async () => {
    const dir = app(["src/index.js"]);
    write(dir, "Procfile", "web: node src/index.js\nworker: node src/index.js\n");
    fs.symlinkSync("index.js", path.join(dir, "src", "alias.js"));
    const paths = "../../src/program/paths";
    const load = async () => {
      let program: Record<string, unknown> = {};
      await jest.isolateModulesAsync(async () => {
        jest.doMock(paths, () => ({ ...jest.requireActual(paths), APP_DIR: dir }));
        program = await runImported(await import("../../index"));
      });
      return program;
    };
    const planned = await planCommand([fixture("staging")], { load });
    expect(planned.status).toBe(1);
    expect(planned.err).toMatch(
      /^plan: \S*Pulumi\.staging\.yaml: can't be planned \(1 problem\):\n\S*src\/alias\.js is a symbolic link; [^\n]*\n$/,
    );
  });
});
