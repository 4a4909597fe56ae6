#pragma once
// `git am -3` in memory: a patch that does not apply to a tree is applied to the tree it was
// made against (rebuilt from the blobs its index lines name) and merged in three-way.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patchflow/git/apply.hpp"
#include "patchflow/git/handle.hpp"

namespace patchflow::git {

// One file's preimage as a patch's "index <old>..<new> <mode>" line names it.
struct PreimageBlob {
  std::string path;  // the file's old path
  std::string blob;  // abbreviated id; all zeros: the file did not exist
  std::uint32_t mode = 0100644;
};

// The blob whose id starts with hex; nullopt when the repository has none (or several).
std::optional<Oid> find_blob_prefix(git_repository& repo, const std::string& hex);

// Rebuilds the patch's preimage from tree and blobs (every named blob must be in the
// repository), applies diff_text there and merges the result into tree with base = the
// preimage. Returns the merged tree, or nullopt with failure saying why: a blob the repository
// lacks, the patch not applying to its own preimage, or the first conflicting path.
std::optional<Oid> apply_three_way(git_repository& repo, const Oid& tree,
                                   std::string_view diff_text,
                                   const std::vector<PreimageBlob>& blobs, ApplyFailure& failure);

}  // namespace patchflow::git
