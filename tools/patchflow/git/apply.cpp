#include "patchflow/git/apply.hpp"

#include "patchflow/git/repository.hpp"

namespace patchflow::git {
namespace {

std::string last_error_message() {
  const git_error* last = git_error_last();
  return last != nullptr && last->message != nullptr ? last->message : "unknown error";
}

// git_apply calls this before each file; the last path seen is the one that failed.
int remember_delta(const git_diff_delta* delta, void* payload) {
  auto* path = static_cast<std::string*>(payload);
  const char* name = delta->new_file.path != nullptr ? delta->new_file.path : delta->old_file.path;
  *path = name != nullptr ? name : "";
  return 0;
}

}  // namespace

Oid empty_tree(git_repository& repo) {
  // git and libgit2 know the empty tree without storing it; writing it would leave an
  // unreachable object behind.
  (void)repo;
  return Oid::from_hex("4b825dc642cb6eb9a060e54bf8d69288fbee4904");
}

std::optional<Oid> apply_diff(git_repository& repo, const Oid& tree, std::string_view diff_text,
                              ApplyFailure& failure) {
  // libgit2 1.5 rejects a diff whose last line lacks its newline.
  std::string text(diff_text);
  if (!text.empty() && text.back() != '\n') {
    text += '\n';
  }
  git_diff* raw_diff = nullptr;
  ensure_library();
  if (git_diff_from_buffer(&raw_diff, text.data(), text.size()) != 0) {
    failure = ApplyFailure{.malformed = true, .message = last_error_message()};
    git_error_clear();
    return std::nullopt;
  }
  Diff diff(raw_diff);
  const Tree preimage = lookup_tree(repo, tree);
  git_apply_options options = GIT_APPLY_OPTIONS_INIT;
  std::string path;
  options.delta_cb = remember_delta;
  options.payload = &path;
  git_index* raw_index = nullptr;
  if (git_apply_to_tree(&raw_index, &repo, preimage.get(), diff.get(), &options) != 0) {
    failure = ApplyFailure{.path = path, .message = last_error_message()};
    git_error_clear();
    return std::nullopt;
  }
  Index index(raw_index);
  git_oid out;
  check(git_index_write_tree_to(&out, index.get(), &repo), "cannot write tree");
  return Oid(out);
}

}  // namespace patchflow::git
