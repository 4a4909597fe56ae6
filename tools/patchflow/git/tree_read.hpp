#pragma once
// Reading files out of commits without a checkout: blobs by path, directory tests, and a commit
// rendered as the patch text get_maintainer-style scanners read.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "patchflow/core/text.hpp"
#include "patchflow/git/handle.hpp"

namespace patchflow::git {

// Content of path in the tree of commit; nullopt when there is no blob at that path.
std::optional<std::string> read_blob_at(git_repository& repo, const Oid& commit,
                                        const std::string& path);
// True when path names a directory (subtree) in the tree of commit.
bool is_directory_at(git_repository& repo, const Oid& commit, const std::string& path);
// True when path names a file (a blob) in the tree of commit; its content is not read.
bool is_file_at(git_repository& repo, const Oid& commit, const std::string& path);
// Paths of every blob whose file name is name, below the tree of commit, in tree order.
std::vector<std::string> find_blobs_named(git_repository& repo, const Oid& commit,
                                          const std::string& name);

// The same lookups on one commit's tree, resolved once (a MAINTAINERS load asks thousands).
class TreeReader {
 public:
  TreeReader(git_repository& repo, const Oid& commit);
  std::optional<std::string> read(const std::string& path) const;
  bool is_directory(const std::string& path) const;
  bool is_file(const std::string& path) const;
  std::vector<std::string> find_named(const std::string& name) const;

 private:
  git_repository* m_repo;
  Oid m_commit;
  Tree m_tree;
};

// Every directory of a tree and every blob with a given file name, with contents: what a
// MAINTAINERS load needs (the F: directory probe and U-Boot's --find-maintainer-files).
struct NamedBlobs {
  text::StringSet directories;                             // "drivers", "drivers/net", ...
  std::vector<std::pair<std::string, std::string>> files;  // path, content, in tree order
};

// NamedBlobs of the tree of commit for blobs named name. Reading 2,000 trees costs tens of
// milliseconds, so the answer is kept in <common dir>/patchflow/tree-index/<tree id>-<name>
// and read from there next time: a tree id names its content, so that file is never stale.
// use_cache false reads the tree and neither reads nor writes the file; a file that cannot be
// read or written is ignored (the tree is read instead).
NamedBlobs named_blobs(git_repository& repo, const Oid& commit, const std::string& name,
                       bool use_cache = true);

// <common dir>/patchflow/tree-index: what is kept per tree or commit (named_blobs' indexes,
// maintainers' routing sources, 0.3-0.8 MB each on U-Boot). Never stale, but every new base and
// every new build adds files: unbounded, a year of daily rebases would hold hundreds of MB.
std::filesystem::path tree_index_directory(git_repository& repo);
// The same for the repository whose common git directory is common_dir.
std::filesystem::path tree_index_directory(const std::filesystem::path& common_dir);
// How many kept files tree_index_directory holds at most: a few bases, builds and request kinds.
inline constexpr std::size_t k_tree_index_files = 32;
// Called by each writer after it wrote a file into directory: keeps the keep newest (by the time
// they were written, so one not rewritten for keep writes goes, and is made again when next
// needed) and removes the older ones, and the temporary files of writers killed over an hour
// ago. Never throws: a file another process removed or still writes is left to it.
void prune_tree_index(const std::filesystem::path& directory,
                      std::size_t keep = k_tree_index_files);

// The commit as a mail-like patch: "Subject: <summary>", the body, "---", then the diff against
// its first parent (an empty tree for a root commit), renames detected as git format-patch does.
std::string commit_patch_text(git_repository& repo, const Oid& commit);
// How commit_patch_text begins: "Subject: <summary>", a blank line, the body, "---".
std::string commit_patch_head(git_repository& repo, const Oid& commit);
// Paths the commit changes against its first parent (old and new names of renames).
std::vector<std::string> commit_changed_paths(git_repository& repo, const Oid& commit);

}  // namespace patchflow::git
