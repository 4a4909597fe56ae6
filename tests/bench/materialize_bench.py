#!/usr/bin/env python3
"""Materialize side by side: `patchflow materialize` (in-process libgit2) versus the same work
with the git CLI (`git am` of every mbox on its base branch), each into a fresh repository.

usage: tests/bench/materialize_bench.py build/tools/patchflow/patchflow [stack-dir] [runs]
Prints the best wall time of each over the runs and the ratio.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

ENV = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null",
           GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.com", LC_ALL="C")


def run(args, cwd=None):
    subprocess.run(args, cwd=cwd, env=ENV, check=True, stdout=subprocess.PIPE)


def patchflow_once(binary, stack):
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        out = subprocess.run([binary, "--stack", stack, "--repo", tmp + "/repo", "--json",
                              "materialize"], check=True, stdout=subprocess.PIPE).stdout
        return time.perf_counter() - start, json.loads(out)


def plan_from(result, binary, stack):
    """Each ref with the branch it was built on, read back from a materialized repository."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([binary, "--stack", stack, "--repo", tmp, "materialize"], check=True,
                       stdout=subprocess.PIPE)
        by_target = {r["target"]: r["ref"] for r in result["refs"]}
        plan = []
        for r in result["refs"]:
            base = None
            if r["kind"] == "topic":
                oid = subprocess.run(["git", "rev-parse", f'{r["ref"]}~{r["commits"]}'], cwd=tmp,
                                     env=ENV, check=True, stdout=subprocess.PIPE,
                                     text=True).stdout.strip()
                base = by_target[oid]
            plan.append((r["ref"], base, os.path.join(stack, r["source"])))
        return plan


def git_once(plan):
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        run(["git", "init", "-q", tmp])
        for ref, base, mbox in plan:
            if base is None:
                run(["git", "checkout", "-q", "--orphan", ref[len("refs/heads/"):]], cwd=tmp)
                run(["git", "rm", "-rqf", "--ignore-unmatch", "."], cwd=tmp)
            else:
                run(["git", "checkout", "-q", "-b", ref[len("refs/heads/"):], base], cwd=tmp)
            run(["git", "am", "-q", "--committer-date-is-author-date", mbox], cwd=tmp)
        return time.perf_counter() - start


def main():
    binary = os.path.abspath(sys.argv[1])
    stack = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else ".")
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    results = [patchflow_once(binary, stack) for _ in range(runs)]
    best_patchflow = min(t for t, _ in results)
    plan = plan_from(results[0][1], binary, stack)
    best_git = min(git_once(plan) for _ in range(runs))
    commits = sum(r["commits"] for r in results[0][1]["refs"])
    print(f"{len(plan)} refs, {commits} patches, best of {runs}")
    print(f"patchflow materialize: {best_patchflow * 1000:8.1f} ms")
    print(f"git am equivalent:     {best_git * 1000:8.1f} ms")
    print(f"ratio (git / patchflow): {best_git / best_patchflow:.1f}x")


if __name__ == "__main__":
    main()
