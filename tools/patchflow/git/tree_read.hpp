#pragma once
// Reading files out of commits without a checkout: blobs by path, directory tests, and a commit
// rendered as the patch text get_maintainer-style scanners read.
#include <optional>
#include <string>
#include <vector>

#include "patchflow/git/handle.hpp"

namespace patchflow::git {

// Content of path in the tree of commit; nullopt when there is no blob at that path.
std::optional<std::string> read_blob_at(git_repository& repo, const Oid& commit,
                                        const std::string& path);
// True when path names a directory (subtree) in the tree of commit.
bool is_directory_at(git_repository& repo, const Oid& commit, const std::string& path);
// Paths of every blob whose file name is name, below the tree of commit, in tree order.
std::vector<std::string> find_blobs_named(git_repository& repo, const Oid& commit,
                                          const std::string& name);

// The same lookups on one commit's tree, resolved once (a MAINTAINERS load asks thousands).
class TreeReader {
 public:
  TreeReader(git_repository& repo, const Oid& commit);
  std::optional<std::string> read(const std::string& path) const;
  bool is_directory(const std::string& path) const;
  std::vector<std::string> find_named(const std::string& name) const;

 private:
  git_repository* m_repo;
  Oid m_commit;
  Tree m_tree;
};

// The commit as a mail-like patch: "Subject: <summary>", the body, "---", then the diff against
// its first parent (an empty tree for a root commit), renames detected as git format-patch does.
std::string commit_patch_text(git_repository& repo, const Oid& commit);
// Paths the commit changes against its first parent (old and new names of renames).
std::vector<std::string> commit_changed_paths(git_repository& repo, const Oid& commit);

}  // namespace patchflow::git
