#!/bin/sh
# Formats a 200-commit range with `git format-patch` and `patchflow series` on the same generated
# repository and prints both times and their ratio. Usage: series_bench.sh <patchflow binary>
set -eu
patchflow=$(realpath "${1:?usage: series_bench.sh <patchflow binary>}")
commits=${COMMITS:-200}
runs=${RUNS:-3}
work=$(mktemp -d /tmp/patchflow-series-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME="Bench Author" GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME="Bench Author" GIT_COMMITTER_EMAIL=bench@example.com

# 300 source files of ~200 lines, then $commits commits each editing 3 files in a few places.
git init -q "$work/repo"
cd "$work/repo"
git config user.name "Bench Author"; git config user.email bench@example.com
python3 - "$commits" <<'PY' | git fast-import --quiet
import sys, random
random.seed(42)
commits = int(sys.argv[1])
files = {f"drivers/xen/part{d}/file{i}.c": [f"int line_{i}_{n} = {n};" for n in range(200)]
         for d in range(10) for i in range(30)}
t = 1258624800
def commit(ref, msg, changed, parent):
    global t
    t += 60
    out = [f"commit {ref}", f"committer Bench Author <bench@example.com> {t} +0000",
           f"data {len(msg.encode())}", msg]
    if parent:
        out.append(f"from {parent}")
    for path in changed:
        body = ("\n".join(files[path]) + "\n").encode()
        out += [f"M 100644 inline {path}", f"data {len(body)}", body.decode()]
    print("\n".join(out))
commit("refs/heads/base", "init\n", sorted(files), None)
names = sorted(files)
for k in range(commits):
    changed = random.sample(names, 3)
    for path in changed:
        lines = files[path]
        for _ in range(4):
            n = random.randrange(len(lines))
            lines[n] = f"int changed_{k}_{n} = {random.randrange(1000)};"
    commit("refs/heads/master", f"xen: change {k} in {changed[0]}\n\nBody of change {k}.\n",
           changed, None if k else "refs/heads/base")
PY
git reset -q --hard master
git gc -q

best() { sort -n | head -1; }
time_of() {  # prints seconds of the fastest of $runs runs of "$@"
  for _ in $(seq "$runs"); do
    rm -rf "$work/out"
    start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N)
    echo "$end - $start" | bc
  done | best
}
git_time=$(time_of git format-patch -q -o "$work/out" base..master)
pf_time=$(time_of "$patchflow" --repo . series base..master --no-cover-letter -o "$work/out")
# Same bytes: patchflow's files minus its threading headers equal git's.
rm -rf "$work/out" "$work/ref"
git format-patch -q -o "$work/ref" base..master
"$patchflow" --repo . series base..master --no-cover-letter -o "$work/out" >/dev/null
for f in "$work/ref"/*.patch; do
  grep -v '^\(Message-Id\|In-Reply-To\|References\): \|^	<' "$work/out/$(basename "$f")" |
    cmp -s - "$f" || { echo "bench: $(basename "$f") differs from git" >&2; exit 1; }
done
echo "series bench: $commits commits, best of $runs"
echo "  git format-patch: ${git_time}s"
echo "  patchflow series: ${pf_time}s"
echo "  ratio (git / patchflow): $(echo "scale=2; $git_time / $pf_time" | bc)"
