#include "patchflow/git/ref_file.hpp"

#include "patchflow/git/repository.hpp"

namespace patchflow::git {
namespace {

Signature make_signature(git_repository& repo, std::int64_t when) {
  std::string name = "patchflow", email = "patchflow@localhost";
  git_signature* configured = nullptr;
  if (git_signature_default(&configured, &repo) == 0) {
    Signature owned(configured);
    name = owned->name;
    email = owned->email;
  } else {
    git_error_clear();
  }
  git_signature* raw = nullptr;
  ensure_library();
  check(git_signature_new(&raw, name.c_str(), email.c_str(), when, 0), "cannot make signature");
  return Signature(raw);
}

}  // namespace

std::optional<RefFile> read_ref_file(git_repository& repo, const std::string& ref_name,
                                     const std::string& path) {
  const std::optional<Oid> tip = resolve_ref(repo, ref_name);
  if (!tip) {
    return std::nullopt;
  }
  const Commit commit = lookup_commit(repo, *tip);
  const Tree tree = commit_tree(*commit);
  RefFile result{.commit = *tip};
  git_tree_entry* raw_entry = nullptr;
  const int rc = git_tree_entry_bypath(&raw_entry, tree.get(), path.c_str());
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return result;
  }
  check(rc, "cannot read '" + path + "'", Where{.ref = ref_name});
  TreeEntry entry(raw_entry);
  git_blob* raw_blob = nullptr;
  check(git_blob_lookup(&raw_blob, &repo, git_tree_entry_id(entry.get())),
        "cannot read '" + path + "'", Where{.ref = ref_name});
  Blob blob(raw_blob);
  result.content.assign(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                        static_cast<std::size_t>(git_blob_rawsize(blob.get())));
  return result;
}

Oid write_ref_file(git_repository& repo, const std::string& ref_name,
                   const std::optional<Oid>& expected, const std::string& path,
                   const std::string& content, const std::string& message, std::int64_t when) {
  Oid blob_id;
  check(git_blob_create_from_buffer(blob_id.raw(), &repo, content.data(), content.size()),
        "cannot write blob", Where{.ref = ref_name});
  git_treebuilder* raw_builder = nullptr;
  check(git_treebuilder_new(&raw_builder, &repo, nullptr), "cannot build tree",
        Where{.ref = ref_name});
  TreeBuilder builder(raw_builder);
  check(git_treebuilder_insert(nullptr, builder.get(), path.c_str(), blob_id.raw(),
                               GIT_FILEMODE_BLOB),
        "cannot build tree", Where{.ref = ref_name});
  Oid tree_id;
  check(git_treebuilder_write(tree_id.raw(), builder.get()), "cannot write tree",
        Where{.ref = ref_name});
  const Tree tree = lookup_tree(repo, tree_id);
  Commit parent;
  const git_commit* parents[1] = {nullptr};
  if (expected) {
    parent = lookup_commit(repo, *expected);
    parents[0] = parent.get();
  }
  const Signature signature = make_signature(repo, when);
  Oid commit_id;
  check(git_commit_create(commit_id.raw(), &repo, nullptr, signature.get(), signature.get(),
                          nullptr, message.c_str(), tree.get(), expected ? 1 : 0, parents),
        "cannot write commit", Where{.ref = ref_name});
  update_ref(repo, ref_name, expected, commit_id, message);
  return commit_id;
}

}  // namespace patchflow::git
