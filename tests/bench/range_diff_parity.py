#!/usr/bin/env python3
"""`patchflow range-diff` against `git range-diff` (the referee) on pairs of series versions
made from real history: the topic branches merged into a real repository (each merge's second
parent, from the merge base), rerolled the ways series are rerolled -- a commit amended,
reworded, retitled, two commits swapped, one split in two, one dropped, one added.

usage: tests/bench/range_diff_parity.py PATCHFLOW REPO [PAIRS] [RUNS]
  PATCHFLOW  build/tools/patchflow/patchflow
  REPO       a git repository with merges (e.g. a U-Boot clone); only read: the rerolled
             commits are written to a temporary `git clone --shared` of it (alternates)
  PAIRS      how many old/new pairs (default 60); RUNS timing runs per pair (default 3)
Prints per-pair disagreements, then pairing agreement, identical-output share and the speed
ratio (git time / patchflow time, best of RUNS each, summed over pairs; > 1: patchflow faster).
"""
import os
import re
import subprocess
import sys
import tempfile
import time

ENV = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null", LC_ALL="C",
           GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.com",
           GIT_COMMITTER_DATE="1258624800 +0000")
HEADER = re.compile(r"^ *(\d+|-): +([0-9a-f]+|-+) ([=!<>]) +(\d+|-): +([0-9a-f]+|-+) ")


def git(repo, *args, env=None, input=None):
    return subprocess.run(["git", "-C", repo, *args], env=env or ENV, check=True, input=input,
                          stdout=subprocess.PIPE).stdout.decode("utf-8", "replace")


def topics(repo, wanted):
    """(base, tip, commits) of merged topic branches: 3-15 commits, no merges inside."""
    found = []
    for line in git(repo, "rev-list", "--merges", "--parents", "-n", "4000", "HEAD").splitlines():
        merge, first, second = line.split()[:3]
        base = git(repo, "merge-base", first, second).strip()
        commits = git(repo, "rev-list", "--reverse", "--topo-order", base + ".." + second).split()
        merges = git(repo, "rev-list", "--merges", base + ".." + second).split()
        if 3 <= len(commits) <= 15 and not merges:
            found.append((base, second, commits))
        if len(found) >= wanted:
            break
    return found


