#!/usr/bin/env bash
# Compose speed side by side with `git merge --no-ff` one by one in a work tree.
#   cmake --build build --target bench && tests/bench/compose_bench.sh [build-dir]
# 1. a generated repository (5,000 files, 2,000 mainline commits, 50 topics of 3 commits);
# 2. the bundled xen/master, when the demo repository exists (tools/run-demo.sh makes it).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
bench="$build/tests/bench/compose_bench"
work=$(mktemp -d /tmp/patchflow-compose-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@localhost
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@localhost

ms() { echo $(( $(date +%s%N) / 1000000 )); }

git_merge_ms() {  # repo mainline topics...
  local repo=$1 mainline=$2; shift 2
  git -C "$repo" checkout -q -B bench-git-merge "$mainline"
  local start; start=$(ms)
  for topic in "$@"; do
    git -C "$repo" merge -q --no-ff --no-edit -m "Merge branch '$topic' into bench" "$topic" \
      >/dev/null
  done
  echo $(( $(ms) - start ))
}

echo "== generated repository: 5000 files, 2000 commits, 50 topics"
start=$(ms)
git init -q "$work/gen"
python3 "$here/gen_repo.py" 5000 2000 50 | git -C "$work/gen" fast-import --quiet
git -C "$work/gen" checkout -q mainline
echo "generated in $(( $(ms) - start )) ms"
out=$("$bench" "$work/gen" mainline topic/)
echo "$out"
mapfile -t topics < <(git -C "$work/gen" for-each-ref --format='%(refname:short)' refs/heads/topic/)
git_ms=$(git_merge_ms "$work/gen" mainline "${topics[@]}")
fast=$(awk '/^fast_ms/ {print $2}' <<<"$out")
full=$(awk '/^full_ms/ {print $2}' <<<"$out")
branch=$(awk '/^fast_branch/ {print $2}' <<<"$out")
same=$([ "$(git -C "$work/gen" rev-parse "$branch^{tree}")" = "$(git -C "$work/gen" rev-parse HEAD^{tree})" ] && echo yes || echo NO)
echo "git merge --no-ff x${#topics[@]}: ${git_ms} ms; patchflow fast: ${fast} ms; libgit2 full merge: ${full} ms"
awk -v g="$git_ms" -v f="$fast" -v l="$full" \
  'BEGIN {printf "ratio git/patchflow-fast: %.1fx   git/libgit2-full: %.1fx\n", g / f, g / l}'
echo "same tree as git: $same"

demo="$root/demo/repo"
if [ -d "$demo" ]; then
  echo "== bundled xen/master ($demo, cloned)"
  clone="$work/demo"
  git clone -q --no-local "$demo" "$clone"
  for b in $(git -C "$demo" for-each-ref --format='%(refname:short)' refs/heads/); do
    git -C "$clone" update-ref "refs/heads/$b" "refs/remotes/origin/$b" 2>/dev/null || true
  done
  git -C "$clone" update-ref -d refs/heads/xen/master 2>/dev/null || true
  mapfile -t xen_topics < <(awk '/^topics:/ {on=1; next} /^[a-z]/ {on=0} on && /^  - / {print $2}' \
    "$root/merge-branches/xen-master.yaml")
  start=$(ms)
  "$build/tools/patchflow/patchflow" --stack "$root" --repo "$clone" compose xen/master >/dev/null
  pf_ms=$(( $(ms) - start ))
  git -C "$clone" checkout -q -B bench-git-merge linux-2.6
  start=$(ms)
  for t in "${xen_topics[@]}"; do
    if ! git -C "$clone" merge -q --no-ff --no-edit "$t" >/dev/null 2>&1; then
      # The recorded resolution, applied to git's conflict markers as a user of git would.
      dir="$root/merge-branches/resolutions/xen-master/${t//\//-}"
      (cd "$dir" && find . -type f) | while read -r f; do
        python3 "$here/apply_resolution.py" "$dir/$f" "$clone/$f"
      done
      git -C "$clone" add -A && git -C "$clone" commit -q --no-edit
    fi
  done
  git_ms=$(( $(ms) - start ))
  same=$([ "$(git -C "$clone" rev-parse xen/master^{tree})" = "$(git -C "$clone" rev-parse HEAD^{tree})" ] && echo yes || echo NO)
  echo "patchflow compose xen/master (whole process: load stack, ${#xen_topics[@]} topics): ${pf_ms} ms;" \
       "git merge --no-ff one by one: ${git_ms} ms; same tree: $same"
  awk -v g="$git_ms" -v f="$pf_ms" 'BEGIN {printf "ratio git/patchflow: %.1fx\n", g / f}'
else
  echo "== bundled xen/master: skipped ($demo missing; run tools/run-demo.sh first)"
fi
