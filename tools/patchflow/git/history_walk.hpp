#pragma once
// Walking history for signals (authors, trailers) without a git subprocess.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "patchflow/git/handle.hpp"

namespace patchflow::git {

struct CommitInfo {
  Oid id;
  std::int64_t time = 0;  // committer time, epoch seconds
  int parent_count = 0;
  std::string author_name, author_email;
  std::string message;
};

// Every commit reachable from tip, newest first (time order).
std::vector<CommitInfo> walk_commits(git_repository& repo, const Oid& tip);
// True when path (a file) differs between commit and its first parent (or exists in a root).
bool commit_changes_path(git_repository& repo, const Oid& commit, const std::string& path);
// The commit a (possibly abbreviated) hex id names; nullopt when the repository lacks it.
std::optional<Oid> find_commit_prefix(git_repository& repo, const std::string& hex);

}  // namespace patchflow::git
