#pragma once
// In-memory three-way merges of trees: a fast walk that only descends where both sides changed,
// and the full libgit2 merge (rename detection) as the fallback. No work tree, no index file.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "patchflow/git/handle.hpp"

namespace patchflow::git {

// One conflicting region of a file, as git_merge_file reports it in diff3 style.
struct ConflictHunk {
  int line = 0;  // 1-based line of the "<<<<<<<" marker in the merged-with-markers text
  std::string ours;
  std::string base;
  std::string theirs;
};

// One conflict region as git leaves it in a work tree after `git merge` (the default "merge"
// style: no base part, common lines at either end moved out of the region).
struct ConflictRegion {
  std::string ours;
  std::string theirs;
};

// A file the merge could not decide.
struct FileConflict {
  std::string path;
  std::string kind;  // "content", "add/add", "modify/delete", "mode", "binary", "type"
  std::vector<ConflictHunk> hunks;  // content conflicts only
  std::string merged;               // merged text with conflict markers (content conflicts)
  // Hash of the normalized conflict regions (not of the file): a recorded resolution keyed by it
  // applies only to this very conflict. Empty for conflicts without hunks.
  std::string key;
  // The same merge as git writes it into a work tree: clean[0], regions[0], clean[1], ...,
  // clean[regions.size()]. A recorded resolution replaces regions and keeps every clean part,
  // so clean changes from either side survive (rerere's preimage, per region).
  std::vector<std::string> clean;
  std::vector<ConflictRegion> regions;
};

// Returns the resolved content for a conflict, or nullopt to leave it unresolved.
using ConflictResolver = std::function<std::optional<std::string>(const FileConflict&)>;

enum class MergeEngine { fast, full };

struct TreeMergeResult {
  std::optional<Oid> tree;                 // set when every conflict was resolved
  std::vector<FileConflict> conflicts;     // unresolved conflicts
  std::vector<FileConflict> resolved;      // conflicts the resolver settled
  MergeEngine engine = MergeEngine::fast;  // which engine decided
};

// Fast path: walks base/ours/theirs together, keeps any subtree unchanged on one side, merges
// file contents only where both sides changed. Returns nullopt when it cannot decide (renames,
// modify/delete, add/add, type or mode clashes, binary files): the caller falls back to
// merge_trees_full. base may be a zero Oid for unrelated histories (empty tree).
std::optional<TreeMergeResult> merge_trees_fast(git_repository& repo, const Oid& base_tree,
                                                const Oid& ours_tree, const Oid& theirs_tree,
                                                const ConflictResolver& resolver = {});

// libgit2's git_merge_trees with rename detection; conflicts are offered to resolver.
TreeMergeResult merge_trees_full(git_repository& repo, const Oid& base_tree, const Oid& ours_tree,
                                 const Oid& theirs_tree, const ConflictResolver& resolver = {});

// The fast path, falling back to the full merge when it cannot decide.
TreeMergeResult merge_trees(git_repository& repo, const Oid& base_tree, const Oid& ours_tree,
                            const Oid& theirs_tree, const ConflictResolver& resolver = {});

// Content conflict details for one file: runs git_merge_file (diff3 style) on the three blobs
// (zero Oid: absent) and fills hunks, merged and key. Returns nullopt when it merges cleanly.
std::optional<FileConflict> describe_content_conflict(git_repository& repo, const std::string& path,
                                                      const Oid& base, const Oid& ours,
                                                      const Oid& theirs);

// The conflict key of merged-with-markers text (what describe_content_conflict stores in key).
std::string conflict_key(const std::vector<ConflictHunk>& hunks);

// Pairs of 0-based line numbers (in a, in b) that a line diff of a and b keeps unchanged, in
// order (libgit2's xdiff, as `git diff`).
std::vector<std::pair<std::size_t, std::size_t>> unchanged_lines(std::string_view a,
                                                                 std::string_view b);

// True when text still holds conflict markers (a line starting "<<<<<<< " or ">>>>>>> ").
bool has_conflict_markers(const std::string& text);

// Writes content as a blob and returns its id.
Oid write_blob(git_repository& repo, const std::string& content);
// Reads a blob's content.
std::string read_blob(git_repository& repo, const Oid& blob);

}  // namespace patchflow::git
