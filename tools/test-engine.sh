#!/usr/bin/env bash
# The engine tier: tests that run the real Pulumi CLI and providers (test/engine/).
# tools/install-engine.sh finds or builds the toolchain first. Without one (no CLI and no Go, or no
# plugins) it says so in one line and passes, except under CI, where the tier must run.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! bash tools/install-engine.sh --plugins >/dev/null; then
  if [ "${CI:-}" = true ] || [ "${CI:-}" = 1 ]; then
    echo "test:engine: no Pulumi toolchain (see above); CI requires the engine tier" >&2
    exit 1
  fi
  echo "test:engine: did not run (no Pulumi toolchain: see above)"
  exit 0
fi
exec npx jest --config jest.engine.config.js "$@"
