#!/usr/bin/env bash
# Configures and builds into build/ (warnings are errors when CI=true).
#   tools/build.sh            the tool and the whole test suite
#   tools/build.sh --tool     the patchflow binary alone (what the demo runs; no googletest needed)
set -euo pipefail
cd "$(dirname "$0")/.."
testing=ON
targets=()
if [ "${1:-}" = "--tool" ]; then
  testing=OFF
  targets=(--target patchflow)
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=$testing >/dev/null
cmake --build build -j "$(nproc)" "${targets[@]}"
