#!/usr/bin/env bash
# checkpatch.pl against the built-in engine over the corpus's 150 U-Boot patches, each in ONE
# process (`checkpatch.pl --no-tree --terse --show-types patches/*.patch` vs
# `patchflow check --no-cache --terse --show-types patches/*.patch`), side by side in one run.
# Needs perf (CPU time) and bc.
# Usage: MIRROR=<u-boot git dir> tests/bench/checkpatch_pl_bench.sh PATCHFLOW [PATCHFLOW_BEFORE]
#   RUNS=N patchflow runs (default 10), PL_RUNS=N checkpatch.pl runs (default 3); medians.
# checkpatch.pl, spelling.txt and const_structs.checkpatch come from the mirror's HEAD into a
# temporary directory (nothing is copied into the repository). Run it inside
# /work/bin/build-slot on a shared machine.
set -euo pipefail
pf=$(realpath "$1") before=${2:+$(realpath "$2")}
: "${MIRROR:?set MIRROR to a u-boot/u-boot git directory}"
corpus=$(realpath "$(dirname "$0")/../../../shared/corpus/uboot")
runs=${RUNS:-10} pl_runs=${PL_RUNS:-3}
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
mkdir -p "$work/scripts" "$work/run"
for f in checkpatch.pl spelling.txt const_structs.checkpatch; do
  git --git-dir="$MIRROR" show "HEAD:scripts/$f" > "$work/scripts/$f"
done
ln -s "$corpus/patches" "$work/run/patches"
cd "$work/run"  # an empty directory: no .checkpatch.conf, no repository (checkpatch-notree)
export LC_ALL=C TZ=UTC PERL_HASH_SEED=0
# median of RUNS: wall and user+sys CPU seconds of "$@" (stdout to $out)
measure() {
  local n=$1 out=$2; shift 2
  local walls=() cpus=()
  for ((i = 0; i < n; i++)); do
    # wall from bash's clock, CPU (task-clock, ms) from perf: /usr/bin/time counts 10 ms steps
    local t0=$EPOCHREALTIME
    perf stat -x, -e task-clock -o "$work/t" "$@" > "$out" 2>/dev/null || true
    local t1=$EPOCHREALTIME
    walls+=("$(echo "scale=4; (${t1/./} - ${t0/./}) / 1000000" | bc)")
    cpus+=("$(echo "scale=4; $(grep task-clock "$work/t" | cut -d, -f1) / 1000" | bc)")
  done
  local mw mc
  mw=$(printf '%s\n' "${walls[@]}" | sort -g | sed -n "$(((n + 1) / 2))p")
  mc=$(printf '%s\n' "${cpus[@]}" | sort -g | sed -n "$(((n + 1) / 2))p")
  echo "$mw $mc"
}
read -r pl_wall pl_cpu < <(measure "$pl_runs" "$work/pl.txt" \
  perl "$work/scripts/checkpatch.pl" --no-tree --terse --show-types patches/*.patch)
read -r pf_wall pf_cpu < <(measure "$runs" "$work/pf.txt" \
  "$pf" check --no-cache --terse --show-types patches/*.patch)
same=$(comm -12 <(sort "$work/pl.txt") <(sort "$work/pf.txt") | wc -l)
printf '%-34s %9s %9s %9s %9s\n' "150 patches, one process" "wall s" "cpu s" "wall x" "cpu x"
printf '%-34s %9s %9s\n' "checkpatch.pl (median of $pl_runs)" "$pl_wall" "$pl_cpu"
ratio() { echo "scale=1; $1 / $2" | bc; }
printf '%-34s %9s %9s %9s %9s\n' "patchflow (median of $runs)" "$pf_wall" "$pf_cpu" \
  "$(ratio "$pl_wall" "$pf_wall")" "$(ratio "$pl_cpu" "$pf_cpu")"
if [ -n "$before" ]; then
  read -r b_wall b_cpu < <(measure "$runs" "$work/before.txt" \
    "$before" check --no-cache --terse --show-types patches/*.patch)
  printf '%-34s %9s %9s %9s %9s\n' "patchflow before (median of $runs)" "$b_wall" "$b_cpu" \
    "$(ratio "$pl_wall" "$b_wall")" "$(ratio "$pl_cpu" "$b_cpu")"
  cmp -s "$work/before.txt" "$work/pf.txt" || { echo "OUTPUT DIFFERS from the binary before"; exit 1; }
fi
echo "finding lines: checkpatch.pl $(wc -l < "$work/pl.txt"), patchflow $(wc -l < "$work/pf.txt"), identical $same"
