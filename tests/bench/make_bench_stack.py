#!/usr/bin/env python3
"""Writes a synthetic stack for materialize benchmarks: one mainline of `files` C files over a
few commits, and `topics` topics of `patches` patches each (every third depends on the one
before), all as mboxes made by `git format-patch`.

usage: tests/bench/make_bench_stack.py OUT_DIR [topics=20] [patches=5] [files=400]
"""
import os
import subprocess
import sys

ENV = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null", LC_ALL="C",
           GIT_AUTHOR_NAME="Bench Author", GIT_AUTHOR_EMAIL="bench@example.com",
           GIT_COMMITTER_NAME="Bench Author", GIT_COMMITTER_EMAIL="bench@example.com")


def git(src, *args, date=None):
    env = dict(ENV)
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", *args], cwd=src, env=env, check=True,
                          stdout=subprocess.PIPE, text=True).stdout


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main():
    out = os.path.abspath(sys.argv[1])
    topics = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    patches = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    files = int(sys.argv[4]) if len(sys.argv) > 4 else 400
    src = os.path.join(out, "source")
    os.makedirs(src)
    git(src, "init", "-q", "-b", "mainline")
    clock = 1258624800
    for commit in range(4):
        for i in range(commit, files, 4):
            write(f"{src}/dir{i % 20}/file{i}.c", "".join(f"int v{i}_{k};\n" for k in range(40)))
        git(src, "add", "-A")
        git(src, "commit", "-q", "-m", f"mainline {commit}\n\nPart {commit} of the tree.",
            date=f"@{clock} +0000")
        clock += 60
    write(f"{out}/stack/mainline.mbox", git(src, "format-patch", "--stdout", "--root", "mainline"))
    yaml_topics = []
    for t in range(topics):
        depends = f"topic{t - 1}" if t % 3 == 2 else None
        git(src, "checkout", "-q", "-b", f"topic{t}", depends or "mainline")
        for p in range(patches):
            index = (t * 7 + p) % files
            path = f"{src}/dir{index % 20}/file{index}.c"
            with open(path, "a") as f:
                f.write(f"int topic{t}_patch{p};\n")
            git(src, "commit", "-q", "-am", f"topic{t}: change {p}\n\nWhy and how.\n\n"
                f"Signed-off-by: Bench Author <bench@example.com>", date=f"@{clock} +0000")
            clock += 60
        write(f"{out}/topics/topic{t}.mbox",
              git(src, "format-patch", "--stdout", f"{depends or 'mainline'}..topic{t}"))
        write(f"{out}/topics/topic{t}.yaml",
              f"name: topic{t}\ncomponent: main\nseries: topics/topic{t}.mbox\n" +
              (f"depends: [{depends}]\n" if depends else ""))
    write(f"{out}/stack/stack.yaml", "name: bench\ncomponents:\n  - name: main\n"
          "    mainline: mainline\n    history: stack/mainline.mbox\n")


if __name__ == "__main__":
    main()