class Writer:
    """Commits made with plumbing only (apply --cached, commit-tree): no work tree."""

    def __init__(self, repo):
        self.repo = repo
        self.index = os.path.join(repo, "bench-index")

    def meta(self, commit):
        fields = git(self.repo, "show", "-s", "--format=%an%x00%ae%x00%ad%x00%B",
                     "--date=raw", commit).split("\x00", 3)
        return fields[0], fields[1], fields[2], fields[3]

    def commit(self, tree, parent, message, author):
        env = dict(ENV, GIT_AUTHOR_NAME=author[0], GIT_AUTHOR_EMAIL=author[1],
                   GIT_AUTHOR_DATE=author[2])
        return git(self.repo, "commit-tree", tree, "-p", parent, env=env,
                   input=message.encode()).strip()

    def pick(self, commit, onto):
        """The tree of commit's change applied onto onto (git apply --cached on a scratch
        index), or None when it does not apply."""
        env = dict(ENV, GIT_INDEX_FILE=self.index)
        git(self.repo, "read-tree", onto + "^{tree}", env=env)
        patch = subprocess.run(["git", "-C", self.repo, "diff-tree", "-p", "--binary",
                                "--full-index", commit + "^", commit], env=ENV, check=True,
                               stdout=subprocess.PIPE).stdout
        if patch:
            applied = subprocess.run(["git", "-C", self.repo, "apply", "--cached"], env=env,
                                     input=patch, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
            if applied.returncode != 0:
                return None
        return git(self.repo, "write-tree", env=env).strip()

    def edit_tree(self, tree, updates):
        """tree with path -> (mode, blob) or None (removed)."""
        env = dict(ENV, GIT_INDEX_FILE=self.index)
        git(self.repo, "read-tree", tree, env=env)
        for path, entry in updates.items():
            if entry is None:
                git(self.repo, "update-index", "--force-remove", "--", path, env=env)
            else:
                git(self.repo, "update-index", "--add", "--cacheinfo",
                    entry[0] + "," + entry[1] + "," + path, env=env)
        return git(self.repo, "write-tree", env=env).strip()

    def changed_files(self, commit):
        out = git(self.repo, "diff-tree", "--no-commit-id", "-r", "--no-renames", commit + "^",
                  commit)
        files = []
        for line in out.splitlines():
            meta, path = line.split("\t", 1)
            _, new_mode, _, new_blob, status = meta[1:].split()
            files.append((path, None if status == "D" else (new_mode, new_blob)))
        return files


def reroll(writer, base, commits, kind, seed):
    """A new version of the series base..commits[-1]; None when it cannot be made."""
    k = seed % len(commits)
    plan = list(commits)
    if kind == "swap":
        k = min(k, len(plan) - 2)
        plan[k], plan[k + 1] = plan[k + 1], plan[k]
    elif kind == "drop":
        del plan[k]
    tip = base
    for index, commit in enumerate(plan):
        name, email, date, message = writer.meta(commit)
        author = (name, email, date)
        tree = writer.pick(commit, tip)
        if tree is None:
            return None
        if index == k and kind == "reword":
            message = message.rstrip("\n") + "\n\nReworded for v2.\n"
        elif index == k and kind == "retitle":
            message = "v2: " + message
        elif index == k and kind == "amend":
            files = [f for f in writer.changed_files(commit) if f[1] and f[1][0] == "100644"]
            if not files:
                return None
            path, (mode, blob) = files[0]
            content = git(writer.repo, "cat-file", "blob", git(
                writer.repo, "rev-parse", tree + ":" + path).strip())
            new_blob = git(writer.repo, "hash-object", "-w", "--stdin",
                           input=(content + "/* amended in v2 */\n").encode()).strip()
            tree = writer.edit_tree(tree, {path: (mode, new_blob)})
        elif index == k and kind == "split":
            files = writer.changed_files(commit)
            if len(files) < 2:
                return None
            parent_tree = git(writer.repo, "rev-parse", tip + "^{tree}").strip()
            half = writer.edit_tree(parent_tree, dict(files[:len(files) // 2]))
            tip = writer.commit(half, tip, message.rstrip("\n") + " (part 1)\n", author)
        elif index == k and kind == "add":
            blob = git(writer.repo, "hash-object", "-w", "--stdin",
                       input=b"added in v2\n").strip()
            extra_tree = writer.edit_tree(git(writer.repo, "rev-parse", tip + "^{tree}").strip(),
                                          {"range-diff-bench-v2.txt": ("100644", blob)})
            tip = writer.commit(extra_tree, tip, "bench: a new patch in v2\n", author)
            tree = writer.pick(commit, tip)
            if tree is None:
                return None
        tip = writer.commit(tree, tip, message, author)
    return tip


def pairing(text):
    return [m.group(1, 3, 4) for m in map(HEADER.match, text.splitlines()) if m]


def best_time(args, cwd, runs):
    best, out = None, None
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(args, cwd=cwd, env=ENV, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            return None, result.stderr.decode("utf-8", "replace")
        out = result.stdout.decode("utf-8", "replace")
        best = elapsed if best is None else min(best, elapsed)
    return best, out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    patchflow, source = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    wanted = int(sys.argv[3]) if len(sys.argv) > 3 else 60
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    kinds = ["amend", "reword", "retitle", "swap", "split", "drop", "add"]
    with tempfile.TemporaryDirectory() as tmp:
        repo = os.path.join(tmp, "repo.git")
        subprocess.run(["git", "clone", "-q", "--bare", "--shared", source, repo], env=ENV,
                       check=True)
        writer = Writer(repo)
        pairs = []
        for n, (base, tip, commits) in enumerate(topics(repo, wanted * 2)):
            kind = kinds[n % len(kinds)]
            new_tip = reroll(writer, base, commits, kind, n * 7 + 3)
            if new_tip is not None:
                pairs.append((kind, base, tip, new_tip))
            if len(pairs) >= wanted:
                break
        same_pairing = same_output = 0
        git_time = ours_time = 0.0
        for kind, base, old, new in pairs:
            sides = [base + ".." + old, base + ".." + new]
            git_seconds, git_out = best_time(["git", "range-diff", "--no-color", *sides], repo,
                                             runs)
            ours_seconds, ours_out = best_time([patchflow, "--repo", repo, "range-diff", *sides],
                                               repo, runs)
            if git_seconds is None or ours_seconds is None:
                print(f"{kind} {old[:12]} {new[:12]}: failed: {git_out or ours_out}")
                continue
            git_time += git_seconds
            ours_time += ours_seconds
            pairing_ok = pairing(git_out) == pairing(ours_out)
            same_pairing += pairing_ok
            same_output += git_out == ours_out
            if git_out != ours_out:
                print(f"{kind} {' '.join(sides)}: {'output' if pairing_ok else 'PAIRING'} differs")
        total = len(pairs)
        print(f"pairs: {total} ({', '.join(k + ' ' + str(sum(p[0] == k for p in pairs)) for k in kinds)})")
        print(f"pairing agreement: {same_pairing}/{total}")
        print(f"identical output: {same_output}/{total}")
        if not total:
            sys.exit("no pairs could be made")
        print(f"time: git {git_time:.2f} s, patchflow {ours_time:.2f} s, "
              f"speed ratio {git_time / ours_time:.2f}x (best of {runs})")


if __name__ == "__main__":
    main()
