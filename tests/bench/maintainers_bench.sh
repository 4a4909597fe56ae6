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
printf 'load average at start: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
"$build/tests/bench/maintainers_bench" "$corpus"

cd "$corpus"
times=()
cpu=()
cpu_file=$(mktemp)
for patch in patches/*.patch; do
  start=$EPOCHREALTIME
  /usr/bin/time -o "$cpu_file" -f '%U %S' \
    "$patchflow" maintainers --maintainers maintainers --find-maintainer-files "$patch" >/dev/null
  end=$EPOCHREALTIME
  times+=("$(echo "$end - $start" | bc -l)")
  cpu+=("$(awk '{print $1 + $2}' "$cpu_file")")
done
rm -f "$cpu_file"
median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
cpu_median=$(printf '%s\n' "${cpu[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
reference=$(awk -F'\t' '$1 == "per_patch_get_maintainer" {print $3}' timings-summary.tsv)
printf 'patchflow maintainers, one process per patch (median of %d): %.4f s\n' "${#times[@]}" "$median"
printf 'get_maintainer.pl --nogit --nogit-fallback, recorded median (timings-summary.tsv): %s s\n' "$reference"
printf 'patchflow maintainers, CPU (user+sys) per process (median, 10 ms resolution): %s s\n' "$cpu_median"
printf 'ratio (wall, one process per patch each side): %.1fx faster per patch\n' \
  "$(echo "$reference / $median" | bc -l)"

# The same 150 patches in one process (--each): MAINTAINERS files read and parsed once.
start=$EPOCHREALTIME
"$patchflow" maintainers --each --maintainers maintainers --find-maintainer-files patches/*.patch >/dev/null
end=$EPOCHREALTIME
whole=$(echo "$end - $start" | bc -l)
whole_reference=$(awk -F'\t' '$1 == "whole_get_maintainer_s" {print $8}' timings-summary.tsv)
printf 'patchflow maintainers --each, 150 patches in one process: %.4f s (%.5f s per patch)\n' \
  "$whole" "$(echo "$whole / 150" | bc -l)"
printf 'get_maintainer.pl, 150 patches in one process (union output), recorded: %s s\n' "$whole_reference"
printf 'ratio per patch, one process each side: %.0fx\n' "$(echo "$whole_reference / $whole" | bc -l)"
printf 'ratio per patch, --each vs get_maintainer.pl one process per patch: %.0fx\n' \
  "$(echo "$reference / ($whole / 150)" | bc -l)"
printf 'load average now: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
