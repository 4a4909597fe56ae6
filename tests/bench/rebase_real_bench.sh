#!/usr/bin/env bash
# `patchflow rebase` against `git rebase` on a real stack, side by side: U-Boot topics replayed
# off one release (../shared/tools/make-real-stack.sh), rebased onto a newer tag by patchflow
# (all topics, one command) and by `git rebase` per topic in a work tree. Compares, per topic:
# the tree (topics both rebase cleanly), the commits kept (same subjects, so same drops) and
# the conflicting files; prints the speed ratio. Then `patchflow rebase --undo` must restore
# every branch. Last, `patchflow upstream <topic>` for every topic once mainline has moved to
# ONTO (the pick plus its checks), timed against the same `git rebase` run and compared with it
# (same tree, same commits kept).
#   fetch github:u-boot/u-boot (nothing fetched is committed), then
#   MIRROR=/work/.mirror/u-boot+u-boot/repo tests/bench/rebase_real_bench.sh [build-dir]
# env: ONTO (v2023.10-rc1), BASE_TAG/END_TAG/MAX as make-real-stack.sh, WORK (a temp dir;
#      an existing $WORK/stack is reused), RUNS (3: best of RUNS for each side).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
pf="$build/tools/patchflow/patchflow"
: "${MIRROR:?set MIRROR to the git dir of a u-boot/u-boot snapshot (fetch github:u-boot/u-boot)}"
ONTO=${ONTO:-v2023.10-rc1}
RUNS=${RUNS:-3}
shared="$root/../shared"
[ -x "$shared/tools/make-real-stack.sh" ] || { echo "missing $shared/tools: skipped"; exit 0; }
work=${WORK:-$(mktemp -d /tmp/patchflow-rebase-bench-XXXXXX)}
mkdir -p "$work"
out="$work/stack"
if [ ! -d "$out/repo" ]; then
  MIRROR="$MIRROR" OUT="$out" bash "$shared/tools/make-real-stack.sh" >/dev/null
fi
repo="$out/repo"
wt="$out/wt"
if [ ! -d "$out/stack/topics" ]; then
  "$pf" -q --repo "$repo" --stack "$out/stack" init --mainline mainline --pattern 'topic/*' \
    --merge-branch pf/master
fi
git -C "$repo" config user.name "Stack Maker"
git -C "$repo" config user.email "stack@example.org"
mapfile -t topics < <(awk '{print $1}' "$out/topics.txt")
ms() { echo $(( $(date +%s%N) / 1000000 )); }
onto=$(git -C "$repo" rev-parse "$ONTO^{commit}")
echo "== ${#topics[@]} topics off $(git -C "$repo" describe --tags mainline) onto $ONTO"

# git rebase, one topic at a time, on a detached HEAD (the branches stay where they are)
git_side() {
  : > "$work/git.txt"
  for t in "${topics[@]}"; do
    git -C "$wt" checkout -q --detach "$t"
    if git -C "$wt" rebase -q "$onto" >/dev/null 2>&1; then
      echo "$t clean $(git -C "$wt" rev-parse HEAD^{tree})" >> "$work/git.txt"
      git -C "$wt" log --format=%s "$onto..HEAD" > "$work/git-$(echo "$t" | tr / -).subjects"
    else
      echo "$t conflict $(git -C "$wt" diff --name-only --diff-filter=U | sort | tr '\n' ' ')" \
        >> "$work/git.txt"
      git -C "$wt" rebase --abort
    fi
  done
}
best_git=""
for ((i = 0; i < RUNS; i++)); do
  start=$(ms); git_side; t=$(( $(ms) - start ))
  [ -z "$best_git" ] || [ "$t" -lt "$best_git" ] && best_git=$t
done

declare -A before
for t in "${topics[@]}"; do before[$t]=$(git -C "$repo" rev-parse "$t"); done
best_pf=""
for ((i = 0; i < RUNS; i++)); do
  start=$(ms)
  "$pf" --json --repo "$repo" --stack "$out/stack" rebase --keep-going --onto "$ONTO" \
    > "$work/pf.json" 2>"$work/pf.err" || true
  t=$(( $(ms) - start ))
  [ -z "$best_pf" ] || [ "$t" -lt "$best_pf" ] && best_pf=$t
  if ((i + 1 < RUNS)); then
    "$pf" -q --repo "$repo" --stack "$out/stack" rebase --undo >/dev/null
  fi
done

python3 - "$work" "$repo" "$onto" <<'PY'
import json, subprocess, sys
work, repo, onto = sys.argv[1:4]
git = {}
for line in open(f"{work}/git.txt"):
    name, kind, *rest = line.split()
    git[name] = (kind, rest)
