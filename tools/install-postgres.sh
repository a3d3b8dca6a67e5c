#!/usr/bin/env bash
# Installs PostgreSQL's server binaries (initdb, postgres) when this machine lacks them: the
# tests, the benchmarks and `npm run local` start throwaway clusters with them. Whether they are
# there is src/local/postgres-binaries.ts's call (PATH, then /usr/lib/postgresql/<version>/bin), so
# this script asks it (after `npm ci`). Installs with apt-get, as root, on Debian/Ubuntu;
# elsewhere it says what to install. Used by .ci/run and, when run as root, by the tests.
set -euo pipefail
cd "$(dirname "$0")/.."

find_server() {
  node -r ./tools/register.js -e '
    const dir = require("./src/local/postgres-binaries").findPostgresBinDir();
    if (dir === undefined) process.exit(1);
    console.log(dir);'
}
found() { echo "PostgreSQL server binaries: $1"; }

if dir=$(find_server); then found "$dir"; exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "install-postgres: PostgreSQL's server is not installed; as root on Debian/Ubuntu run" \
    "\`apt-get update && apt-get install -y postgresql\` (elsewhere install the PostgreSQL" \
    "server, e.g. \`brew install postgresql\`)" >&2
  exit 1
fi

# One install at a time (test files run in parallel); the winner's install serves the others.
exec 9>"${TMPDIR:-/tmp}/heroku-app-install-postgres.lock"
flock 9
if dir=$(find_server); then found "$dir"; exit 0; fi

echo "install-postgres: installing Debian's postgresql package" >&2
# Debian's package would create and start a "main" cluster on port 5432; nothing here uses
# it (every user starts its own throwaway cluster), so it is not created.
if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
  mkdir -p /etc/postgresql-common
  echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.conf
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold postgresql >&2
if dir=$(find_server); then found "$dir"; exit 0; fi
echo "install-postgres: postgresql is installed, yet initdb and postgres are still not found" >&2
exit 1
