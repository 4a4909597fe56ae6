#include "patchflow/series/upstream.hpp"

#include <nlohmann/json.hpp>

#include "patchflow/core/text.hpp"
#include "patchflow/git/replay.hpp"
#include "patchflow/git/repository.hpp"

namespace patchflow::series {
namespace {

std::string commit_subject(git_repository& repo, const git::Oid& id) {
  git::Commit commit = git::lookup_commit(repo, id);
  return commit_title(git_commit_message(commit.get()));
}

}  // namespace

UpstreamResult make_upstream_branch(git_repository& repo, const Range& range,
                                    const std::string& mainline, const UpstreamOptions& options) {
  UpstreamResult result;
  result.branch = "upstream/" + range.topic;
  const std::string ref_name = git::branch_ref_name(result.branch);
  const std::optional<git::Oid> old_value = git::resolve_ref(repo, ref_name);
  result.base = git::resolve_commit(repo, mainline);

  std::vector<git::Oid> to_pick = range.prerequisites;
  to_pick.insert(to_pick.end(), range.commits.begin(), range.commits.end());
  // What mainline gained since the topic forked is upstream already.
  git::PatchIdCache cache;
  const git::UpstreamPatches upstream(repo, git::commits_between(repo, {range.tip}, result.base),
                                      to_pick, cache);
  const git::ReplayResult replay =
      git::replay_commits(repo, to_pick, result.base,
                          {.committer = {.name = options.committer.name,
                                         .email = options.committer.email,
                                         .time = options.now,
                                         .offset_minutes = options.now_offset_minutes},
                           .upstream = &upstream});
  for (const git::DroppedCommit& d : replay.dropped) {
    result.dropped.push_back({d.commit, commit_subject(repo, d.commit), d.upstream_commit});
  }
  result.picked = replay.picked;
  if (replay.conflict) {
    result.conflict_commit = replay.conflict->commit;
    result.conflict_subject = commit_subject(repo, replay.conflict->commit);
    for (const git::FileConflict& file : replay.conflict->files) {
      result.conflict_files.push_back(file.path);
    }
    throw Error(ExitCode::git,
                "'" + result.conflict_commit.short_hex() + " " + result.conflict_subject +
                    "' conflicts with '" + mainline + "' in '" +
                    text::join(result.conflict_files, "', '") + "'; '" + result.branch +
                    "' not moved",
                Where{.ref = ref_name});
  }
  const git::Oid head = replay.tip;
  // CAS against the value read before picking: a concurrent writer is refused, not overwritten.
  git::update_ref(repo, ref_name, old_value, head,
                  "patchflow upstream: " + range.topic + " onto " + mainline);
  result.tip = head;
  return result;
}

bool UpstreamResult::has_error_findings() const { return checks && check::has_errors(*checks); }

void check_upstream_branch(git_repository& repo, const std::string& mainline,
                           const config::Policy& policy, UpstreamResult& result) {
  check::Options options;
  options.policy = policy;
  const git::Oid tip = result.tip.value_or(result.base);
  const std::vector<check::PatchInput> patches =
      check::load_range(repo, result.base.hex() + ".." + tip.hex());
  check::Result checked = check::check_patches(patches, options, &repo);
  checked.series = check::check_series(repo, mainline, patches, options);
  result.checks = std::move(checked);
}

nlohmann::json to_json(const UpstreamResult& result) {
  nlohmann::json picked = nlohmann::json::array(), dropped = nlohmann::json::array();
  for (const git::Oid& p : result.picked) {
    picked.push_back(p.hex());
  }
  for (const DroppedCommit& d : result.dropped) {
    dropped.push_back({{"commit", d.commit.hex()},
                       {"subject", d.subject},
                       {"reason", d.became_empty() ? "became_empty" : "same_patch_id"},
                       {"mainline_commit", d.became_empty() ? "" : d.mainline_commit.hex()}});
  }
  return {{"branch", result.branch},
          {"base", result.base.hex()},
          {"tip", result.tip ? result.tip->hex() : ""},
          {"picked", picked},
          {"dropped", dropped},
          {"checks", result.checks ? check::to_json(*result.checks) : nlohmann::json()},
          {"check_errors", result.has_error_findings()}};
}

std::string format_upstream(const UpstreamResult& result) {
  std::string out = "'" + result.branch + "' at " + (result.tip ? result.tip->short_hex() : "") +
                    ": " + std::to_string(result.picked.size()) + " commits on " +
                    result.base.short_hex() + "\n";
  for (const DroppedCommit& d : result.dropped) {
    out += "dropped " + d.commit.short_hex() + " " + d.subject +
           (d.became_empty() ? std::string(" (became empty: mainline has its changes)")
                             : " (in mainline as " + d.mainline_commit.short_hex() + ")") +
           "\n";
  }
  if (!result.checks) {
    return out + "checks: not run\n";
  }
  out += "checks:\n" + check::format_text(*result.checks);
  if (result.has_error_findings()) {
    out += "'" + result.branch +
           "' was created anyway: it is your fresh branch, fix the errors "
           "on it (git rebase -i " +
           result.base.short_hex() + ") or delete it (git branch -D " + result.branch + ")\n";
  }
  return out;
}

}  // namespace patchflow::series
