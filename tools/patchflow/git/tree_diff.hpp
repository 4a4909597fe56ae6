#pragma once
// Tree-to-tree diffs as git prints them: per-file changes with git's rename scores, hunks,
// binary patches and abbreviated ids, so series/ can lay out format-patch text byte for byte.
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <optional>
#include <string>
#include <vector>

#include "patchflow/git/handle.hpp"

namespace patchflow::git {

enum class ChangeStatus { added, deleted, modified, renamed, copied, type_changed };

// One file of a diff, with everything git's header, diffstat and summary lines need.
struct FileChange {
  ChangeStatus status = ChangeStatus::modified;
  std::string old_path;
  std::string new_path;
  std::uint32_t old_mode = 0;  // 0 when the file is added
  std::uint32_t new_mode = 0;  // 0 when the file is deleted
  Oid old_id;
  Oid new_id;
  int similarity = 0;  // percent, for renames and copies
  bool is_binary = false;
  std::uint64_t old_size = 0;
  std::uint64_t new_size = 0;
  int added_lines = 0;
  int deleted_lines = 0;
  // Everything after the header: "@@ ..." hunks with "\ No newline at end of file" markers, or
  // "GIT binary patch\n..." (forward and reverse, as git emits them); empty for a pure rename
  // or mode change.
  std::string body;
};

struct TreeDiffOptions {
  bool find_renames = true;    // git's default diff.renames=true with git's similarity score
  bool binary_patches = true;  // format-patch's default --binary
  // git's diff.indentHeuristic, on in git log -p (range-diff's patches).
  bool indent_heuristic = true;
};

// The changes from old_tree (nullopt: the empty tree, for root commits) to new_tree, in git's
// path order. Throws Error{git} on libgit2 failures.
std::vector<FileChange> diff_trees(git_repository& repo, const std::optional<Oid>& old_tree,
                                   const Oid& new_tree, const TreeDiffOptions& options = {});

// git's default abbreviation length: core.abbrev, else 7 growing with the packed object count
// (git 2.39 find_unique_abbrev_r with DEFAULT_ABBREV).
std::size_t default_abbrev_length(git_repository& repo);

// git's abbreviation of ids (index lines, range-diff) over repo's objects as they are when it is
// made: make one per run, objects written later are not seen. The packs of the repository and
// its alternates are searched through an object database of their own, and each loose fan-out
// directory (objects/xx) is listed once, as git's loose-object cache does: libgit2 lists both
// object directories' fan-out again at every prefix look-up (8% of series' CPU on U-Boot).
// Safe to share between threads. Throws Error{git}.
class Abbreviator {
 public:
  explicit Abbreviator(git_repository& repo);
  // The shortest prefix of id, at least min_length long, that no other object shares.
  std::string abbreviate(const Oid& id, std::size_t min_length) const;

 private:
  Odb m_packs;
  std::vector<std::string> m_object_directories;
  std::set<std::string> m_fan_outs;  // "dir/xx" that exist
  mutable std::mutex m_mutex;  // libgit2 may refresh the pack list; the loose listings fill up
  mutable std::map<std::string, std::vector<std::string>> m_loose;  // "dir/xx" -> sorted names
};

// The diff of commit against its first parent (the empty tree for a root commit) that
// git_diff_tree_to_tree gives with options, computed on the files the commit changes only (found
// by a walk that skips every subtree whose id is the same on both sides); options.pathspec is
// replaced. Renames found afterwards (git_diff_find_similar) are the same: their sources and
// targets are changed files. Throws Error{git}.
Diff diff_commit(git_repository& repo, const Oid& commit, git_diff_options options);

// git's stable patch-id of a non-merge commit against its first parent (git patch-id --stable,
// format-patch --base's prerequisite-patch-id).
Oid commit_patch_id(git_repository& repo, const Oid& commit);

// The paths commit_patch_id hashes (old and new, sorted, no rename detection): two commits with
// equal patch-ids touch equal paths, and this costs a tree walk instead of a diff of contents.
std::vector<std::string> patch_id_paths(git_repository& repo, const Oid& commit);

}  // namespace patchflow::git
