#pragma once
// Replaying commits in memory (no work tree, no index file): each commit's change is merged onto
// the commit before it, as `git rebase` and `git cherry-pick` do, and committed again. The one
// pick loop: `upstream` and `rebase` both replay through it.
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "patchflow/git/commit_write.hpp"
#include "patchflow/git/handle.hpp"
#include "patchflow/git/tree_merge.hpp"

namespace patchflow::git {

// Patch-ids and the paths they hash, computed once per commit: a rebase of many branches onto
// one mainline asks about the same mainline commits for each of them.
class PatchIdCache {
 public:
  const std::vector<std::string>& paths(git_repository& repo, const Oid& commit);
  const Oid& patch_id(git_repository& repo, const Oid& commit);
  // True when commit is no merge (only those have a patch-id against one parent).
  bool has_one_parent(git_repository& repo, const Oid& commit);

 private:
  std::unordered_map<Oid, std::vector<std::string>, OidHash> m_paths;
  std::unordered_map<Oid, Oid, OidHash> m_ids;
  std::unordered_map<Oid, bool, OidHash> m_one_parent;
};

// The patch-ids of commits a new base gained, to find the commits being replayed that are there
// already (git rebase's cherry detection). A patch-id diffs a whole commit and a base may have
// gained thousands, so, as git does, only commits touching exactly the paths of one of the
// candidates get one.
class UpstreamPatches {
 public:
  UpstreamPatches() = default;
  // upstream: what the new base gained (merges are skipped); candidates: the commits to replay.
  UpstreamPatches(git_repository& repo, const std::vector<Oid>& upstream,
                  const std::vector<Oid>& candidates, PatchIdCache& cache);
  // The upstream commit with commit's patch-id; nullopt when there is none (or commit was no
  // candidate).
  std::optional<Oid> find(git_repository& repo, const Oid& commit) const;

 private:
  PatchIdCache* m_cache = nullptr;
  std::unordered_map<Oid, Oid, OidHash> m_by_patch_id;  // patch-id -> upstream commit
  std::unordered_map<Oid, bool, OidHash> m_candidate;   // candidate -> an upstream path match
};

struct ReplayOptions {
  Identity committer;                         // name, email, time and zone of the new commits
  const UpstreamPatches* upstream = nullptr;  // drop commits found there; nullptr: none
  ConflictResolver resolver;                  // recorded resolutions; empty: none
};

// A replayed commit left out, as git rebase does it.
struct DroppedCommit {
  Oid commit;
  Oid upstream_commit;  // the upstream commit with its patch-id; zero when it became empty
  bool became_empty() const { return upstream_commit.is_zero(); }
};

struct ReplayConflict {
  Oid commit;                       // the commit that did not apply
  std::vector<FileConflict> files;  // its unresolved conflicts, by path
};

struct ReplayResult {
  Oid tip;                       // the last commit written; onto when none was
  std::vector<Oid> picked;       // commits written, oldest first
  std::vector<Oid> picked_from;  // the commit each was replayed from
  std::vector<DroppedCommit> dropped;
  std::vector<std::string> resolved;       // paths a recorded resolution settled
  std::optional<ReplayConflict> conflict;  // set: replay stopped there, tip is before it
};

// Replays commits (oldest first, each against its first parent) onto onto. Drops a commit
// found in options.upstream, and one that becomes empty (its change is there already) unless it
// was empty to begin with, as git rebase's default --empty=drop and --keep-empty. Writes
// objects only; moves no ref. Stops at the first commit that conflicts after the resolver.
ReplayResult replay_commits(git_repository& repo, const std::vector<Oid>& commits, const Oid& onto,
                            const ReplayOptions& options);

// A commit with original's author, message and encoding, tree and single parent given,
// committed by committer. Moves no ref.
Oid recommit(git_repository& repo, const Oid& original, const Oid& tree, const Oid& parent,
             const Identity& committer);

}  // namespace patchflow::git
