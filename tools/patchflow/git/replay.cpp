#include "patchflow/git/replay.hpp"

#include <algorithm>
#include <set>

#include "patchflow/git/repository.hpp"
#include "patchflow/git/tree_diff.hpp"

namespace patchflow::git {

const std::vector<std::string>& PatchIdCache::paths(git_repository& repo, const Oid& commit) {
  auto found = m_paths.find(commit);
  if (found == m_paths.end()) {
    found = m_paths.emplace(commit, patch_id_paths(repo, commit)).first;
  }
  return found->second;
}

const Oid& PatchIdCache::patch_id(git_repository& repo, const Oid& commit) {
  auto found = m_ids.find(commit);
  if (found == m_ids.end()) {
    found = m_ids.emplace(commit, commit_patch_id(repo, commit)).first;
  }
  return found->second;
}

bool PatchIdCache::has_one_parent(git_repository& repo, const Oid& commit) {
  auto found = m_one_parent.find(commit);
  if (found == m_one_parent.end()) {
    found =
        m_one_parent.emplace(commit, git_commit_parentcount(lookup_commit(repo, commit).get()) == 1)
            .first;
  }
  return found->second;
}

UpstreamPatches::UpstreamPatches(git_repository& repo, const std::vector<Oid>& upstream,
                                 const std::vector<Oid>& candidates, PatchIdCache& cache)
    : m_cache(&cache) {
  std::set<std::vector<std::string>> candidate_paths;
  for (const Oid& commit : candidates) {
    candidate_paths.insert(cache.paths(repo, commit));
  }
  std::set<std::vector<std::string>> matched;
  for (const Oid& commit : upstream) {
    if (!cache.has_one_parent(repo, commit)) {
      continue;
    }
    const std::vector<std::string>& paths = cache.paths(repo, commit);
    if (candidate_paths.contains(paths)) {
      // the oldest upstream commit with a patch-id names it, as git's cherry detection reports
      m_by_patch_id.emplace(cache.patch_id(repo, commit), commit);
      matched.insert(paths);
    }
  }
  for (const Oid& commit : candidates) {
    m_candidate.emplace(commit, matched.contains(cache.paths(repo, commit)));
  }
}

std::optional<Oid> UpstreamPatches::find(git_repository& repo, const Oid& commit) const {
  const auto candidate = m_candidate.find(commit);
  if (candidate == m_candidate.end() || !candidate->second) {
    return std::nullopt;
  }
  const auto found = m_by_patch_id.find(m_cache->patch_id(repo, commit));
  if (found == m_by_patch_id.end()) {
    return std::nullopt;
  }
  return found->second;
}

Oid recommit(git_repository& repo, const Oid& original_id, const Oid& tree_id, const Oid& parent_id,
             const Identity& committer) {
  Commit original = lookup_commit(repo, original_id);
  Commit parent = lookup_commit(repo, parent_id);
  Tree tree = lookup_tree(repo, tree_id);
  git_signature* raw = nullptr;
  ensure_library();
  check(git_signature_new(&raw, committer.name.c_str(), committer.email.c_str(), committer.time,
                          committer.offset_minutes),
        "cannot make committer signature");
  Signature signature(raw);
  const git_commit* parents[] = {parent.get()};
  git_oid out;
  check(git_commit_create(&out, &repo, nullptr, git_commit_author(original.get()), signature.get(),
                          git_commit_message_encoding(original.get()),
                          git_commit_message(original.get()), tree.get(), 1, parents),
        "cannot create commit", Where{.ref = original_id.hex()});
  return Oid(out);
}

ReplayResult replay_commits(git_repository& repo, const std::vector<Oid>& commits, const Oid& onto,
                            const ReplayOptions& options) {
  ReplayResult result{.tip = onto};
  Oid head_tree = commit_tree_id(*lookup_commit(repo, onto));
  for (const Oid& id : commits) {
    if (options.upstream != nullptr) {
      if (const std::optional<Oid> upstream = options.upstream->find(repo, id)) {
        result.dropped.push_back({id, *upstream});
        continue;
      }
    }
    const Commit commit = lookup_commit(repo, id);
    const Oid tree = commit_tree_id(*commit);
    const std::vector<Oid> parents = commit_parents(*commit);
    const Oid parent_tree =
        parents.empty() ? Oid() : commit_tree_id(*lookup_commit(repo, parents.front()));
    const bool starts_empty = !parents.empty() && parent_tree == tree;
    Oid picked_tree = head_tree;
    if (!starts_empty) {
      TreeMergeResult merge = merge_trees(repo, parent_tree, head_tree, tree, options.resolver);
      for (const FileConflict& file : merge.resolved) {
        result.resolved.push_back(file.path);
      }
      if (!merge.tree) {
        result.conflict = ReplayConflict{id, std::move(merge.conflicts)};
        return result;
      }
      picked_tree = *merge.tree;
      if (picked_tree == head_tree) {
        result.dropped.push_back({id, Oid()});  // git rebase's --empty=drop
        continue;
      }
    }
    head_tree = picked_tree;
    result.tip = recommit(repo, id, picked_tree, result.tip, options.committer);
    result.picked.push_back(result.tip);
    result.picked_from.push_back(id);
  }
  return result;
}

}  // namespace patchflow::git
