#pragma once
// Rebuilds a merge branch from its definition, in memory: base, one merge commit per topic,
// then the named fixups; the ref moves by compare-and-swap only when everything succeeded.
#include <functional>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "patchflow/config/model.hpp"
#include "patchflow/core/progress.hpp"
#include "patchflow/git/commit_write.hpp"
#include "patchflow/git/handle.hpp"
#include "patchflow/git/tree_merge.hpp"

namespace patchflow::compose {

struct Options {
  std::string merge_branch;                                  // e.g. "xen/master"
  bool dry_run = false;                                      // plan and write objects, move no ref
  std::string identity = "patchflow <patchflow@localhost>";  // author/committer of merges
  bool force = false;            // drop commits on the merge branch that compose did not make
  bool full_merge_only = false;  // skip the fast path (benchmarks, equivalence tests)
  // Called after everything is computed, just before the compare-and-swap (tests inject races).
  std::function<void()> before_ref_update;
  // Recorded resolutions of this topic and path are ignored (recording a new one for it).
  std::string ignore_resolution_topic;
  std::string ignore_resolution_path;
  ProgressFn progress;  // one step per topic merged or reused; may be empty
  // Trial composes (am, dry runs): these topics are merged at these commits instead of their
  // branches' tips, by topic name.
  std::map<std::string, git::Oid> topic_tips;
};

struct TopicStep {
  std::string topic;
  std::string branch;
  git::Oid tip;                       // the topic tip merged
  git::Oid merge_base;                // the base used for the three-way merge
  git::Oid commit;                    // the merge commit
  bool reused = false;                // taken from the existing merge branch, no merge done
  std::string engine;                 // "fast", "full" or "reused"
  std::vector<std::string> resolved;  // paths settled by recorded resolutions
};

struct FixupStep {
  std::string name;
  git::Oid commit;
  bool reused = false;
};

struct ConflictReport {
  std::string topic;
  std::vector<std::string> against;  // already-merged topics that touched the files (or base)
  std::vector<git::FileConflict> files;
  std::vector<std::string> notes;  // extra hints for the user (a mismatched resolution is an error)
};

struct ComposeResult {
  std::string merge_branch;
  std::string ref;   // refs/heads/<merge_branch>
  std::string base;  // base branch name
  git::Oid base_tip;
  std::optional<git::Oid> old_tip;
  std::optional<git::Oid> new_tip;  // unset when the compose failed
  std::vector<TopicStep> topics;
  std::vector<FixupStep> fixups;
  bool dry_run = false;
  bool moved = false;
  std::optional<ConflictReport> conflict;
  std::string error;  // one-line failure message when conflict is set

  bool ok() const { return !conflict.has_value(); }
  std::size_t new_commits() const;
};

// Composes stack.merge_branch(options.merge_branch). Throws Error{usage} for a bad definition
// (dependency order, bad fixup mbox) naming the YAML file:line, Error{git} for missing refs and
// a lost compare-and-swap race. A merge conflict without a recorded resolution is returned in
// result.conflict with no ref moved (throw_if_failed turns it into Error{git}).
ComposeResult run(git_repository& repo, const config::StackConfig& stack, const Options& options);

// Throws Error{git} with result.error when the compose failed.
void throw_if_failed(const ComposeResult& result);

nlohmann::json to_json(const ComposeResult& result);
std::string format_text(const ComposeResult& result, bool color);

// "Name <email>" -> identity (time left 0); throws Error{usage} when malformed.
git::Identity parse_identity(const std::string& text);

}  // namespace patchflow::compose
