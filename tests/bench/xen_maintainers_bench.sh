#!/usr/bin/env bash
# patchflow maintainers --rules xen side by side with Xen's own scripts/get_maintainer.pl: one
# process per patch each (as add_maintainers.pl runs the script), interleaved so both see the
# same machine load; outputs compared byte for byte.
#
# Usage: tests/bench/xen_maintainers_bench.sh PATCHFLOW XEN_TREE [PATCHES] [ROUNDS]
#   PATCHFLOW  the patchflow binary (build/tools/patchflow/patchflow)
#   XEN_TREE   a xen.git work tree at the corpus's tree commit, outside this repository, e.g.
#              git clone --shared --no-checkout <xen mirror> /tmp/xen &&
#              git -C /tmp/xen checkout --detach c447b7308b1330ec6dcfef37220736c28f41daa0
#   PATCHES    how many corpus patches (default 60), ROUNDS runs of each (default 3)
# CORPUS (default ../shared/corpus/xen next to the repository) holds the patches. Nothing is
# written outside a temporary directory.
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
cd "$xen"
: > "$scratch/perl.ms"
: > "$scratch/patchflow.ms"
identical=0
for ((round = 0; round < rounds; ++round)); do
  for name in "${patches[@]}"; do
    patch="$corpus/patches/$name"
    start=$EPOCHREALTIME
    perl scripts/get_maintainer.pl "$patch" > "$scratch/perl.out"
    end=$EPOCHREALTIME
    echo "($end - $start) * 1000" | bc -l >> "$scratch/perl.ms"
    start=$EPOCHREALTIME
    "$patchflow" maintainers --rules xen --maintainers MAINTAINERS "$patch" > "$scratch/pf.out"
    end=$EPOCHREALTIME
    echo "($end - $start) * 1000" | bc -l >> "$scratch/patchflow.ms"
    if ((round == 0)) && cmp -s "$scratch/perl.out" "$scratch/pf.out"; then
      identical=$((identical + 1))
    fi
  done
done

median() { sort -g "$1" | awk '{ v[NR] = $1 } END { printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# CPU (user + system) of each tool over the patches, one more round each, from bash's `time`.
cpu() {
  local TIMEFORMAT='%U %S' spent
  spent=$({ time (for name in "${patches[@]}"; do "$@" "$corpus/patches/$name" > /dev/null; done); } 2>&1)
  echo "$spent" | awk -v n="${#patches[@]}" '{ printf "%.2f", ($1 + $2) * 1000 / n }'
}
perl_cpu=$(cpu perl scripts/get_maintainer.pl)
pf_cpu=$(cpu "$patchflow" maintainers --rules xen --maintainers MAINTAINERS)
perl_wall=$(median "$scratch/perl.ms")
pf_wall=$(median "$scratch/patchflow.ms")
echo "patches: ${#patches[@]} x $rounds rounds; identical output: $identical/${#patches[@]}"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "get_maintainer.pl  median wall %7s ms   CPU %7s ms per patch\n" "$perl_wall" "$perl_cpu"
printf "patchflow          median wall %7s ms   CPU %7s ms per patch\n" "$pf_wall" "$pf_cpu"
echo "ratio: wall $(echo "$perl_wall / $pf_wall" | bc -l | xargs printf %.1f)x," \
  "CPU $(echo "$perl_cpu / $pf_cpu" | bc -l | xargs printf %.1f)x"
