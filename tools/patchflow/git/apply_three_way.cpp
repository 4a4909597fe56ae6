#include "patchflow/git/apply_three_way.hpp"

#include "patchflow/git/repository.hpp"
#include "patchflow/git/tree_merge.hpp"

namespace patchflow::git {
namespace {

bool is_zero_id(const std::string& hex) {
  return !hex.empty() && hex.find_first_not_of('0') == std::string::npos;
}

bool tree_has_path(const git_tree& tree, const std::string& path) {
  git_tree_entry* raw = nullptr;
  if (git_tree_entry_bypath(&raw, &tree, path.c_str()) != 0) {
    git_error_clear();
    return false;
  }
  TreeEntry entry(raw);
  return true;
}

}  // namespace

std::optional<Oid> find_blob_prefix(git_repository& repo, const std::string& hex) {
  git_oid prefix;
  if (hex.size() < 4 || git_oid_fromstrn(&prefix, hex.c_str(), hex.size()) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  git_object* raw = nullptr;
  if (git_object_lookup_prefix(&raw, &repo, &prefix, hex.size(), GIT_OBJECT_BLOB) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  const Object blob(raw);
  return Oid(*git_object_id(blob.get()));
}

std::optional<Oid> apply_three_way(git_repository& repo, const Oid& tree,
                                   std::string_view diff_text,
                                   const std::vector<PreimageBlob>& blobs, ApplyFailure& failure) {
  const Tree ours = lookup_tree(repo, tree);
  std::vector<Oid> ids(blobs.size());
  std::vector<git_tree_update> updates;
  for (std::size_t i = 0; i < blobs.size(); ++i) {
    const PreimageBlob& blob = blobs[i];
    git_tree_update update{};
    update.path = blob.path.c_str();
    if (is_zero_id(blob.blob)) {
      if (!tree_has_path(*ours, blob.path)) {
        continue;
      }
      update.action = GIT_TREE_UPDATE_REMOVE;
    } else {
      const std::optional<Oid> id = find_blob_prefix(repo, blob.blob);
      if (!id) {
        failure = ApplyFailure{
            .path = blob.path,
            .message = "the repository lacks blob " + blob.blob + " needed for a 3-way merge"};
        return std::nullopt;
      }
      ids[i] = *id;
      update.action = GIT_TREE_UPDATE_UPSERT;
      update.id = *ids[i].raw();
      update.filemode = static_cast<git_filemode_t>(blob.mode);
    }
    updates.push_back(update);
  }
  git_oid base_raw;
  check(git_tree_create_updated(&base_raw, &repo, ours.get(), updates.size(), updates.data()),
        "cannot build the patch's preimage tree");
  const Oid base(base_raw);
  ApplyFailure own;
  const std::optional<Oid> theirs = apply_diff(repo, base, diff_text, own);
  if (!theirs) {
    failure = own;
    failure.message = "does not apply to the blobs it names either: " + own.message;
    return std::nullopt;
  }
  const TreeMergeResult merged = merge_trees(repo, base, tree, *theirs);
  if (!merged.tree) {
    const std::string path = merged.conflicts.empty() ? "" : merged.conflicts.front().path;
    failure = ApplyFailure{
        .path = path,
        .message = "3-way merge conflict" + (merged.conflicts.empty()
                                                 ? std::string()
                                                 : " (" + merged.conflicts.front().kind + ")")};
    return std::nullopt;
  }
  return merged.tree;
}

}  // namespace patchflow::git
