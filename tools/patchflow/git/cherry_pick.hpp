#pragma once
// Replaying commits in-process (no work tree): pick a commit onto another, recommit it.
#include <optional>
#include <string>
#include <vector>

#include "patchflow/git/handle.hpp"

namespace patchflow::git {

struct PickResult {
  std::optional<Oid> tree;             // the picked tree; nullopt on conflict
  std::vector<std::string> conflicts;  // conflicting paths, sorted
};

// Three-way merges commit's change (against its first parent) onto onto's tree, as
// `git cherry-pick` does. Writes the tree object; moves nothing.
PickResult cherry_pick_tree(git_repository& repo, const Oid& commit, const Oid& onto);

// A commit with original's author and message, tree and single parent given, committed by
// committer_name/email at when (seconds, offset minutes). Moves no ref.
Oid recommit(git_repository& repo, const Oid& original, const Oid& tree, const Oid& parent,
             const std::string& committer_name, const std::string& committer_email,
             long long when, int offset_minutes);

}  // namespace patchflow::git
