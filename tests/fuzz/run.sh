#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang (ASan+UBSan) and runs each for a bounded time.
# Usage: tests/fuzz/run.sh [seconds-per-fuzzer]   (default 60)
# A crash leaves its input in build-fuzz/crashes/<fuzzer>/; turn it into a regression test.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DPATCHFLOW_FUZZ=ON -DBUILD_TESTING=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target all >/dev/null
seeds=build-fuzz/seeds
rm -rf "$seeds" && mkdir -p "$seeds/patch" "$seeds/yaml" "$seeds/maintainers"
cp topics/*.mbox stack/*/*.mbox "$seeds/patch/" 2>/dev/null || true
corpus=../shared/corpus/uboot
if [ -d "$corpus/patches" ]; then
  ls "$corpus"/patches/*.patch | head -60 | xargs -I{} cp {} "$seeds/patch/"
fi
cp stack/stack.yaml topics/*.yaml merge-branches/*.yaml policies/*.yaml "$seeds/yaml/" 2>/dev/null || true
[ -f "$corpus/MAINTAINERS" ] && head -c 60000 "$corpus/MAINTAINERS" > "$seeds/maintainers/MAINTAINERS"
cp demo/repo/MAINTAINERS "$seeds/maintainers/" 2>/dev/null || true
status=0
for fuzzer in build-fuzz/tests/fuzz/fuzz_*; do
  name=$(basename "$fuzzer")
  case "$name" in
    fuzz_yaml*) seed_dir=$seeds/yaml ;;
    fuzz_maintainers*) seed_dir=$seeds/maintainers ;;
    *) seed_dir=$seeds/patch ;;
  esac
  work=build-fuzz/corpus/$name crashes=build-fuzz/crashes/$name
  mkdir -p "$work" "$crashes"
  echo "== $name: ${seconds}s"
  if ! "$fuzzer" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$crashes/" -print_final_stats=1 "$work" "$seed_dir" 2>"build-fuzz/$name.log"; then
    echo "FAILED: $name (see build-fuzz/$name.log, inputs in $crashes)"; tail -30 "build-fuzz/$name.log"
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "build-fuzz/$name.log" | tail -2
  fi
done
if [ $status -eq 0 ]; then echo "fuzz: all harnesses ran ${seconds}s without a crash"; fi
exit $status
