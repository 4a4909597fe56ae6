#!/usr/bin/env bash
# real_repo_bench.sh — patchflow side by side with the tools it replaces, on a real repository.
#
# usage: tests/bench/real_repo_bench.sh PATCHFLOW [STACK_DIR]
#   PATCHFLOW  the patchflow binary (build/tools/patchflow/patchflow)
#   STACK_DIR  a stack made by ../shared/tools/make-real-stack.sh (default /tmp/pf-real-stack);
#              made here when it has no repo/, from MIRROR (the git dir `fetch github:u-boot/u-boot`
#              gives, e.g. /work/.mirror/u-boot+u-boot/repo; nothing it brings is ever committed)
# env: RUNS (10) runs per fast workload, SLOW_RUNS (3) for compose and report, TOPIC (default:
#      the stack's topic with the most commits), PATCH (1-based patch of TOPIC for maintainers, 1)
#
# Every workload runs its reference in the same loop (git format-patch, the tree's own
# scripts/checkpatch.pl and scripts/get_maintainer.pl, `git merge --no-ff` in a work tree) and
# prints medians, the ratio reference/patchflow (above 1: patchflow is faster) and patchflow's peak
# memory. Outputs are compared where the issue asks: series bytes equal but for Message-Id and
# threading headers (patchflow threads, git does not by default); maintainers lines equal, for
# every patch of the topic. Exit 1 when an output differs, 0 otherwise.
set -euo pipefail
pf=$(realpath "${1:?usage: real_repo_bench.sh PATCHFLOW [STACK_DIR]}")
stack_dir=${2:-/tmp/pf-real-stack}
runs=${RUNS:-10}
slow_runs=${SLOW_RUNS:-3}
here=$(cd "$(dirname "$0")" && pwd)

if [ ! -d "$stack_dir/repo" ]; then
  make_stack=$here/../../../shared/tools/make-real-stack.sh
  [ -x "$make_stack" ] || make_stack=/work/shared/tools/make-real-stack.sh
  : "${MIRROR:?set MIRROR to a u-boot/u-boot git dir (fetch github:u-boot/u-boot) to build the stack}"
  echo "building the stack in $stack_dir (a few minutes)" >&2
  MIRROR=$MIRROR OUT=$stack_dir bash "$make_stack" >&2
fi
repo=$stack_dir/repo
wt=$stack_dir/wt
stack=$stack_dir/stack
if [ ! -f "$stack/stack/stack.yaml" ] && [ ! -f "$stack/stack.yaml" ]; then
  "$pf" --repo "$repo" --stack "$stack" init --mainline mainline --pattern 'topic/*' \
    --merge-branch pf/master >/dev/null
