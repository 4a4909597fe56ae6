#include "patchflow/git/commit_write.hpp"

#include "patchflow/git/repository.hpp"

namespace patchflow::git {

namespace {

Signature make_signature(const Identity& who) {
  git_signature* raw = nullptr;
  ensure_library();
  check(git_signature_new(&raw, who.name.c_str(), who.email.c_str(), who.time, who.offset_minutes),
        "cannot make signature", Where{.ref = who.name + " <" + who.email + ">"});
  return Signature(raw);
}

}  // namespace

Oid create_commit(git_repository& repo, const Oid& tree_id, const std::vector<Oid>& parents,
                  const Identity& author, const Identity& committer, const std::string& message) {
  const Tree tree = lookup_tree(repo, tree_id);
  std::vector<Commit> parent_commits;
  std::vector<const git_commit*> parent_pointers;
  for (const Oid& parent : parents) {
    parent_commits.push_back(lookup_commit(repo, parent));
    parent_pointers.push_back(parent_commits.back().get());
  }
  const Signature author_signature = make_signature(author);
  const Signature committer_signature = make_signature(committer);
  git_oid out;
  check(git_commit_create(&out, &repo, nullptr, author_signature.get(), committer_signature.get(),
                          nullptr, message.c_str(), tree.get(), parent_pointers.size(),
                          parent_pointers.data()),
        "cannot create commit");
  return Oid(out);
}

std::int64_t commit_time(git_repository& repo, const Oid& commit) {
  const Commit c = lookup_commit(repo, commit);
  return git_commit_time(c.get());
}

namespace {
Identity identity_of(const git_signature* who) {
  return Identity{.name = who->name ? who->name : "",
                  .email = who->email ? who->email : "",
                  .time = who->when.time,
                  .offset_minutes = who->when.offset};
}
}  // namespace

Identity commit_committer(git_repository& repo, const Oid& commit) {
  const Commit c = lookup_commit(repo, commit);
  return identity_of(git_commit_committer(c.get()));
}

Identity commit_author(git_repository& repo, const Oid& commit) {
  const Commit c = lookup_commit(repo, commit);
  return identity_of(git_commit_author(c.get()));
}

std::string commit_message(git_repository& repo, const Oid& commit) {
  const Commit c = lookup_commit(repo, commit);
  const char* message = git_commit_message(c.get());
  return message ? std::string(message) : std::string();
}

std::vector<Oid> first_parent_chain(git_repository& repo, const Oid& tip, const Oid& stop,
                                    std::size_t limit) {
  std::vector<Oid> chain;
  Oid current = tip;
  while (chain.size() < limit && !(current == stop)) {
    chain.push_back(current);
    const Commit commit = lookup_commit(repo, current);
    if (git_commit_parentcount(commit.get()) == 0) {
      break;
    }
    current = Oid(*git_commit_parent_id(commit.get(), 0));
  }
  return chain;
}

std::vector<std::string> changed_paths(git_repository& repo, const Oid& old_tree,
                                       const Oid& new_tree, const std::string& pathspec) {
  const Tree old_t = lookup_tree(repo, old_tree);
  const Tree new_t = lookup_tree(repo, new_tree);
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  char* spec = const_cast<char*>(pathspec.c_str());
  if (!pathspec.empty()) {
    options.pathspec.strings = &spec;
    options.pathspec.count = 1;
    options.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH;
  }
  git_diff* raw = nullptr;
  check(git_diff_tree_to_tree(&raw, &repo, old_t.get(), new_t.get(), &options),
        "cannot diff trees");
  Diff diff(raw);
  std::vector<std::string> paths;
  const std::size_t count = git_diff_num_deltas(diff.get());
  for (std::size_t i = 0; i < count; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
    paths.emplace_back(delta->new_file.path ? delta->new_file.path : delta->old_file.path);
  }
  return paths;
}

void write_tree_to_directory(git_repository& repo, const Oid& tree_id,
                             const std::string& directory) {
  const Tree tree = lookup_tree(repo, tree_id);
  git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
  // A private directory: write everything, touch neither the repository's index nor HEAD.
  options.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_DONT_UPDATE_INDEX;
  options.target_directory = directory.c_str();
  git_index* raw_index = nullptr;
  ensure_library();
  check(git_index_new(&raw_index), "cannot create index");
  Index empty(raw_index);
  options.baseline_index = empty.get();
  check(git_checkout_tree(&repo, reinterpret_cast<const git_object*>(tree.get()), &options),
        "cannot check out tree", Where{.file = directory});
}

}  // namespace patchflow::git
