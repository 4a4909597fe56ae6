#pragma once
// `patchflow upstream`: a topic's commits picked onto mainline's tip as
// refs/heads/upstream/<topic>, as git rebase would, then checked there.
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "patchflow/check/check.hpp"
#include "patchflow/config/model.hpp"
#include "patchflow/git/handle.hpp"
#include "patchflow/series/format.hpp"
#include "patchflow/series/series.hpp"

namespace patchflow::series {

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
  std::string branch;            // "upstream/xen/dom0/core"
  git::Oid base;                 // mainline tip the branch starts from
  std::optional<git::Oid> tip;   // nullopt when a pick conflicted (no ref moved)
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