fi
topic=${TOPIC:-$(sort -k2,2n "$stack_dir/topics.txt" | tail -1 | cut -d' ' -f1)}
range=mainline..$topic
commits=$(git -C "$repo" rev-list --count --no-merges "$range")
# The work tree at mainline: the reference scripts and patchflow read the same tree.
git -C "$wt" checkout -q --detach mainline
work=$(mktemp -d /tmp/pf-real-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
pfs=("$pf" --repo "$repo" --stack "$stack")

# time_runs N PREP_DIR CMD...: median wall seconds and peak RSS (KB) of N runs; PREP_DIR ("" for
# none) is emptied before each run. Runs in the current directory.
time_runs() {
  python3 - "$@" <<'PY'
import os, shutil, statistics, sys, time
runs, prep, argv = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
walls, peak = [], 0
for _ in range(runs):
    if prep:
        shutil.rmtree(prep, ignore_errors=True)
        os.makedirs(prep)
    start = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ,
                          file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                                        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
    _, status, usage = os.wait4(pid, 0)
    walls.append(time.perf_counter() - start)
    peak = max(peak, usage.ru_maxrss)
print(f"{statistics.median(walls):.4f} {peak}")
PY
}

rows=()
failures=()
# row NAME PF_RESULT REF_RESULT [NOTE]: one line of the table.
row() {
  local name=$1 pf_s pf_kb ref_s note=${4:-}
  read -r pf_s pf_kb <<<"$2"
  ref_s=${3%% *}
  local ratio="-" ref_text="-"
  if [ -n "$ref_s" ] && [ "$ref_s" != "-" ]; then
    ratio=$(python3 -c "print(f'{$ref_s/$pf_s:.1f}x')")
    ref_text=$(python3 -c "print(f'{$ref_s*1000:.1f} ms')")
  fi
  rows+=("$(printf '| %s | %s | %s | %s | %s | %s |' "$name" \
    "$(python3 -c "print(f'{$pf_s*1000:.1f} ms')")" "$ref_text" "$ratio" \
    "$(python3 -c "print(f'{$pf_kb/1024:.0f} MB')")" "$note")")
  echo "${rows[-1]}" >&2
}

# Start-up.
row "start-up: patchflow version vs /bin/true" "$(time_runs "$runs" "" "$pf" version)" \
  "$(time_runs "$runs" "" /bin/true)" "difference is start-up"

# series vs git format-patch, byte for byte but for Message-Id/In-Reply-To/References.
git_out=$work/git-series pf_out=$work/pf-series
git_series=$(time_runs "$runs" "$git_out" git -C "$repo" format-patch -q -o "$git_out" "$range")
pf_series=$(time_runs "$runs" "$pf_out" "${pfs[@]}" series --no-route --no-cover-letter \
  -o "$pf_out" "$range")
strip_threading() { python3 -c '
import re, sys
text = open(sys.argv[1], "rb").read()
head, sep, body = text.partition(b"\n\n")
head = re.sub(rb"^(Message-Id|In-Reply-To|References):.*\n?(?:[ \t].*\n?)*", b"", head, flags=re.M | re.I)
sys.stdout.buffer.write(head + sep + body)' "$1"; }
same=0 total=0
for f in "$git_out"/*.patch; do
  total=$((total + 1))
  if [ -f "$pf_out/${f##*/}" ] && cmp -s <(strip_threading "$f") <(strip_threading "$pf_out/${f##*/}"); then
    same=$((same + 1))
  fi
done
[ "$(ls "$pf_out" | wc -l)" -eq "$total" ] || failures+=("series: file count differs")
[ "$same" -eq "$total" ] || failures+=("series: $((total - same)) of $total patches differ from git format-patch")
row "series, $commits commits, --no-route vs git format-patch" "$pf_series" "$git_series" \
  "$same/$total byte-identical"
# With routing: every commit routed afresh (--no-cache), then with the routes a run before kept
# in .git/patchflow/cache/route (series routes as route does; a second series of a topic).
row "series with routing, every commit routed (--no-cache) vs git format-patch" \
  "$(time_runs "$runs" "$pf_out" "${pfs[@]}" series --no-cache --no-cover-letter -o "$pf_out" "$range")" \
  "$git_series"
"${pfs[@]}" series --no-cover-letter -o "$pf_out" "$range" >/dev/null 2>&1 || true
pf_routed=$(time_runs "$runs" "$pf_out" "${pfs[@]}" series --no-cover-letter -o "$pf_out" "$range")
row "series with routing, routes kept by a run before vs git format-patch" "$pf_routed" "$git_series"

# check vs checkpatch.pl over the same patches (in the work tree: its .checkpatch.conf).
cd "$wt"
if [ -f scripts/checkpatch.pl ]; then
  ref=$(time_runs "$slow_runs" "" perl scripts/checkpatch.pl -q "$git_out"/*.patch)
else
  ref=-
fi
# Twice: every commit checked (--no-cache), then answered from the results the run before kept
# in .git/patchflow/cache/ (what a second check of an unchanged topic costs); both reports equal.
row "check, $commits commits in the repository (--no-cache) vs checkpatch.pl" \
  "$(time_runs "$runs" "" "${pfs[@]}" check --no-cache "$range")" "$ref"
fresh_report=$("${pfs[@]}" check --no-cache "$range" 2>&1 || true)
"${pfs[@]}" check "$range" >/dev/null 2>&1 || true
kept_report=$("${pfs[@]}" check "$range" 2>&1 || true)
[ "$fresh_report" = "$kept_report" ] || failures+=("check: the report from kept results differs")
row "check, $commits commits, results kept by a run before vs checkpatch.pl" \
  "$(time_runs "$runs" "" "${pfs[@]}" check "$range")" "$ref" \
  "$([ "$fresh_report" = "$kept_report" ] && echo "report equal to --no-cache")"

# maintainers vs get_maintainer.pl --nogit --nogit-fallback (patchflow's maintainers reads no
# history unless --git): one patch timed, every patch of the topic compared.
patches=("$git_out"/*.patch)
one=${patches[$((${PATCH:-1} - 1))]}
if [ -f scripts/get_maintainer.pl ]; then
  gm=(perl scripts/get_maintainer.pl --nogit --nogit-fallback)
  ref=$(time_runs "$slow_runs" "" "${gm[@]}" "$one")
  tree_same=0 repo_same=0
  for p in "${patches[@]}"; do
    expected=$("${gm[@]}" "$p" 2>/dev/null || true)
    [ "$("$pf" maintainers --maintainers . --find-maintainer-files "$p" 2>/dev/null || true)" = "$expected" ] &&
      tree_same=$((tree_same + 1))
    [ "$("${pfs[@]}" maintainers --rev mainline --find-maintainer-files "$p" 2>/dev/null || true)" = "$expected" ] &&
      repo_same=$((repo_same + 1))
  done
  [ "$tree_same" -eq "${#patches[@]}" ] || failures+=("maintainers (work tree): $tree_same/${#patches[@]} equal")
  [ "$repo_same" -eq "${#patches[@]}" ] || failures+=("maintainers (repository): $repo_same/${#patches[@]} equal")
else
  ref=- tree_same=? repo_same=?
fi
row "maintainers, work tree, one patch vs get_maintainer.pl" \
  "$(time_runs "$runs" "" "$pf" maintainers --maintainers . --find-maintainer-files "$one")" "$ref" \
  "$tree_same/${#patches[@]} equal"
row "maintainers, repository, one patch vs get_maintainer.pl" \
  "$(time_runs "$runs" "" "${pfs[@]}" maintainers --rev mainline --find-maintainer-files "$one")" \
  "$ref" "$repo_same/${#patches[@]} equal"

# Stack commands on every topic (no reference tool).
ntopics=$(wc -l <"$stack_dir/topics.txt")
for command in topics verify graph "route $topic"; do
  # shellcheck disable=SC2086
  row "$command ($ntopics topics)" "$(time_runs "$runs" "" "${pfs[@]}" $command)" "-"
done
# verify keeps merge bases (of 'main', far ahead of mainline, with pf/master) in .git/patchflow:
# the row above is a run after the first; this one computes them every time.
row "verify --no-cache ($ntopics topics)" "$(time_runs "$runs" "" "${pfs[@]}" verify --no-cache)" "-"
# report: from cold (no .git/patchflow: no kept check results, no tree index), then unchanged.
row "report --html ($ntopics topics), cold" \
  "$(time_runs "$slow_runs" "$repo/.git/patchflow" "${pfs[@]}" report --html "$work/report")" "-"
row "report --html ($ntopics topics), nothing changed since the run before" \
  "$(time_runs "$slow_runs" "$work/report" "${pfs[@]}" report --html "$work/report")" "-"

# compose vs git merge --no-ff of the same topics, in order, in the work tree.
cat >"$work/git-merges.sh" <<EOF
set -e
cd "$wt"
git checkout -q -B bench/referee mainline
while read -r name count merge; do
  git merge -q --no-ff --no-edit -m "Merge branch '\$name'" "\$name" >/dev/null 2>&1 || git merge --abort
done <"$stack_dir/topics.txt"
EOF
row "compose pf/master ($ntopics topics) vs git merge --no-ff" \
  "$(time_runs "$slow_runs" "" "${pfs[@]}" compose pf/master)" \
  "$(time_runs "$slow_runs" "" bash "$work/git-merges.sh")"
git -C "$wt" checkout -q --detach mainline
git -C "$repo" branch -q -D bench/referee  # else verify's branch check has one more branch

echo
echo "U-Boot stack $stack_dir, topic $topic ($commits commits), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), medians of $runs runs ($slow_runs for checkpatch.pl, get_maintainer.pl, report, compose)"
echo
echo "| workload | patchflow | reference | ratio | patchflow peak | outputs |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
if [ "${#failures[@]}" -gt 0 ]; then
  echo
  printf 'OUTPUT DIFFERS: %s\n' "${failures[@]}"
  exit 1
fi
