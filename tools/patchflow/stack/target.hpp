#pragma once
// What a user types as a target (a topic name, a range A..B, a revision, mbox/.patch files)
// turned into the commits every command works on. The one place that decides it, so that
// check, route, maintainers, series, request-pull, upstream, report and topics agree.
//
// A topic means its own commits: those reachable from its branch but not from its component's
// mainline nor from the branch of any topic it depends on (transitively). Those dependencies
// are its prerequisites: they are named (prerequisite-patch-id in a series, prerequisite topics
// in reports) but never checked, routed or mailed as if they were the topic's.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patchflow/config/model.hpp"
#include "patchflow/git/handle.hpp"

namespace patchflow::stack {

enum class TargetKind {
  files,     // mbox/.patch files: no commits, the mails are the input
  range,     // A..B: what `git rev-list --no-merges A..B` lists
  revision,  // one commit (a branch or revision that is no topic): that commit alone
  topic,     // a topic of the stack: its own commits
};

struct Target {
  TargetKind kind = TargetKind::range;
  std::string topic;      // topic name; empty unless kind == topic
  std::string component;  // the topic's, --component, or the component whose mainline a range
                          // starts from or whose tree holds most files mails modify; "" = none
  config::Policy policy;  // the component's policy, else the default one
  std::string mainline;   // what series rules compare with: --mainline, the component's mainline
                          // or a range's start; "" when unknown
  std::string branch;     // the tip as named: topic branch, B of A..B, the revision; "" for files
  git::Oid base_commit;   // the mainline commit the commits apply to (merge base; files: the
                          // mails' "base-commit:" when the repository has it); zero: none
  std::vector<git::Oid> commits;  // the target's own commits, oldest first, as format-patch
                                  // mails them: no merges, no commit that changes nothing
  git::Oid tip;
  std::vector<std::string> prerequisite_topics;  // dependency topics, transitively, stack order
  std::vector<git::Oid> prerequisites;           // their commits between base_commit and the series
  std::vector<std::string> files;                // kind == files: the files, as given
};

struct TargetOptions {
  std::string component;  // --component: use this component's policy ("" = derive it)
  std::string mainline;   // --mainline: compare with this ref instead of the derived one
  // Keep commits that change nothing (their tree is their parent's) among commits and
  // prerequisites: git rebase replays them, format-patch does not mail them.
  bool keep_empty = false;
};

// True when input names a patch file rather than a revision: it is a regular file, or it ends
// in .patch, .mbox, .diff or .eml (so a missing one is reported as a missing file).
bool names_patch_file(const std::string& input);

// Resolves inputs: several files, or one file, range, topic or revision. repo may be nullptr
// only for files (then no component is derived); stack may be nullptr when there is none (then
// a word is a revision and the policy is the default one). Throws Error{usage} for an unknown
// topic or component, for a topic or --component without a stack, and Error{git} for unknown
// revisions, missing branches and a topic that shares no history with its mainline.
Target resolve_target(git_repository* repo, const config::StackConfig* stack,
                      const std::vector<std::string>& inputs, const TargetOptions& options = {});
// The same for one input that is no file (a topic, a range or a revision).
Target resolve_target(git_repository& repo, const config::StackConfig* stack,
                      const std::string& spec, const TargetOptions& options = {});

// The paths a mail modifies ("--- a/<path>" lines): what must exist where it applies.
std::vector<std::string> modified_paths(std::string_view mail_text);
// The component whose mainline tree holds most of paths ("" when none or a tie): where mails
// that name no component belong.
std::string component_holding(const config::StackConfig& stack, git_repository& repo,
                              const std::vector<std::string>& paths);

// The commit the first "base-commit: <sha>" line of text names (git format-patch --base writes
// it at the end of the cover letter, or of the first patch without one), when repo has it.
std::optional<git::Oid> mail_base_commit(git_repository& repo, std::string_view text);

// Which commit mails (git format-patch output) are routed with, and why, for the output: rev
// when given ("--rev"), else the first "base-commit:" of texts that repo has ("the patches'
// base-commit"), else HEAD (why says whether the patches name no base-commit or one repo lacks).
// Throws Error{git} for a rev or HEAD that does not resolve.
struct MailsRevision {
  git::Oid commit;
  std::string why;
};
MailsRevision mails_routing_commit(git_repository& repo, const std::vector<std::string>& texts,
                                   const std::string& rev);

// The one revision whose tree every command routes with (MAINTAINERS, the per-directory
// MAINTAINERS files, .get_maintainer.conf): the commit the series is based on. That is
// base_commit (the merge base with mainline, a range's start, a revision's parent, the mails'
// "base-commit:"), else the tip (a root commit; mails: their component's mainline); nullopt
// when neither is known. So `series` addresses mail with what `route --check-cc` later checks.
std::optional<git::Oid> routing_commit(const Target& target);

// The ref a topic's commits are on: its branch (which defaults to its name).
std::string topic_branch(const config::Topic& topic);

}  // namespace patchflow::stack
