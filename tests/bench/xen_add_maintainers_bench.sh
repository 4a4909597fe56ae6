#!/usr/bin/env bash
# The Xen contributor's step before git send-email, side by side: Xen's own
# `scripts/add_maintainers.pl -d DIR` (one get_maintainer.pl process per patch) against
# `patchflow add-maintainers DIR` (one process for the directory), on copies of the same corpus
# patches, alternating, then the patch files each wrote compared byte for byte.
#
# Usage: tests/bench/xen_add_maintainers_bench.sh PATCHFLOW XEN_TREE [PATCHES] [ROUNDS]
#   PATCHFLOW  the patchflow binary (build/tools/patchflow/patchflow)
#   XEN_TREE   a xen.git work tree at the corpus's tree commit, outside this repository (made as
#              tests/bench/xen_maintainers_bench.sh says); its add_maintainers.pl needs Debian's
#              liblist-moreutils-perl
#   PATCHES    how many corpus patches (default 60), ROUNDS runs of each tool (default 3)
# CORPUS (default ../shared/corpus/xen next to the repository) holds the patches. Exit 1 when a
# written file differs.
set -euo pipefail
patchflow=$(realpath "$1")
xen=$(realpath "$2")
count=${3:-60}
rounds=${4:-3}
here=$(cd "$(dirname "$0")/../.." && pwd)
corpus=$(realpath "${CORPUS:-$here/../shared/corpus/xen}")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export LC_ALL=C TZ=UTC PERL_HASH_SEED=0

mapfile -t patches < <(ls "$corpus/patches" | head -n "$count")
# add_maintainers.pl takes NNNN-*.patch files as git format-patch names them.
fresh_copy() {
  rm -rf "$1"
  mkdir -p "$1"
  local i=0 name
  for name in "${patches[@]}"; do
    i=$((i + 1))
    cp "$corpus/patches/$name" "$1/$(printf %04d $i)-${name#*-}"
  done
}
milliseconds() {
  local start=$EPOCHREALTIME
  "$@" > /dev/null 2>&1
  echo "($EPOCHREALTIME - $start) * 1000" | bc -l
}
cd "$xen"
: > "$scratch/perl.ms"
: > "$scratch/patchflow.ms"
for ((round = 0; round < rounds; ++round)); do
  fresh_copy "$scratch/perl"
  milliseconds perl scripts/add_maintainers.pl -d "$scratch/perl" >> "$scratch/perl.ms"
  fresh_copy "$scratch/patchflow"
  milliseconds "$patchflow" add-maintainers --maintainers MAINTAINERS "$scratch/patchflow" \
    >> "$scratch/patchflow.ms"
done
identical=0
for file in "$scratch/perl"/*.patch; do
  if cmp -s "$file" "$scratch/patchflow/$(basename "$file")"; then
    identical=$((identical + 1))
  fi
done

median() { sort -g "$1" | awk '{ v[NR] = $1 } END { printf "%.1f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
perl_ms=$(median "$scratch/perl.ms")
pf_ms=$(median "$scratch/patchflow.ms")
echo "patches: ${#patches[@]} x $rounds rounds; files written identically: $identical/${#patches[@]}"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "add_maintainers.pl -d    median %9s ms, %6.2f ms per patch\n" "$perl_ms" \
  "$(echo "$perl_ms / ${#patches[@]}" | bc -l)"
printf "patchflow add-maintainers median %9s ms, %6.2f ms per patch\n" "$pf_ms" \
  "$(echo "$pf_ms / ${#patches[@]}" | bc -l)"
printf "ratio: %.1fx\n" "$(echo "$perl_ms / $pf_ms" | bc -l)"
[ "$identical" -eq "${#patches[@]}" ]
