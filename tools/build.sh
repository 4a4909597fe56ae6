#!/usr/bin/env bash
# Configures and builds patchflow and its tests into build/ (warnings are errors when CI=true).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)"
