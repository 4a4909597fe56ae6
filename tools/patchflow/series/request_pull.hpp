#pragma once
// The pull request text `git request-pull` prints, and the in-process `upstream` branch.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "patchflow/check/check.hpp"
#include "patchflow/config/model.hpp"
#include "patchflow/git/handle.hpp"
#include "patchflow/series/format.hpp"
#include "patchflow/series/series.hpp"

namespace patchflow::series {

// What `git request-pull <start> <url> [<end>]` names, resolved as git does it. end is
// "[<local>:]<remote>": local (default HEAD) is looked up as a symbolic ref, then as a branch or
// tag (refs/heads/..., refs/tags/... ending in "/<local>"), then as any revision; remote is what
// the reader is asked to pull ("refs/" and "heads/" dropped; "tags/<name>" when local is a tag).
struct PullRequest {
  git::Oid start;                          // <start>^0
  git::Oid tip;                            // <local>^0
  std::string url;                         // remote.<url>.url when url names a remote
  std::string remote;                      // "xen/dom0/pci", "tags/v2.6.33-xen"; may be empty
  std::optional<std::string> tag_message;  // an annotated <local>'s message, signature removed
  std::string branch;                      // <local>'s branch when it has a description
  std::string branch_description;
};
// Throws Error{git} naming the revision when start or local is unknown or local is ambiguous.
PullRequest resolve_pull_request(git_repository& repo, const std::string& start,
                                 const std::string& url, const std::string& end);

// git request-pull's text: base line (merge base of start and tip), URL and remote, tip line,
// the tag message and branch description when there are, the shortlog of start..tip and
// `git diff -M --stat --summary` of merge-base..tip at 80 columns. The remote is not contacted
// (git's ls-remote check is the caller's business). Throws Error{git} for unrelated histories.
std::string request_pull(git_repository& repo, const PullRequest& request);

// git shortlog's default (unwrapped) form: "Author (n):\n      subject\n...\n".
std::string format_plain_shortlog(git_repository& repo, const std::vector<git::Oid>& commits);

struct UpstreamOptions {
  Identity committer;
  long long now = 0;
  int now_offset_minutes = 0;
};

// A topic commit upstream leaves out, as git rebase does: its patch-id is already in mainline,
// or picking it onto mainline changed nothing (mainline made the same change another way).
struct DroppedCommit {
  git::Oid commit;
  std::string subject;
  git::Oid mainline_commit;  // the mainline commit with the same patch-id; zero if became empty
  bool became_empty() const { return mainline_commit.is_zero(); }
};

struct UpstreamResult {
  std::string branch;  // "upstream/xen/dom0/core"
  git::Oid base;       // mainline tip the branch starts from
  std::optional<git::Oid> tip;  // nullopt when a pick conflicted (no ref moved)
  std::vector<git::Oid> picked;  // new commits, oldest first
  std::vector<DroppedCommit> dropped;
  git::Oid conflict_commit;  // the commit that did not apply; zero when none
  std::string conflict_subject;
  std::vector<std::string> conflict_files;
  // The check library on mainline..upstream/<topic>; nullopt until check_upstream_branch ran.
  std::optional<check::Result> checks;
  bool has_error_findings() const;
};

// Picks range.prerequisites and range.commits onto mainline's tip, dropping commits whose
// patch-id is already in mainline and commits that become empty there (not those that were
// empty to start with), as git rebase does; creates refs/heads/upstream/<topic> by CAS
// (expected: its value when we started). Throws Error{git} naming the commit and files on a
// conflict, after which no ref has moved.
UpstreamResult make_upstream_branch(git_repository& repo, const Range& range,
                                    const std::string& mainline, const UpstreamOptions& options);

// Runs the check library with policy on the picked commits (mainline..tip) plus the series
// rules against mainline, and stores the findings in result.checks. The branch stays as it is:
// with error-level findings it is the user's fresh branch to clean up.
void check_upstream_branch(git_repository& repo, const std::string& mainline,
                           const config::Policy& policy, UpstreamResult& result);

nlohmann::json to_json(const UpstreamResult& result);
std::string format_upstream(const UpstreamResult& result);

}  // namespace patchflow::series
