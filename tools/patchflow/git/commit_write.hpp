#pragma once
// Writing commits with explicit identities, and reading commits and walking trees for compose and
// verify: commit dates and messages, the first-parent chain, changed paths, and a tree written
// to a directory. (Applying diffs in memory: git/apply.hpp.)
#include <cstdint>
#include <string>
#include <vector>

#include "patchflow/git/handle.hpp"

namespace patchflow::git {

struct Identity {
  std::string name;
  std::string email;
  std::int64_t time = 0;  // seconds since the epoch
  int offset_minutes = 0;
};

// Writes a commit object (moves no ref) and returns its id. No encoding header, as git does for
// UTF-8, so ids match what git would write for the same content.
Oid create_commit(git_repository& repo, const Oid& tree, const std::vector<Oid>& parents,
                  const Identity& author, const Identity& committer, const std::string& message);

// The committer time of a commit, in seconds since the epoch.
std::int64_t commit_time(git_repository& repo, const Oid& commit);
// The author of a commit (name, email, time and zone), to write it again unchanged.
Identity commit_author(git_repository& repo, const Oid& commit);
// The full message of a commit.
std::string commit_message(git_repository& repo, const Oid& commit);
// The committer's name and email (time and offset too) of a commit.
Identity commit_committer(git_repository& repo, const Oid& commit);

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
