#!/bin/sh
# am of a 20-patch series (checks, missing-Cc and trial compose included) and trailers with 50
# replies on a 30-commit topic, on the bundled stack; git am as the side-by-side reference.
# Usage: intake_bench.sh <patchflow binary> <source dir>
set -eu
patchflow=$(realpath "${1:?usage: intake_bench.sh <patchflow binary> <source dir>}")
source=$(realpath "${2:?usage: intake_bench.sh <patchflow binary> <source dir>}")
runs=${RUNS:-5}
work=$(mktemp -d /tmp/patchflow-intake-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME="Bench Author" GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME="Bench Author" GIT_COMMITTER_EMAIL=bench@example.com
pf() { "$patchflow" --stack "$source" --repo "$work/repo" "$@"; }

pf materialize >/dev/null
cd "$work/repo"
git config user.name "Jeremy Fitzhardinge"; git config user.email jeremy@goop.org
topic=xen/dom0/mce
base=$(git rev-parse "$topic~2")
orig=$(git rev-parse "$topic")
# grow the topic to $1 commits (2 of its own + generated ones), then mail it as a series
grow() {
  git checkout -q --detach "$topic"
  n=$(( $1 - 2 )); i=0
  while [ $i -lt $n ]; do
    i=$((i + 1))
    printf '/* telemetry helper %d */\nint xen_mce_helper_%d(int v)\n{\n\treturn v + %d;\n}\n' \
      $i $i $i > "drivers/xen/mce_helper_$i.c"
    git add "drivers/xen/mce_helper_$i.c"
    git commit -q -m "xen/mce: add telemetry helper $i" -m "Helper $i keeps the decoding of one bank out of the handler, so each can be tested alone." -m "Signed-off-by: Bench Author <bench@example.com>"
  done
  git branch -q -f "$topic" HEAD
  git checkout -q --detach "$base"
  pf series "$topic" --mbox "$work/series-$1.mbox" >/dev/null
  pf series "$topic" --no-cover-letter --mbox "$work/patches-$1.mbox" >/dev/null
}
best() { sort -n | head -1; }
ms() { python3 -c 'import sys,time; print(int(float(sys.argv[1])*1000))' "$1"; }
run_am() {
  # $1: series size; times `patchflow am` from the topic's base, $runs times
  for r in $(seq "$runs"); do
    git branch -q -f "$topic" "$base"
    s=$(date +%s.%N); pf am "$work/series-$1.mbox" --topic "$topic" >/dev/null || true; e=$(date +%s.%N)
    python3 -c "print(round(($e-$s)*1000,1))"
  done | best
}
run_git_am() {
  for r in $(seq "$runs"); do
    git checkout -q --detach "$base"
    s=$(date +%s.%N); git am -q "$work/patches-$1.mbox" >/dev/null; e=$(date +%s.%N)
    python3 -c "print(round(($e-$s)*1000,1))"
  done | best
}

grow 20
git branch -q -f "$topic" "$base"
pf am "$work/series-20.mbox" --topic "$topic" | head -1
echo "am, 20 patches (check, missing Cc, trial compose of xen/master): $(run_am 20) ms;" \
     "git am of the same mbox (no checks): $(run_git_am 20) ms"

git branch -q -f "$topic" "$orig"
grow 30
git branch -q -f "$topic" "$base"
pf am "$work/series-30.mbox" --topic "$topic" >/dev/null || true
tip=$(git rev-parse "$topic")
# 50 replies: threaded to a patch, to the cover letter, by subject only, and quoted trailers
python3 - "$work/series-30.mbox" > "$work/replies.mbox" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
ids = re.findall(r'^Message-Id: <([^>]+)>', text, re.M)
subjects = re.findall(r'^Subject: (\[PATCH [^\]]*\] .*)$', text, re.M)
for k in range(50):
    n = k % 31
    head = f"From nobody Mon Sep 17 00:00:00 2001\nFrom: Reviewer {k} <r{k}@example.com>\n"
    head += f"Date: Sun, 6 Dec 2009 10:{k:02d}:00 +0000\nMessage-Id: <reply-{k}@example.com>\n"
    if k % 3 == 2:
        head += f"Subject: Re: {subjects[n]}\n"
    else:
        head += f"Subject: Re: {subjects[n]}\nIn-Reply-To: <{ids[n]}>\n"
    body = f"> Reviewed-by: Quoted <quoted@example.com>\n\nReviewed-by: Reviewer {k} <r{k}@example.com>\n"
    print(head + "\n" + body)
PY
git branch -q -f "$topic" "$tip"
pf trailers "$topic" --from "$work/replies.mbox" | head -1
for r in $(seq "$runs"); do
  git branch -q -f "$topic" "$tip"
  s=$(date +%s.%N); pf trailers "$topic" --from "$work/replies.mbox" >/dev/null || true; e=$(date +%s.%N)
  python3 -c "print(round(($e-$s)*1000,1))"
done | best | sed 's/^/trailers, 30-commit topic, 50 replies: /; s/$/ ms/'
