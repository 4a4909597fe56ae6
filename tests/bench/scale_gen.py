#!/usr/bin/env python3
"""Writes a git fast-import stream for the scale benchmark: a mainline (refs/heads/mainline) of
COMMITS commits over FILES files, and TOPICS topic branches (refs/heads/topic/tNN, five commits
each) forked from the last 500 mainline commits. Mainline never touches a topic's files, so a
compose of every topic is conflict-free but needs real tree merges. Only the current content of
each file is kept, so memory stays small at 100,000 commits.
Usage: scale_gen.py FILES COMMITS TOPICS | git fast-import --quiet"""
import random
import sys

FILES, COMMITS, TOPICS = (int(a) for a in sys.argv[1:4])
rng = random.Random(2009)
paths = [f"drivers/d{i % 200:03d}/sub{(i // 200) % 5}/f{i:05d}.c" for i in range(FILES)]
reserved = set(rng.sample(range(FILES), TOPICS))  # one existing file per topic, mainline keeps off
current = {i: [f"/* {paths[i]} line {n} */" for n in range(8)] for i in range(FILES)}
editable = [i for i in range(FILES) if i not in reserved]
out = sys.stdout.buffer
mark = 0
when = 1258624800 - (COMMITS + 100) * 60
areas = ["xen", "x86", "mm", "net", "block", "pci", "acpi", "sched"]


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
    out.write(b"author Gen Author <gen@example.org> %d +0000\n" % when)
    out.write(b"committer Gen Author <gen@example.org> %d +0000\ndata %d\n" % (when, len(msg)))
    out.write(msg + b"\n")
    if parent:
        out.write(b"from :%d\n" % parent)
    for p, m in marks:
        out.write(b"M 100644 :%d %s\n" % (m, p.encode()))
    out.write(b"\n")
    return mark


def message(subject, i):
    return (f"{subject}\n\nThe old code got case {i} wrong because the table was stale; "
            f"refresh it so the\nlookup works again.\n\nSigned-off-by: Gen Author <gen@example.org>\n")


tips = [commit("refs/heads/mainline", message("initial import", 0),
               [(paths[i], current[i]) for i in range(FILES)], None)]
for i in range(1, COMMITS):
    changed = []
    for f in rng.sample(editable, 2):
        current[f][rng.randrange(8)] = f"/* mainline change {i} */"
        changed.append((paths[f], current[f]))
    tips.append(commit("refs/heads/mainline", message(f"{rng.choice(areas)}: change {i}", i),
                       changed, tips[-1]))
    if len(tips) > 600:
        tips = tips[-600:]

for t, f in enumerate(sorted(reserved)):
    parent = tips[-1 - rng.randrange(min(500, len(tips)))]
    mine = [f"/* {paths[f]} line {n} */" for n in range(8)]
    for c in range(5):
        mine.append(f"/* topic {t} commit {c} */")
        new_file = (f"xen/t{t:03d}/part{c}.c", [f"/* topic {t} part {c} */", "int x;"])
        parent = commit(f"refs/heads/topic/t{t:03d}",
                        message(f"xen/t{t:03d}: step {c}", c), [(paths[f], mine), new_file],
                        parent)
