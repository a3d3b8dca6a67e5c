#!/usr/bin/env bash
# The real Pulumi toolchain for the engine tests, `npm run sandbox` and the change plan, laid out as
# a Pulumi install lays it out. Prints two lines on stdout: the directory to put first on PATH (the
# `pulumi` binary, with the Node.js language host beside it), then the PULUMI_HOME whose plugin
# cache holds the providers. Progress and problems go to stderr.
#
# The CLI:
# 1. A `pulumi` already on PATH at the version of @pulumi/pulumi in package-lock.json is used as is
#    (a user's machine, a GitHub runner with pulumi/actions: Pulumi's install bundles the language
#    host beside it).
# 2. Else, with Go, it is built from the Go module proxy, pinned by the module under engine/ (go.mod
#    and go.sum committed), into a cache outside the clone keyed by a hash of the pins and the Go
#    version: a fresh clone reuses it, a second run takes a fraction of a second.
# 3. Without either, it says in one line what to install, and exits 1.
#
# --plugins also makes ready what `preview`/`up` need beyond the CLI, exiting 2 with one line saying
# what to install when it can't:
# - the Node.js language host, beside `pulumi` (Pulumi bundles it with the CLI, and refuses
#   `pulumi plugin install language nodejs`);
# - the Heroku provider 1.0.4 and the random provider 4.19.0 (the versions the program's SDKs
#   ask for), installed with `pulumi plugin install` into the project's PULUMI_HOME, so the engine
#   never warns "using … from $PATH".
# Where the plugin binaries come from: the directory HEROKU_APP_ENGINE_PLUGINS names, when it is
# set (a machine whose Go module proxy refuses their modules: .ci/run points it at what was built
# for it); otherwise `pulumi plugin install` from the plugins' own servers (GitHub releases for
# pulumiverse, Pulumi's for random), the path a user's machine and a GitHub runner take.
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

cache="${XDG_CACHE_HOME:-$HOME/.cache}/heroku-app"
# The project's PULUMI_HOME: its plugin cache is shared by every clone on the machine, as ~/.pulumi is.
home="$cache/pulumi-home"
plugins_from="${HEROKU_APP_ENGINE_PLUGINS:-}"
# The providers, as the program's SDKs pin them (`pulumi` blocks of their package.json).
# "<name> <version> <server or ->", from each SDK's package.json.
mapfile -t providers < <(node -e '
  for (const sdk of ["@pulumiverse/heroku", "@pulumi/random"]) {
    const { pulumi } = require(`${sdk}/package.json`);
    console.log(pulumi.name, pulumi.version.replace(/^v/, ""), pulumi.server ?? "-");
  }')

# The language host beside `pulumi`, as Pulumi's install has it; copied in only beside a CLI this
# script built (a user's install is theirs: it bundles its own).
language_host() {
  local bin=$1 built=$2
  [ -x "$bin/pulumi-language-nodejs" ] && return 0
  if $built && [ -n "$plugins_from" ] && [ -x "$plugins_from/pulumi-language-nodejs" ]; then
    cp "$plugins_from/pulumi-language-nodejs" "$bin/pulumi-language-nodejs.partial"
    mv "$bin/pulumi-language-nodejs.partial" "$bin/pulumi-language-nodejs"
    return 0
  fi
  say "no Node.js language host beside $bin/pulumi: install the Pulumi CLI v$version" \
    "(https://www.pulumi.com/docs/install/, it bundles it), or set HEROKU_APP_ENGINE_PLUGINS to a" \
    "directory holding pulumi-language-nodejs (docs/engine.md)"
  return 1
}

# Each provider in the project's plugin cache, installed the way `pulumi plugin install` does.
install_providers() {
  local bin=$1 name release server file
  mkdir -p "$home"
  exec 8>"$home/.install.lock"
  flock 8
  for provider in "${providers[@]}"; do
    read -r name release server <<<"$provider"
    [ -x "$home/plugins/resource-$name-v$release/pulumi-resource-$name" ] && continue
    if [ -n "$plugins_from" ]; then
      file="$plugins_from/pulumi-resource-$name"
      if [ ! -x "$file" ]; then
        say "HEROKU_APP_ENGINE_PLUGINS=$plugins_from has no pulumi-resource-$name"
        return 1
      fi
      args=(--file "$file")
    elif [ "$server" != - ]; then
      args=(--server "$server")
    else
      args=()
    fi
    hint="pulumi plugin install resource $name $release${args[*]:+ ${args[*]}}"
    if ! PULUMI_HOME="$home" "$bin/pulumi" plugin install resource "$name" "$release" "${args[@]}" \
      --non-interactive >/dev/null 2>"$home/.install.err"; then
      say "could not install the $name provider $release: $(tail -n 1 "$home/.install.err")." \
        "Install it with: PULUMI_HOME=$home $hint" \
        "(or set HEROKU_APP_ENGINE_PLUGINS to a directory holding pulumi-resource-$name; docs/engine.md)"
      return 1
    fi
    say "installed the $name provider $release into $home"
  done
}

finish() {
  local bin=$1 built=$2
  if $want_plugins; then
    language_host "$bin" "$built" || exit 2
    install_providers "$bin" || exit 2
  fi
  echo "$bin"
  echo "$home"
  exit 0
}

if command -v pulumi >/dev/null; then
  found=$(pulumi version 2>/dev/null || true)
  if [ "$found" = "v$version" ]; then
    finish "$(dirname "$(command -v pulumi)")" false
  fi
  say "ignoring $(command -v pulumi) ($found): the project pins v$version"
fi

if ! command -v go >/dev/null; then
  say "no Pulumi CLI v$version and no Go to build it: install the Pulumi CLI v$version" \
    "(https://www.pulumi.com/docs/install/) or Go (https://go.dev/doc/install)"
  exit 1
fi

pins=$( (cat engine/*/go.mod engine/*/go.sum; go version; echo "$version") | sha256sum | cut -c1-16)
bin="$cache/engine/$pins/bin"
if [ -x "$bin/pulumi" ]; then finish "$bin" true; fi

# One build at a time (test files and a sandbox may ask together); the winner's build serves all.
mkdir -p "$bin"
exec 9>"$bin/.lock"
flock 9
if [ -x "$bin/pulumi" ]; then finish "$bin" true; fi

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
finish "$bin" true
