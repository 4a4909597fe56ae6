#pragma once
// The patch-id of a diff already computed for format-patch, so a series diffs each commit once.
#include <optional>
#include <string_view>
#include <vector>

#include "patchflow/git/handle.hpp"
#include "patchflow/git/tree_diff.hpp"

namespace patchflow::git {

// The id commit_patch_id (libgit2's git_diff_patchid) gives the same commit, computed from the
// changes diff_trees made: per file, SHA-1 of the header and +/-/context lines without
// whitespace (no index line, no hunk headers, no "\ No newline" markers); the per-file hashes
// summed as 160-bit numbers. nullopt when the changes cannot tell (renames or copies, which the
// patch-id diff sees as delete + add; submodules; paths libgit2 would quote).
std::optional<Oid> patch_id_from_changes(const std::vector<FileChange>& changes);

// The same id for a diff given as text (a mail's "diff --git" part, as format-patch writes it):
// parsed by libgit2, so a mail and the commit it came from get equal ids. nullopt when libgit2
// cannot parse the text (the mail's checks report why).
std::optional<Oid> diff_text_patch_id(std::string_view diff_text);

}  // namespace patchflow::git
