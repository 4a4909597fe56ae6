#pragma once
// In-memory `git am` building block: apply a unified diff to a tree without a work tree or an
// index file (commits: git/commit_write.hpp).
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
  std::string message;     // libgit2's reason
};

// Applies diff_text (git format, new/deleted/renamed files included) to tree and writes the
// resulting tree. Returns the new tree id, or fills failure and returns nullopt; throws
// Error{git} only for repository failures (e.g. an unreadable object).
std::optional<Oid> apply_diff(git_repository& repo, const Oid& tree, std::string_view diff_text,
                              ApplyFailure& failure);

}  // namespace patchflow::git