pf = {t["topic"]: t for t in json.load(open(f"{work}/pf.json"))["topics"]}
same_tree = clean = same_drops = drop_total = 0
same_conflicts = conflicts = 0
problems = []
for name, (kind, rest) in git.items():
    t = pf[name]
    if kind == "clean":
        clean += 1
        if t["conflict"]:
            problems.append(f"{name}: git clean, patchflow conflict")
            continue
        tree = subprocess.run(["git", "-C", repo, "rev-parse", t["new_tip"] + "^{tree}"],
                              capture_output=True, text=True).stdout.strip()
        if tree == rest[0]:
            same_tree += 1
        else:
            problems.append(f"{name}: trees differ")
        ours = subprocess.run(["git", "-C", repo, "log", "--format=%s", f"{onto}..{t['new_tip']}"],
                              capture_output=True, text=True).stdout
        theirs = open(f"{work}/git-{name.replace('/', '-')}.subjects").read()
        drop_total += len(t["dropped"])
        if ours == theirs:
            same_drops += 1
        else:
            problems.append(f"{name}: kept commits differ")
    else:
        conflicts += 1
        files = sorted(f["path"] for f in t["conflict"]["files"]) if t["conflict"] else None
        if files == sorted(rest):
            same_conflicts += 1
        else:
            problems.append(f"{name}: git conflicts in {rest}, patchflow {files}")
print(f"same tree: {same_tree}/{clean} topics git rebases cleanly")
print(f"same commits kept (same drops, {drop_total} dropped): {same_drops}/{clean}")
print(f"same conflicting files: {same_conflicts}/{conflicts} topics git stops on")
for p in problems:
    print("  " + p)
PY

restored=0
"$pf" -q --repo "$repo" --stack "$out/stack" rebase --undo >/dev/null
for t in "${topics[@]}"; do
  [ "$(git -C "$repo" rev-parse "$t")" = "${before[$t]}" ] && restored=$((restored + 1))
done
echo "rebase --undo restored $restored/${#topics[@]} branches"
echo "git rebase x${#topics[@]}: ${best_git} ms; patchflow rebase: ${best_pf} ms (best of $RUNS)"
awk -v g="$best_git" -v p="$best_pf" 'BEGIN {printf "ratio git/patchflow: %.1fx\n", g / p}'

# upstream: mainline moves to ONTO, then every topic is picked onto it by `patchflow upstream`
# (pick + checks per topic), as a maintainer sending each topic upstream does
old_mainline=$(git -C "$repo" rev-parse mainline)
git -C "$repo" branch -q -f mainline "$onto"
best_up=""
for ((i = 0; i < RUNS; i++)); do
  for t in "${topics[@]}"; do git -C "$repo" branch -q -D "upstream/$t" 2>/dev/null || true; done
  start=$(ms)
  for t in "${topics[@]}"; do
    "$pf" --json --repo "$repo" --stack "$out/stack" upstream "$t" \
      > "$work/up-$(echo "$t" | tr / -).json" 2>/dev/null || true
  done
  t=$(( $(ms) - start ))
  [ -z "$best_up" ] || [ "$t" -lt "$best_up" ] && best_up=$t
done
same_up=0; clean_up=0
while read -r name kind rest; do
  [ "$kind" = clean ] || continue
  clean_up=$((clean_up + 1))
  tree=$(git -C "$repo" rev-parse -q --verify "upstream/$name^{tree}" 2>/dev/null || true)
  subjects=$(git -C "$repo" log --format=%s "$onto..upstream/$name" 2>/dev/null || true)
  if [ "$tree" = "$rest" ] &&
     [ "$subjects" = "$(cat "$work/git-$(echo "$name" | tr / -).subjects")" ]; then
    same_up=$((same_up + 1))
  else
    echo "  upstream $name: differs from git rebase"
  fi
done < "$work/git.txt"
for t in "${topics[@]}"; do git -C "$repo" branch -q -D "upstream/$t" 2>/dev/null || true; done
git -C "$repo" branch -q -f mainline "$old_mainline"
echo "upstream: same tree and commits as git rebase for $same_up/$clean_up clean topics"
echo "git rebase x${#topics[@]}: ${best_git} ms; patchflow upstream x${#topics[@]} (with checks): ${best_up} ms (best of $RUNS)"
awk -v g="$best_git" -v p="$best_up" 'BEGIN {printf "ratio git/patchflow upstream: %.1fx\n", g / p}'
