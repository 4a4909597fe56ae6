#!/usr/bin/env bash
# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer (gcc is fine).
# Builds into build-asan/ and runs every CTest test; any sanitizer report fails the test that hit it.
# Usage: tools/run-sanitized-tests.sh [jobs]   (default: nproc)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${1:-$(nproc)}
# leak checking stays on; halt_on_error makes a report fail the test instead of scrolling past
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1}
# a leak inside a distribution library that no patchflow code owns is listed in tests/lsan.supp
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
tools/install-deps.sh --tests
start=$(date +%s)
cmake -S . -B build-asan -DPATCHFLOW_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-asan -j "$jobs"
built=$(date +%s)
cd build-asan
status=0
ctest --output-on-failure -j "$jobs" --timeout 900 || status=$?
end=$(date +%s)
echo "sanitized build: $((built - start)) s, sanitized tests: $((end - built)) s"
exit $status
