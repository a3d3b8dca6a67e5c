/**
 * Tests leave nothing: jest's globalSetup notes what TMPDIR and the work tree hold, and its
 * globalTeardown fails the run naming whatever a test left there (and removes `.bundle/`, the
 * bundles a plan writes into the tree, when the run made it). Plain JS: jest loads these itself.
 */
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");

const ROOT = path.resolve(__dirname, "..", "..");
// One record per project folder: a copy of the project (test/project/user-edits.test.ts) runs its
// own suite through a link to these node_modules while this one runs.
const RECORD = path.join(
  ROOT,
  "node_modules",
  ".cache",
  `heroku-app-test-leftovers-${require("crypto").createHash("sha256").update(ROOT).digest("hex").slice(0, 12)}.json`,
);

function tmpEntries() {
  return fs.readdirSync(os.tmpdir()).sort();
}

async function setup() {
  fs.mkdirSync(path.dirname(RECORD), { recursive: true });
  const record = { tmp: tmpEntries(), bundle: fs.existsSync(path.join(ROOT, ".bundle")) };
  fs.writeFileSync(RECORD, JSON.stringify(record));
}

async function teardown() {
  const before = JSON.parse(fs.readFileSync(RECORD, "utf8"));
  fs.rmSync(RECORD, { force: true });
  if (!before.bundle) fs.rmSync(path.join(ROOT, ".bundle"), { recursive: true, force: true });
  // Another process's files come and go in a shared TMPDIR too: only this run's names count.
  const left = tmpEntries().filter(
    (entry) =>
      !before.tmp.includes(entry) &&
      /^(stack|plans|plan-|hygiene|bundle|list-stacks|shim|pulumi-cli|sandbox-engine|private-tmp|adopt-|local-|heroku-local-pg|heroku-sandbox-pg|engine-sandbox|user-edits-|jest_)/.test(
        entry,
      ),
  );
  if (left.length > 0) {
    throw new Error(
      `the tests left ${left.length} entries in ${os.tmpdir()}: ${left.slice(0, 20).join(", ")}`,
    );
  }
}

module.exports = { setup, teardown };
