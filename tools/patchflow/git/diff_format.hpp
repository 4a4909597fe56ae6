#pragma once
// Commits as patches, in-process: the text `git format-patch` would write for a commit, its
// patch-id, applying a series to another tree in memory, and writing a commit's tree to a
// directory (for build checks).
#include <optional>
#include <string>
#include <vector>

#include "patchflow/git/handle.hpp"

namespace patchflow::git {

// "From <sha> Mon Sep 17 00:00:00 2001", From/Date/Subject headers, the message, "---", and
// the diff against the first parent (the empty tree for a root commit).
std::string format_commit_as_patch(git_repository& repo, const Oid& commit);


// Applies each commit's diff, in order, to the tree of base, in memory, by git apply's rules
// (git/apply.hpp). Returns nullopt when all apply, else the index in commits of the first that
// does not.
std::optional<std::size_t> first_commit_not_applying(git_repository& repo, const Oid& base,
                                                     const std::vector<Oid>& commits);

// Writes the files of commit's tree below directory (created when missing).
void checkout_commit_to(git_repository& repo, const Oid& commit, const std::string& directory);

}  // namespace patchflow::git
