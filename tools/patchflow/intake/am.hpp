#pragma once
// `patchflow am`: a mailed series into a topic branch, as a maintainer takes it. The newest
// version's patches are applied in memory with the trailers the thread's replies gave, a Link:
// and the maintainer's Signed-off-by; then check, missing Cc and a trial compose of every merge
// branch listing the topic run on the result; the topic ref moves by one compare-and-swap.
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "patchflow/check/check.hpp"
#include "patchflow/config/model.hpp"
#include "patchflow/git/commit_write.hpp"
#include "patchflow/git/handle.hpp"
#include "patchflow/intake/thread.hpp"
#include "patchflow/route/route.hpp"

namespace patchflow::intake {

struct AmOptions {
  std::string input;         // mbox file, maildir, or directory of .patch files
  std::string topic;         // topic name
  bool create = false;       // --new: create the topic (branch and topics/<name>.yaml)
  std::string component;     // --new: the topic's component; "" = the one the series patches
  bool partial = false;      // apply the parts present even when some are missing or duplicated
  bool dry_run = false;      // report everything, move nothing, write no object
  git::Identity maintainer;  // committer and the added Signed-off-by; time = now
  std::function<void()> before_ref_update;  // tests: called just before the ref moves
};

struct AppliedPatch {
  int number = 0;
  std::string subject;
  std::string message_id;
  git::Oid commit;
  bool three_way = false;
  std::vector<patch::Trailer> added;  // trailers added to the mail's message, in order
};

struct TrialCompose {
  std::string merge_branch;
  bool ok = true;
  std::string error;  // why it would not compose
};

struct AmResult {
  std::string input;
  std::string topic;
  std::string ref;         // refs/heads/<branch>
  bool created = false;    // --new
  std::string topic_file;  // --new: the stack-relative YAML written (or to be written)
  std::string component;
  int version = 1;
  int total = 0;
  bool has_cover = false;
  std::vector<int> missing, duplicates, older_versions;
  int replies = 0;
  std::vector<std::string> ignored_replies;
  std::vector<NotTaken> not_taken;  // quoted trailers, and trailers naming another person
  bool partial = false;             // --partial: missing/duplicate parts reported, not findings
  bool stopped = false;             // missing or duplicate parts without --partial: nothing applied
  std::string base_name;  // what the series was applied on: the topic, mainline or base-commit
  std::optional<git::Oid> old_tip;
  git::Oid base;
  std::optional<git::Oid> new_tip;
  std::vector<AppliedPatch> applied;
  std::vector<int> already_applied;  // parts whose change the branch has already (skipped)
  check::Result check;               // the applied commits' reports; series rules of the topic
  route::CcReport cc;                // who the mails should have been copied to and were not
  std::vector<TrialCompose> composes;
  bool dry_run = false;
  bool moved = false;

  // Missing/duplicate parts (unless --partial), error-level check findings, missing Cc, or a
  // merge branch that would no longer compose.
  bool has_findings() const;
};

// Throws, with no ref moved and nothing written: Error{usage} for unreadable input, an unknown
// topic (or an existing one with --new), a patch without author or date; Error{git} "patch k/n
// '<subject>' does not apply to '<path>' (<hunk>) ...; '<topic>' not moved" naming the mail's
// file:line, or when the topic ref moved meanwhile.
AmResult am(git_repository& repo, const config::StackConfig& stack, const AmOptions& options);

nlohmann::json to_json(const AmResult& result);
std::string format_text(const AmResult& result);

// The message a mailed patch gets in the topic: its own, then the trailers the replies gave that
// it lacks, the Link: (policy link-template with message_id) and the maintainer's Signed-off-by
// (policy maintainer-signoff). added receives the trailers appended.
std::string intake_message(const std::string& message, const std::vector<GivenTrailer>& given,
                           const std::string& message_id, const config::Policy& policy,
                           const git::Identity& maintainer, std::vector<patch::Trailer>* added);

}  // namespace patchflow::intake
