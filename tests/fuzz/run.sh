#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang (ASan+UBSan) and runs each for a bounded time.
# Usage: tests/fuzz/run.sh [seconds-per-fuzzer]   (default 60): explore, random seed
#        FUZZ_RUNS=N tests/fuzz/run.sh                  replay: N inputs each, fixed seed, so a
#                                                       failure in CI reproduces exactly
# Each harness first runs tests/fuzz/regressions/<fuzzer>/ (inputs that once crashed it).
# A crash leaves its input in build-fuzz/crashes/<fuzzer>/: fix it, add a unit test, and copy
# the input into tests/fuzz/regressions/<fuzzer>/. Hours-long runs: tests/fuzz/long.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/fuzz/common.sh
. tests/fuzz/common.sh
seconds=${1:-60}
if [ -n "${FUZZ_RUNS:-}" ]; then
  budget=(-runs="$FUZZ_RUNS" -seed=1) budget_text="$FUZZ_RUNS inputs, seed 1"
else
  budget=(-max_total_time="$seconds") budget_text="${seconds}s"
fi
fuzz_build
fuzz_seeds
status=0
for name in $fuzzers; do
  fuzzer=build-fuzz/tests/fuzz/$name
  seed_dir=$(fuzz_seed_dir "$name")
  work=build-fuzz/corpus/$name crashes=build-fuzz/crashes/$name
  mkdir -p "$work" "$crashes"
  regressions=tests/fuzz/regressions/$name
  mkdir -p "$regressions"
  echo "== $name: $budget_text"
  if ! "$fuzzer" "${budget[@]}" "${fuzz_options[@]}" "$(fuzz_harness_options "$name")" \
      -artifact_prefix="$crashes/" "$work" "$seed_dir" "$regressions" 2>"build-fuzz/$name.log"; then
    echo "FAILED: $name (see build-fuzz/$name.log, inputs in $crashes)"; tail -30 "build-fuzz/$name.log"
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "build-fuzz/$name.log" | tail -2
  fi
done
if [ $status -eq 0 ]; then echo "fuzz: every harness ran $budget_text without a crash"; fi
exit $status
