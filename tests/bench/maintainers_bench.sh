#!/bin/bash
# patchflow maintainers vs get_maintainer.pl, per patch, on the U-Boot corpus.
# get_maintainer.pl is not installed here (and its source is not ours to copy): the reference
# column is the corpus's recorded per-patch timing (timings-summary.tsv, same machine kind:
# Debian 12, 2 CPUs), measured the same way: wall time of one process per patch, bash
# $EPOCHREALTIME around the single command, cwd at the tree, --find-maintainer-files.
# Usage: tests/bench/maintainers_bench.sh [build-dir]   (run `make -C build bench` first)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
corpus=$root/../shared/corpus/uboot
patchflow=$build/tools/patchflow/patchflow
"$build/tests/bench/maintainers_bench" "$corpus"

cd "$corpus"
times=()
for patch in patches/*.patch; do
  start=$EPOCHREALTIME
  "$patchflow" maintainers --maintainers maintainers --find-maintainer-files "$patch" >/dev/null
  end=$EPOCHREALTIME
  times+=("$(echo "$end - $start" | bc -l)")
done
median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
reference=$(awk -F'\t' '$1 == "per_patch_get_maintainer" {print $3}' timings-summary.tsv)
printf 'patchflow maintainers, one process per patch (median of %d): %.4f s\n' "${#times[@]}" "$median"
printf 'get_maintainer.pl --nogit --nogit-fallback, recorded median (timings-summary.tsv): %s s\n' "$reference"
printf 'ratio: %.0fx faster per patch\n' "$(echo "$reference / $median" | bc -l)"
