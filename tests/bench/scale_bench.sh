#!/usr/bin/env bash
# Scale: patchflow on a generated repository of 100,000 commits, 20,000 files and 100 topics.
#   tests/bench/scale_bench.sh [patchflow-binary] [commits] [files] [topics]
# Times `topics`, `verify`, `compose` of a 100-topic merge branch and `check` of a 1,000-commit
# range, with peak memory (GNU time). The repository is generated with git fast-import.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
patchflow=${1:-$here/../../build/tools/patchflow/patchflow}
commits=${2:-100000} files=${3:-20000} topics=${4:-100}
work=${SCALE_WORK:-$(mktemp -d /tmp/patchflow-scale-XXXXXX)}
[ -n "${SCALE_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
repo=$work/repo stack=$work/stack

start=$(date +%s.%N)
git init -q --bare "$repo"
python3 "$here/scale_gen.py" "$files" "$commits" "$topics" | git -C "$repo" fast-import --quiet
git -C "$repo" symbolic-ref HEAD refs/heads/mainline
printf "generated %s commits, %s files, %s topics in %.1f s (%s)\n" "$commits" "$files" "$topics" \
  "$(echo "$(date +%s.%N) - $start" | bc)" "$(du -sh "$repo" | cut -f1)"

mkdir -p "$stack/stack" "$stack/topics" "$stack/merge-branches" "$stack/policies"
printf 'name: scale\ncomponents:\n  - name: linux\n    mainline: mainline\n    policy: linux\n' \
  > "$stack/stack/stack.yaml"
printf 'name: linux\nsubject-prefix: "^[a-z0-9/]+: "\n' > "$stack/policies/linux.yaml"
list=""
for ((t = 0; t < topics; t++)); do
  name=$(printf 'xen/t%03d' "$t")
  printf 'name: %s\ncomponent: linux\nbranch: topic/t%03d\n' "$name" "$t" \
    > "$stack/topics/t$(printf %03d "$t").yaml"
  list="$list${list:+, }$name"
done
printf 'name: xen/master\ncomponent: linux\nbase: mainline\ntopics: [%s]\n' "$list" \
  > "$stack/merge-branches/xen-master.yaml"

run() {  # label args...: wall time, peak RSS and exit code of one patchflow run
  local label=$1; shift
  local rc=0
  /usr/bin/time -v "$patchflow" --stack "$stack" --repo "$repo" "$@" >"$work/out" 2>"$work/time" \
    || rc=$?
  local wall rss user sys
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time")
  user=$(sed -n 's/.*User time (seconds): //p' "$work/time")
  sys=$(sed -n 's/.*System time (seconds): //p' "$work/time")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")
  printf "%-34s wall %9s  cpu %7.2f s  %6d MB peak  exit %d  (%s lines of output)\n" "$label" \
    "$wall" "$(echo "$user + $sys" | bc)" $((rss / 1024)) "$rc" "$(wc -l <"$work/out")"
}

run "topics ($topics topics)" topics
run "verify" verify
run "compose xen/master ($topics topics)" compose xen/master
run "compose again (up to date)" compose xen/master
run "check mainline~1000..mainline" check -j 2 mainline~1000..mainline
