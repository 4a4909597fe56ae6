#pragma once
// `patchflow trailers`: reviews that arrive after a series was taken. Each reply is placed on
// the topic commit it reviews, its trailers are added to that commit's message, and the topic
// (with every topic built on it) is rewritten in memory and moved all or nothing.
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "patchflow/config/model.hpp"
#include "patchflow/git/commit_write.hpp"
#include "patchflow/git/handle.hpp"
#include "patchflow/intake/thread.hpp"
#include "patchflow/patch/trailers.hpp"

namespace patchflow::intake {

struct TrailersOptions {
  std::string topic;
  std::string input;         // mbox (maildir, directory) of replies; may hold the patches too
  bool dry_run = false;      // report, move nothing, write no object
  git::Identity maintainer;  // committer of rewritten commits; time = now
  std::function<void()> before_ref_update;  // tests: called just before the refs move
};

struct PlacedReply {
  std::string reply;  // the reply's label (file and position)
  std::string from;
  std::string how;                // "patch-id", "thread", "subject" or "cover letter"
  std::vector<git::Oid> commits;  // the (old) commits it reviews
  std::vector<patch::Trailer> trailers;
};

struct RewrittenCommit {
  git::Oid old_commit, new_commit;
  std::string subject;
  std::vector<patch::Trailer> added;  // empty: rewritten only because its parent changed
};

struct RefMove {
  std::string topic;
  std::string ref;
  git::Oid old_tip, new_tip;
};

struct TrailersResult {
  std::string topic;
  int replies = 0;           // mails that are neither patches nor cover letters
  int without_trailers = 0;  // replies that give no trailer
  std::vector<PlacedReply> placed;
  std::vector<std::string> unplaced;  // replies with trailers that match no commit
  std::vector<NotTaken> not_taken;    // quoted trailers, and trailers naming another person
  std::vector<RewrittenCommit> commits;
  std::vector<RefMove> refs;  // the topic first, then the topics built on it
  bool dry_run = false;
  bool moved = false;
  bool has_findings() const { return !unplaced.empty(); }
};

// Places every reply of options.input on a commit of the topic: by the patch-id of the patch it
// quotes (or of the mail it answers), then through its In-Reply-To/References chain (to a patch
// mail, a cover letter, or a commit's Link:), then by subject. Quoted trailers ("> Acked-by:")
// and trailers naming another person than the reply's sender are never taken (reported in
// not_taken); trailers the commit already has are skipped. Throws Error{usage} for an
// unknown topic or unreadable input, Error{git} when a ref moved meanwhile (nothing moved).
TrailersResult take_trailers(git_repository& repo, const config::StackConfig& stack,
                             const TrailersOptions& options);

nlohmann::json to_json(const TrailersResult& result);
std::string format_text(const TrailersResult& result);

}  // namespace patchflow::intake
