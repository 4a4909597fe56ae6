# shellcheck shell=bash
# Sourced by tests/fuzz/run.sh and tests/fuzz/long.sh (from the top of the source tree): builds
# the harnesses and their seed corpora. Sets $fuzzers and $seeds.

# Configures and builds build-fuzz with clang (ASan+UBSan+libFuzzer).
# FUZZERS="fuzz_yaml fuzz_mail" builds (and runs) a subset; default: every harness.
fuzz_build() {
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -DPATCHFLOW_FUZZ=ON -DBUILD_TESTING=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fuzzers=${FUZZERS:-$(sed -n 's/^patchflow_fuzzer(\([a-z_]*\) .*/\1/p' tests/fuzz/CMakeLists.txt)}
  # shellcheck disable=SC2086
  cmake --build build-fuzz -j "${JOBS:-$(nproc)}" --target $fuzzers >/dev/null
}

# Seeds from the bundled stack and the corpus, in build-fuzz/seeds/{patch,yaml,maintainers}.
fuzz_seeds() {
  seeds=build-fuzz/seeds
  rm -rf "$seeds" && mkdir -p "$seeds/patch" "$seeds/yaml" "$seeds/maintainers"
  # Small seeds: a whole mbox or a 350 KB MAINTAINERS as one input made every mutation of it cost
  # as much as parsing it; one mail per seed, a long mail cut at hunks (split_patches.awk).
  local corpus=../shared/corpus/uboot patches=()
  if [ -d "$corpus/patches" ]; then
    # sed, not head: head exiting early would fail the pipeline (SIGPIPE) under pipefail
    mapfile -t patches < <(ls "$corpus"/patches/*.patch | sed -n 1,60p)
  fi
  awk -v out="$seeds/patch" -v limit="$fuzz_seed_size" -f tests/fuzz/split_patches.awk \
    topics/*.mbox stack/*/*.mbox "${patches[@]}"
  # fuzz_yaml's first byte picks which file of its stack the input replaces (0 stack.yaml,
  # 1 policy, 2-3 topics, 4 merge branch): seed each with a valid file of that kind
  seed_yaml() { { printf "\\$(printf %03o "$1")"; cat; } > "$seeds/yaml/$2"; }
  local f
  for f in stack/stack.yaml; do [ -f "$f" ] && seed_yaml 0 stack.yaml < "$f"; done
  for f in policies/*.yaml; do [ -f "$f" ] && seed_yaml 1 "policy-$(basename "$f")" < "$f"; done
  for f in topics/*.yaml; do [ -f "$f" ] && seed_yaml 2 "topic-$(basename "$f")" < "$f"; done
  for f in merge-branches/*.yaml; do [ -f "$f" ] && seed_yaml 4 "merge-$(basename "$f")" < "$f"; done
  printf 'name: fuzz\ncomponents:\n  - name: linux\n    mainline: master\n' | seed_yaml 0 min-stack.yaml
  printf 'name: linux\nxen-paths: [arch/x86/xen/**]\nseverities: {LONG_LINE: off}\n' | seed_yaml 1 min-policy.yaml
  printf 'name: c\ncomponent: linux\ndepends: [a, b]\nversion: 2\n' | seed_yaml 3 min-topic.yaml
  printf 'name: m\nbase: master\ntopics: [b, a]\nfixups: [{name: f, mbox: x.mbox}]\n' | seed_yaml 4 min-merge.yaml
  if [ -f "$corpus/MAINTAINERS" ]; then
    awk -v out="$seeds/maintainers" -v pieces=16 -v limit="$fuzz_seed_size" \
      -f tests/fuzz/split_maintainers.awk "$corpus/MAINTAINERS"
  fi
  # the Linux- and Xen-style MAINTAINERS the bundled stack's mainline mails create
  for f in stack/*/mainline.mbox; do
    awk -v limit="$fuzz_seed_size" '/^diff --git / { on = $0 ~ / b\/MAINTAINERS$/ }
      on && /^\+[^+]/ && size + length($0) <= limit { print substr($0, 2); size += length($0) }' \
      "$f" > "$seeds/maintainers/$(basename "$(dirname "$f")")-MAINTAINERS"
  done
}

# The libFuzzer options of harness $1 beyond $fuzz_options: the longest input it may try.
# fuzz_check runs checkpatch's rules, whose statement scans grow faster than the input: past a
# few KiB an input costs more than the bugs it finds. fuzz_maintainers compiles every N:/K:
# regex of its input: with 64 KiB allowed its corpus grew towards that size and it slowed from
# ~2,500 to ~330 inputs per second; its seeds are at most 4 KiB ($fuzz_seed_size) anyway.
fuzz_harness_options() {
  case "$1" in
    fuzz_check* | fuzz_maintainers*) echo -max_len=4096 ;;
    *) echo -max_len=65536 ;;
  esac
}

# The seed directory of harness $1.
fuzz_seed_dir() {
  case "$1" in
    fuzz_yaml*) echo "$seeds/yaml" ;;
    fuzz_maintainers*) echo "$seeds/maintainers" ;;
    *) echo "$seeds/patch" ;;
  esac
}

# AddressSanitizer keeps 256 MB of freed memory poisoned by default; cycling through that much
# cost each input page faults (a fifth to a third of fuzz_yaml's and fuzz_check's time). 32 MB
# still outlives every allocation of one input, which is where a use after free would be.
# Options given in ASAN_OPTIONS come later and win.
export ASAN_OPTIONS=quarantine_size_mb=32${ASAN_OPTIONS:+:$ASAN_OPTIONS}

# Seeds are cut to at most this many bytes.
fuzz_seed_size=4096

# libFuzzer options every run shares. Entropic scheduling updates the frequency of every feature
# rarer than the threshold after each input (default 0xFF): that was 36% of fuzz_check's time
# (perf), 15% at 32.
fuzz_options=(-timeout=10 -rss_limit_mb=2048 -print_final_stats=1
  -entropic_feature_frequency_threshold=32)
