#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang (ASan+UBSan) and runs each for a bounded time.
# Usage: tests/fuzz/run.sh [seconds-per-fuzzer]   (default 60): explore, random seed
#        FUZZ_RUNS=N tests/fuzz/run.sh                  replay: N inputs each, fixed seed, so a
#                                                       failure in CI reproduces exactly
# Each harness first runs tests/fuzz/regressions/<fuzzer>/ (inputs that once crashed it).
# A crash leaves its input in build-fuzz/crashes/<fuzzer>/: fix it, add a unit test, and copy
# the input into tests/fuzz/regressions/<fuzzer>/.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
if [ -n "${FUZZ_RUNS:-}" ]; then
  budget=(-runs="$FUZZ_RUNS" -seed=1) budget_text="$FUZZ_RUNS inputs, seed 1"
else
  budget=(-max_total_time="$seconds") budget_text="${seconds}s"
fi
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DPATCHFLOW_FUZZ=ON -DBUILD_TESTING=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# FUZZERS="fuzz_yaml fuzz_mail" runs a subset; default: every harness
fuzzers=${FUZZERS:-$(sed -n 's/^patchflow_fuzzer(\([a-z_]*\) .*/\1/p' tests/fuzz/CMakeLists.txt)}
# shellcheck disable=SC2086
cmake --build build-fuzz -j "${JOBS:-$(nproc)}" --target $fuzzers >/dev/null
seeds=build-fuzz/seeds
rm -rf "$seeds" && mkdir -p "$seeds/patch" "$seeds/yaml" "$seeds/maintainers"
cp topics/*.mbox stack/*/*.mbox "$seeds/patch/" 2>/dev/null || true
corpus=../shared/corpus/uboot
if [ -d "$corpus/patches" ]; then
  # sed, not head: head exiting early would fail the pipeline (SIGPIPE) under pipefail
  ls "$corpus"/patches/*.patch | sed -n 1,60p | xargs -I{} cp {} "$seeds/patch/"
fi
# fuzz_yaml's first byte picks which file of its stack the input replaces (0 stack.yaml,
# 1 policy, 2-3 topics, 4 merge branch): seed each with a valid file of that kind
seed_yaml() { { printf "\\$(printf %03o "$1")"; cat; } > "$seeds/yaml/$2"; }
for f in stack/stack.yaml; do [ -f "$f" ] && seed_yaml 0 stack.yaml < "$f"; done
for f in policies/*.yaml; do [ -f "$f" ] && seed_yaml 1 "policy-$(basename "$f")" < "$f"; done
for f in topics/*.yaml; do [ -f "$f" ] && seed_yaml 2 "topic-$(basename "$f")" < "$f"; done
for f in merge-branches/*.yaml; do [ -f "$f" ] && seed_yaml 4 "merge-$(basename "$f")" < "$f"; done
printf 'name: fuzz\ncomponents:\n  - name: linux\n    mainline: master\n' | seed_yaml 0 min-stack.yaml
printf 'name: linux\nxen-paths: [arch/x86/xen/**]\nseverities: {LONG_LINE: off}\n' | seed_yaml 1 min-policy.yaml
printf 'name: c\ncomponent: linux\ndepends: [a, b]\nversion: 2\n' | seed_yaml 3 min-topic.yaml
printf 'name: m\nbase: master\ntopics: [b, a]\nfixups: [{name: f, mbox: x.mbox}]\n' | seed_yaml 4 min-merge.yaml
[ -f "$corpus/MAINTAINERS" ] && head -c 60000 "$corpus/MAINTAINERS" > "$seeds/maintainers/MAINTAINERS"
cp demo/repo/MAINTAINERS "$seeds/maintainers/" 2>/dev/null || true
status=0
for name in $fuzzers; do
  fuzzer=build-fuzz/tests/fuzz/$name
  case "$name" in
    fuzz_yaml*) seed_dir=$seeds/yaml ;;
    fuzz_maintainers*) seed_dir=$seeds/maintainers ;;
    *) seed_dir=$seeds/patch ;;
  esac
  work=build-fuzz/corpus/$name crashes=build-fuzz/crashes/$name
  mkdir -p "$work" "$crashes"
  regressions=tests/fuzz/regressions/$name
  mkdir -p "$regressions"
  echo "== $name: $budget_text"
  if ! "$fuzzer" "${budget[@]}" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$crashes/" -print_final_stats=1 "$work" "$seed_dir" "$regressions" 2>"build-fuzz/$name.log"; then
    echo "FAILED: $name (see build-fuzz/$name.log, inputs in $crashes)"; tail -30 "build-fuzz/$name.log"
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "build-fuzz/$name.log" | tail -2
  fi
done
if [ $status -eq 0 ]; then echo "fuzz: every harness ran $budget_text without a crash"; fi
exit $status
