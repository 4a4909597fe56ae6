#!/usr/bin/env bash
# The whole test suite: install packages, build, run every test under CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh --tests
tools/build.sh
cd build
ctest --output-on-failure -j "$(nproc)" --timeout 600
