#!/usr/bin/env python3
"""series and check of two patchflow binaries side by side, with git format-patch and the tree's
checkpatch.pl, on a stack made by ../shared/tools/make-real-stack.sh (real_repo_bench.sh's).

usage: tests/bench/series_check_side_by_side.py STACK_DIR OLD_PATCHFLOW NEW_PATCHFLOW
env: RUNS (15) runs per command, CHECKPATCH_RUNS (3; 0: none), TOPIC (default: the topic with
     the most commits in STACK_DIR/topics.txt)

The commands run interleaved, one run of each in turn, so a change of machine load hits all of
them alike; prints the median wall and CPU (user + system) time of each. STACK_DIR/stack must
exist (real_repo_bench.sh writes it on first use).
"""
import os
import shutil
import statistics
import sys
import tempfile
import time

stack_dir, old, new = (os.path.abspath(a) for a in sys.argv[1:4])
runs = int(os.environ.get("RUNS", "15"))
checkpatch_runs = int(os.environ.get("CHECKPATCH_RUNS", "3"))
topics = [line.split() for line in open(os.path.join(stack_dir, "topics.txt")) if line.strip()]
topic = os.environ.get("TOPIC") or max(topics, key=lambda t: int(t[1]))[0]
repo = os.path.join(stack_dir, "repo")
out = tempfile.mkdtemp(prefix="pf-side-by-side-")
span = "mainline.." + topic
args = ["--repo", repo, "--stack", os.path.join(stack_dir, "stack")]
commands = {"git format-patch": ["git", "-C", repo, "format-patch", "-q", "-o", out, span]}
for name, binary in (("old", old), ("new", new)):
    commands[name + " series --no-route"] = [binary, *args, "series", "--no-route",
                                             "--no-cover-letter", "-o", out, span]
for name, binary in (("old", old), ("new", new)):
    commands[name + " series (routed)"] = [binary, *args, "series", "--no-cover-letter", "-o",
                                           out, span]
for name, binary in (("old", old), ("new", new)):
    commands[name + " check --no-cache"] = [binary, *args, "check", "--no-cache", span]


def run(argv, cwd=None):
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        if cwd:
            os.chdir(cwd)
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.execvp(argv[0], argv)
    _, _, usage = os.wait4(pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


walls = {name: [] for name in commands}
cpus = {name: [] for name in commands}
for r in range(runs + 2):  # the first two rounds warm the caches
    for name, argv in commands.items():
        wall, cpu = run(argv)
        if r >= 2:
            walls[name].append(wall)
            cpus[name].append(cpu)
print(f"{topic}, load {os.getloadavg()[0]:.1f}, medians of {runs} runs")
for name in commands:
    print(f"{name:24s} wall {statistics.median(walls[name]) * 1000:7.1f} ms   "
          f"cpu {statistics.median(cpus[name]) * 1000:7.1f} ms")
work_tree = os.path.join(stack_dir, "wt")
if checkpatch_runs and os.path.isfile(os.path.join(work_tree, "scripts", "checkpatch.pl")):
    patches = os.path.join(out, "patches")
    shutil.rmtree(out, ignore_errors=True)
    os.system(f"git -C {repo} format-patch -q -o {patches} {span}")
    kept = tempfile.mkdtemp(prefix="pf-side-by-side-patches-")
    for name in os.listdir(patches):
        shutil.copy(os.path.join(patches, name), kept)
    argv = ["sh", "-c", f"exec perl scripts/checkpatch.pl -q {kept}/*.patch"]
    times = [run(argv, cwd=work_tree)[0] for _ in range(checkpatch_runs)]
    print(f"{'checkpatch.pl':24s} wall {statistics.median(times) * 1000:7.1f} ms "
          f"({checkpatch_runs} runs, the same patches, in the work tree)")
    shutil.rmtree(kept, ignore_errors=True)
shutil.rmtree(out, ignore_errors=True)
