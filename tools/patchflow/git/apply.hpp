#pragma once
// In-memory `git apply` (and so `git am`) building block: apply a diff to a tree without a work
// tree or an index file (commits: git/commit_write.hpp). It refuses what `git apply --check`
// refuses, by git's own rules rather than libgit2's laxer git_apply: hunks match exactly at
// any offset but never with fuzz, a hunk without leading (trailing) context or starting at
// line 1 must match at the start (end) of the file, a created path must not exist, a deleted
// file must match to its last byte, binary patches need their full preimage id.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patchflow/git/commit_write.hpp"
#include "patchflow/git/handle.hpp"

namespace patchflow::git {

// The empty tree, which git knows without storing it: the preimage of a first patch.
Oid empty_tree(git_repository& repo);

// Why a diff failed: the diff text itself is unreadable, or it does not apply to the tree.
struct ApplyFailure {
  bool malformed = false;  // git could not parse the diff text
  std::string path;        // the file in the patch that failed (empty when unknown)
  std::string message;     // the reason, in git apply's words where it has them
};

// Applies diff_text (git format, new/deleted/renamed/copied files, mode changes and binary
// patches included) to tree and writes the resulting tree. Returns the new tree id, or fills
// failure and returns nullopt; throws Error{git} only for repository failures (e.g. an
// unreadable object).
std::optional<Oid> apply_diff(git_repository& repo, const Oid& tree, std::string_view diff_text,
                              ApplyFailure& failure);

// The same for a diff libgit2 already holds (a commit's diff, or one parsed from text).
std::optional<Oid> apply_diff(git_repository& repo, const Oid& tree, git_diff& diff,
                              ApplyFailure& failure);

}  // namespace patchflow::git
