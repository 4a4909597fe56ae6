#!/usr/bin/env python3
"""Writes a git fast-import stream to stdout: a mainline of COMMITS commits over FILES files, and
TOPICS topic branches (topic/tNN) of three commits each, forked from recent mainline commits.
Mainline edits the top of files and topics append at the end, so every merge is clean but some
need a real file merge. Usage: gen_repo.py FILES COMMITS TOPICS | git fast-import"""
import random
import sys

FILES, COMMITS, TOPICS = (int(a) for a in sys.argv[1:4])
rng = random.Random(2009)
paths = [f"d{i % 50:02d}/sub{(i // 50) % 4}/f{i:04d}.c" for i in range(FILES)]
history = {p: [(0, tuple(f"/* {p} line {n} */" for n in range(30)))] for p in paths}
out = sys.stdout.buffer
mark = 0
when = 1258624800 - (COMMITS + 200) * 600


def blob(lines):
    global mark
    mark += 1
    data = ("\n".join(lines) + "\n").encode()
    out.write(b"blob\nmark :%d\ndata %d\n" % (mark, len(data)) + data + b"\n")
    return mark


def commit(ref, message, changes, parent):
    global mark, when
    marks = [(p, blob(lines)) for p, lines in changes]
    mark += 1
    when += 60
    msg = message.encode()
    out.write(b"commit %s\nmark :%d\n" % (ref.encode(), mark))
    out.write(b"committer Gen <gen@example.org> %d +0000\ndata %d\n" % (when, len(msg)) + msg + b"\n")
    if parent:
        out.write(b"from :%d\n" % parent)
    for p, m in marks:
        out.write(b"M 100644 :%d %s\n" % (m, p.encode()))
    out.write(b"\n")
    return mark


mainline = [commit("refs/heads/mainline", "initial", [(p, h[0][1]) for p, h in history.items()],
                   None)]
for i in range(1, COMMITS):
    changed = []
    for p in rng.sample(paths, 3):
        lines = list(history[p][-1][1])
        lines[rng.randrange(3)] = f"/* mainline change {i} */"
        history[p].append((i, tuple(lines)))
        changed.append((p, lines))
    mainline.append(commit("refs/heads/mainline", f"mainline {i}", changed, mainline[-1]))


def at(p, index):
    return [lines for i, lines in history[p] if i <= index][-1]


topic_files = rng.sample(paths, TOPICS * 4)
for t in range(TOPICS):
    fork = len(mainline) - 1 - rng.randrange(min(200, len(mainline)))
    mine = {p: list(at(p, fork)) for p in topic_files[t * 4:(t + 1) * 4]}
    parent = mainline[fork]
    for c in range(3):
        changed = []
        for p in list(mine)[c % 2 * 2:c % 2 * 2 + 2]:
            mine[p].append(f"/* topic {t} commit {c} */")
            changed.append((p, list(mine[p])))
        parent = commit(f"refs/heads/topic/t{t:02d}", f"topic {t}: commit {c}", changed, parent)
