#!/usr/bin/env python3
"""Applies a patchflow resolution file to a work-tree file with git's conflict markers, as a
git user would: each conflict region whose sides match the recorded ones is replaced by the
recorded resolved text. Exits 1 when a region has no matching recorded hunk.
usage: apply_resolution.py RESOLUTION WORKTREE_FILE"""
import sys


def parse_resolution(text):
    hunks, target, last_text = [], None, False
    for raw in text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"):
        if raw.startswith("|"):
            hunks[-1][target] += (raw[2:] if len(raw) > 1 else "") + "\n"
            last_text = True
            continue
        if raw.rstrip() == "\\ No newline at end of file" and last_text:
            hunks[-1][target] = hunks[-1][target][:-1]
        elif raw.rstrip() == "conflict":
            hunks.append({"ours": "", "theirs": "", "resolved": ""})
        elif raw.rstrip() in ("ours:", "theirs:", "resolved:"):
            target = raw.rstrip()[:-1]
        last_text = False
    return hunks


def main():
    hunks = parse_resolution(open(sys.argv[1]).read())
    table = {(h["ours"], h["theirs"]): h["resolved"] for h in hunks}
    out, part, ours, theirs = [], 0, "", ""
    for line in open(sys.argv[2]).read().splitlines(keepends=True):
        if part == 0 and line.startswith("<<<<<<< "):
            part, ours, theirs = 1, "", ""
        elif part == 1 and line.rstrip("\n") == "=======":
            part = 2
        elif part == 2 and line.startswith(">>>>>>> "):
            if (ours, theirs) not in table:
                sys.exit("no recorded resolution for a conflict region of " + sys.argv[2])
            out.append(table[(ours, theirs)])
            part = 0
        elif part == 0:
            out.append(line)
        elif part == 1:
            ours += line
        else:
            theirs += line
    open(sys.argv[2], "w").write("".join(out))


main()
