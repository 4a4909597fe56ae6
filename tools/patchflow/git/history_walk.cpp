#include "patchflow/git/history_walk.hpp"

#include <optional>

#include "patchflow/git/repository.hpp"

namespace patchflow::git {

namespace {

std::optional<Oid> blob_at(const git_tree* tree, const std::string& path) {
  git_tree_entry* raw = nullptr;
  if (git_tree_entry_bypath(&raw, tree, path.c_str()) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  const TreeEntry entry(raw);
  return Oid(*git_tree_entry_id(entry.get()));
}

}  // namespace

std::vector<CommitInfo> walk_commits(git_repository& repo, const Oid& tip) {
  git_revwalk* raw = nullptr;
  check(git_revwalk_new(&raw, &repo), "cannot walk history", Where{.ref = tip.hex()});
  const Revwalk walk(raw);
  git_revwalk_sorting(walk.get(), GIT_SORT_TIME);
  check(git_revwalk_push(walk.get(), tip.raw()), "cannot walk history", Where{.ref = tip.hex()});
  std::vector<CommitInfo> out;
  git_oid oid;
  while (git_revwalk_next(&oid, walk.get()) == 0) {
    const Commit commit = lookup_commit(repo, Oid(oid));
    CommitInfo info;
    info.id = Oid(oid);
    info.time = static_cast<std::int64_t>(git_commit_time(commit.get()));
    info.parent_count = static_cast<int>(git_commit_parentcount(commit.get()));
    const git_signature* author = git_commit_author(commit.get());
    info.author_name = author->name ? author->name : "";
    info.author_email = author->email ? author->email : "";
    const char* message = git_commit_message(commit.get());
    info.message = message ? message : "";
    out.push_back(std::move(info));
  }
  return out;
}

bool commit_changes_path(git_repository& repo, const Oid& commit_id, const std::string& path) {
  const Commit commit = lookup_commit(repo, commit_id);
  const Tree tree = commit_tree(*commit);
  const auto now = blob_at(tree.get(), path);
  if (git_commit_parentcount(commit.get()) == 0) {
    return now.has_value();
  }
  git_commit* parent = nullptr;
  check(git_commit_parent(&parent, commit.get(), 0), "cannot read parent",
        Where{.ref = commit_id.hex()});
  const Commit parent_commit(parent);
  const Tree parent_tree = commit_tree(*parent_commit);
  const auto before = blob_at(parent_tree.get(), path);
  return now.has_value() != before.has_value() || (now && !(*now == *before));
}

std::optional<Oid> find_commit_prefix(git_repository& repo, const std::string& hex) {
  git_oid oid;
  if (git_oid_fromstrn(&oid, hex.c_str(), hex.size()) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  git_commit* raw = nullptr;
  if (git_commit_lookup_prefix(&raw, &repo, &oid, hex.size()) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  const Commit commit(raw);
  return Oid(*git_commit_id(commit.get()));
}

}  // namespace patchflow::git
