#pragma once
// Reading commits and walking trees for compose and verify: commit dates and messages, the
// first-parent chain, changed paths, and a tree written to a directory. (Writing commits and
// applying diffs in memory: git/apply.hpp.)
#include <cstdint>
#include <string>
#include <vector>

#include "patchflow/git/handle.hpp"

namespace patchflow::git {

// The committer time of a commit, in seconds since the epoch.
std::int64_t commit_time(git_repository& repo, const Oid& commit);
// The full message of a commit.
std::string commit_message(git_repository& repo, const Oid& commit);

// Commits on the first-parent chain from tip back to (excluding) stop, at most limit of them,
// newest first. The walk ends early at a root commit.
std::vector<Oid> first_parent_chain(git_repository& repo, const Oid& tip, const Oid& stop,
                                    std::size_t limit);

// Paths (files) that differ between two trees, limited to those matching pathspec if given.
std::vector<std::string> changed_paths(git_repository& repo, const Oid& old_tree,
                                       const Oid& new_tree, const std::string& pathspec = {});

// Writes the files of tree into directory (which must exist), as a checkout would.
void write_tree_to_directory(git_repository& repo, const Oid& tree, const std::string& directory);

}  // namespace patchflow::git
