#pragma once
// Keeps topics on a moving mainline: each topic's own commits (as stack::resolve_target defines
// them) replayed in memory onto the new mainline tip, or onto the rebased tip of the topic it
// depends on, in dependency order; then every ref moved in one all-or-nothing update, the old
// tips kept under refs/patchflow/pre-rebase/<branch> so one command undoes it.
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "patchflow/config/model.hpp"
#include "patchflow/git/commit_write.hpp"
#include "patchflow/git/handle.hpp"
#include "patchflow/git/tree_merge.hpp"

namespace patchflow::rebase {

// Where the old tip of a rebased branch is kept until the next rebase of it.
inline const std::string k_backup_prefix = "refs/patchflow/pre-rebase/";

struct Options {
  std::vector<std::string> topics;  // topic names; empty: every topic. Dependents come along.
  std::string onto;                 // new base of topics without dependencies; "": mainline
  bool dry_run = false;             // replay and report; move no ref
  bool keep_going = false;          // on a conflict, rebase the topics that do not depend on it
  git::Identity committer;          // of the replayed commits
  // Recorded resolutions of this topic and path are ignored (recording a new one for it).
  std::string ignore_resolution_topic;
  std::string ignore_resolution_path;
  // Called after everything is computed, just before the ref update (tests inject races).
  std::function<void()> before_ref_update;
};

struct Dropped {
  git::Oid commit;
  std::string subject;
  git::Oid upstream_commit;  // the commit of the new base with its patch-id; zero: became empty
};

struct Conflict {
  git::Oid commit;  // the topic's commit that did not apply
  std::string subject;
  git::Oid onto;  // the commit it was picked onto
  std::vector<git::FileConflict> files;
};

struct TopicResult {
  std::string topic;
  std::string branch;
  git::Oid old_tip;
  git::Oid old_base;  // the commit its own commits sat on
  git::Oid new_base;
  git::Oid new_tip;              // old_tip when unchanged or failed
  std::size_t commits = 0;       // own commits replayed (or up to date)
  std::vector<git::Oid> picked;  // new commits, oldest first
  std::vector<Dropped> dropped;
  std::vector<std::string> resolved;  // paths settled by recorded resolutions
  std::optional<Conflict> conflict;
  std::string skipped;  // why it was not rebased (a dependency conflicted); "" otherwise
  bool up_to_date() const { return new_base == old_base && !conflict && skipped.empty(); }
  bool moves() const { return !conflict && skipped.empty() && !(new_tip == old_tip); }
};

struct Result {
  std::string onto;                 // as given, or "the mainline"
  std::vector<TopicResult> topics;  // in the order rebased
  bool dry_run = false;
  bool moved = false;  // refs were updated
  // Merge branches holding a topic that moved (or would): what `compose` rebuilds next, in an
  // order they can be composed in.
  std::vector<std::string> to_compose;
  bool ok() const;  // no conflict, nothing skipped
};

// Rebases options.topics and every topic depending on them (all topics when none is named).
// A topic with dependencies goes onto the rebased tip of the one that holds the others. On a
// conflict nothing moves, unless keep_going: then the topics that rebased cleanly (with their
// dependencies) move. Throws Error{usage} for unknown topics or topics whose dependencies are
// not in one line, Error{git} for missing refs and a ref that moved meanwhile.
Result run(git_repository& repo, const config::StackConfig& stack, const Options& options);

// Moves the branches of options.topics (all when none is named; dependents come along) back to
// the tips their last rebase kept, and deletes those backups, in one update. Throws
// Error{usage} when none of them has a backup, Error{git} when a ref moved meanwhile.
Result undo(git_repository& repo, const config::StackConfig& stack, const Options& options);

// The topic names options.topics means, dependents included, in dependency order.
std::vector<std::string> topics_to_rebase(const config::StackConfig& stack,
                                          const std::vector<std::string>& named);

// Throws Error{git} with the first conflict's one-line message when result is not ok.
void throw_if_failed(const Result& result);

nlohmann::json to_json(const Result& result);
std::string format_text(const Result& result);

// Recorded rebase resolutions live in the stack under topics/resolutions/<topic>/<path>.N.
// Resolves conflict with a recorded resolution of topic for its path; nullopt when none matches.
std::optional<std::string> recorded_resolution(const config::StackConfig& stack,
                                               const std::string& topic,
                                               const git::FileConflict& conflict);

struct RecordResult {
  std::string topic;
  std::string path;
  std::string commit_subject;  // the commit whose pick conflicted
  std::size_t conflicts = 0;   // conflict regions recorded
  std::string file;            // the resolution file written, stack-relative
};

// Replays topic (and what it depends on) as run does, without moving refs, up to its conflict
// in path, and stores resolved_content cut into one hunk per conflict region. Throws
// Error{usage} when the topic does not conflict in path or the content still has conflict
// markers or changes lines outside the regions.
RecordResult record_resolution(git_repository& repo, const config::StackConfig& stack,
                               Options options, const std::string& topic, const std::string& path,
                               const std::string& resolved_content);
std::string format_text(const RecordResult& result);
nlohmann::json to_json(const RecordResult& result);

}  // namespace patchflow::rebase
