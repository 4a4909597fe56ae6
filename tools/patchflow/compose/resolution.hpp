#pragma once
// Recorded resolutions per conflict region, like git rerere: a resolution replaces exactly the
// regions it was recorded for and keeps every clean part of the merge, so a clean change from
// either side (an earlier topic's, say) is never lost to it.
#include <optional>
#include <string>
#include <vector>

#include "patchflow/config/resolution_file.hpp"
#include "patchflow/git/tree_merge.hpp"

namespace patchflow::compose {

// The merged content of conflict with each region replaced by its recorded hunk; nullopt when
// the hunks do not match the regions exactly (count, order, both sides byte for byte), with
// why set to the first difference.
std::optional<std::string> apply_resolution(const git::FileConflict& conflict,
                                            const std::vector<config::ResolvedHunk>& hunks,
                                            std::string& why);

// Cuts a whole resolved file into one hunk per conflict region of conflict. Throws
// Error{usage} when resolved changes the merge outside the regions (that belongs in a topic or
// a fixup, not in a resolution).
std::vector<config::ResolvedHunk> split_resolution(const git::FileConflict& conflict,
                                                   const std::string& resolved);

}  // namespace patchflow::compose
