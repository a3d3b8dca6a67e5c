#!/usr/bin/env bash
# The real Pulumi toolchain for the engine tests and `npm run sandbox`: prints the directory to put
# first on PATH (stdout, one line); progress and problems go to stderr.
#
# 1. A `pulumi` already on PATH at the version of @pulumi/pulumi in package-lock.json is used as is
#    (a user's machine: Pulumi's own install bundles the Node.js language host).
# 2. Else, with Go, each binary is built from the Go module proxy, pinned by a small module of the
#    project's under engine/ (go.mod and go.sum committed; one module per binary, so each keeps the
#    dependency versions its upstream built with), into a cache outside the clone, keyed by a hash
#    of the pins and the Go version: a fresh clone reuses it, a second run takes a second.
# 3. Without either, it says in one line what to install, and exits 1.
#
# --plugins also requires what `preview`/`up` need beyond the CLI (the Node.js language host, the
# Heroku and random providers) on PATH, and exits 2 naming what is missing: the Go module proxy
# serves none of their modules here (engine/README.md), so only a machine with Pulumi's own install
# has them.
set -euo pipefail
cd "$(dirname "$0")/.."

want_plugins=false
[ "${1:-}" = "--plugins" ] && want_plugins=true
version=$(node -p 'require("./package-lock.json").packages["node_modules/@pulumi/pulumi"].version')
say() { echo "install-engine: $*" >&2; }
pinned=$(sed -n 's|^[[:space:]]*github.com/pulumi/pulumi/pkg/v3 \(v[^ ]*\).*|\1|p' engine/pulumi/go.mod)
if [ "$pinned" != "v$version" ]; then
  say "engine/pulumi/go.mod pins the CLI at $pinned but package-lock.json has @pulumi/pulumi" \
    "$version: run (cd engine/pulumi && go get github.com/pulumi/pulumi/pkg/v3@v$version" \
    "github.com/pulumi/pulumi/sdk/v3@v$version && go mod tidy)"
  exit 1
fi

plugins_missing() {
  local dir=$1 missing=()
  for plugin in pulumi-language-nodejs pulumi-resource-heroku pulumi-resource-random; do
    PATH="$dir:$PATH" command -v "$plugin" >/dev/null || missing+=("$plugin")
  done
  echo "${missing[*]}"
}

finish() {
  local dir=$1 missing
  missing=$(plugins_missing "$dir")
  if [ -n "$missing" ]; then
    say "not on PATH: $missing (preview and up need them; see engine/README.md)"
    if $want_plugins; then exit 2; fi
  fi
  echo "$dir"
  exit 0
}

if command -v pulumi >/dev/null; then
  found=$(pulumi version 2>/dev/null || true)
  if [ "$found" = "v$version" ]; then
    say "using $(command -v pulumi) ($found)"
    finish "$(dirname "$(command -v pulumi)")"
  fi
  say "ignoring $(command -v pulumi) ($found): the project pins v$version"
fi

if ! command -v go >/dev/null; then
  say "no Pulumi CLI v$version and no Go to build it: install Go (https://go.dev/doc/install)" \
    "or the Pulumi CLI v$version (https://www.pulumi.com/docs/install/)"
  exit 1
fi

pins=$( (cat engine/*/go.mod engine/*/go.sum; go version; echo "$version") | sha256sum | cut -c1-16)
bin="${XDG_CACHE_HOME:-$HOME/.cache}/heroku-app/engine/$pins/bin"
if [ -x "$bin/pulumi" ]; then finish "$bin"; fi

# One build at a time (test files and a sandbox may ask together); the winner's build serves all.
mkdir -p "$bin"
exec 9>"$bin/.lock"
flock 9
if [ -x "$bin/pulumi" ]; then finish "$bin"; fi

say "building the Pulumi CLI v$version from the Go module proxy (first time only: minutes)"
(
  cd engine/pulumi
  # The version the CLI reports (`pulumi version`), as Pulumi's release build stamps it.
  GOBIN="$bin.partial" go install -trimpath \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" tool
) >&2
mv "$bin.partial/pulumi" "$bin/pulumi"
rmdir "$bin.partial"
say "built $bin/pulumi"
finish "$bin"
