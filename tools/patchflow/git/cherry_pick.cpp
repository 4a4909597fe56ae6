#include "patchflow/git/cherry_pick.hpp"

#include <algorithm>

#include "patchflow/git/repository.hpp"

namespace patchflow::git {

PickResult cherry_pick_tree(git_repository& repo, const Oid& commit_id, const Oid& onto_id) {
  Commit commit = lookup_commit(repo, commit_id);
  Commit onto = lookup_commit(repo, onto_id);
  git_merge_options merge_options = GIT_MERGE_OPTIONS_INIT;
  git_index* raw = nullptr;
  check(git_cherrypick_commit(&raw, &repo, commit.get(), onto.get(), 0, &merge_options),
        "cannot cherry-pick", Where{.ref = commit_id.hex()});
  Index index(raw);
  PickResult result;
  if (git_index_has_conflicts(index.get())) {
    git_index_conflict_iterator* raw_iterator = nullptr;
    check(git_index_conflict_iterator_new(&raw_iterator, index.get()), "cannot list conflicts");
    const git_index_entry *ancestor = nullptr, *ours = nullptr, *theirs = nullptr;
    while (git_index_conflict_next(&ancestor, &ours, &theirs, raw_iterator) == 0) {
      const git_index_entry* any = ours ? ours : theirs ? theirs : ancestor;
      result.conflicts.push_back(any->path);
    }
    git_index_conflict_iterator_free(raw_iterator);
    std::sort(result.conflicts.begin(), result.conflicts.end());
    result.conflicts.erase(std::unique(result.conflicts.begin(), result.conflicts.end()),
                           result.conflicts.end());
    return result;
  }
  git_oid tree;
  check(git_index_write_tree_to(&tree, index.get(), &repo), "cannot write picked tree");
  result.tree = Oid(tree);
  return result;
}

Oid recommit(git_repository& repo, const Oid& original_id, const Oid& tree_id, const Oid& parent_id,
             const std::string& committer_name, const std::string& committer_email,
             long long when, int offset_minutes) {
  Commit original = lookup_commit(repo, original_id);
  Commit parent = lookup_commit(repo, parent_id);
  Tree tree = lookup_tree(repo, tree_id);
  git_signature* raw = nullptr;
  ensure_library();
  check(git_signature_new(&raw, committer_name.c_str(), committer_email.c_str(), when,
                          offset_minutes),
        "cannot make committer signature");
  Signature committer(raw);
  const git_commit* parents[] = {parent.get()};
  git_oid out;
  check(git_commit_create(&out, &repo, nullptr, git_commit_author(original.get()), committer.get(),
                          git_commit_message_encoding(original.get()),
                          git_commit_message(original.get()), tree.get(), 1, parents),
        "cannot create commit", Where{.ref = original_id.hex()});
  return Oid(out);
}

}  // namespace patchflow::git
