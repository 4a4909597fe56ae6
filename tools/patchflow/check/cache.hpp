#pragma once
// check's results kept between runs (git::ResultCache "check"): one entry per patch, under a key
// that digests everything its findings depend on — the commit (so its tree, parents and
// message) or the mail's text; the policy; the checkpatch options and the tree files checkpatch
// reads; the MAINTAINERS database; the repository settings that shape a commit's diff; the
// patchflow version and build. What a check asks the repository while it runs (does a cited
// commit exist, is a CamelCase name declared) is kept with the result and asked again before
// the result is reused: an entry whose answers changed is not used.
#include <optional>
#include <string>
#include <vector>

#include "patchflow/check/check.hpp"
#include "patchflow/check/checkpatch.hpp"
#include "patchflow/git/result_cache.hpp"

namespace patchflow::check {

class CheckCache {
 public:
  // options must be complete (policy, checkpatch, tree, maintainers) and outlive the cache;
  // repo (may be null) is where cited commits are looked up again.
  CheckCache(git::ResultCache store, const Options& options, git_repository* repo);

  // The report kept for patch when every answer it depended on is still the same; else nullopt.
  std::optional<CommitReport> find(const PatchInput& patch) const;
  // Keeps report for patch (patch.text as it was checked), with the answers it depended on.
  void store(const PatchInput& patch, const CommitReport& report, const Lookups& lookups) const;

  // The series findings (check_series) kept for the commits of patches (in order) applied on
  // prerequisites and the mainline commit tip: every input is a commit id, so nothing is asked
  // again. nullopt when none is kept.
  std::optional<std::vector<Finding>> find_series(const std::string& mainline, const git::Oid& tip,
                                                  const std::vector<PatchInput>& patches,
                                                  const std::vector<git::Oid>& prerequisites) const;
  void store_series(const std::string& mainline, const git::Oid& tip,
                    const std::vector<PatchInput>& patches,
                    const std::vector<git::Oid>& prerequisites,
                    const std::vector<Finding>& findings) const;

  // The digest of what every patch of this run shares (exposed for tests).
  const std::string& run_key() const { return m_run_key; }

 private:
  std::string key(const PatchInput& patch) const;
  std::string series_key(const std::string& mainline, const git::Oid& tip,
                         const std::vector<PatchInput>& patches,
                         const std::vector<git::Oid>& prerequisites) const;
  std::string answer(const Lookup& lookup) const;

  git::ResultCache m_store;
  const Options& m_options;
  git_repository* m_repo;
  std::string m_run_key;
};

// The text run_key digests: every input a run's options give the checks, one per line.
std::string describe_run_inputs(const Options& options, git_repository* repo);

// The key of a build's result: the tree built and the command (as git-test keys its results).
std::string build_key(const git::Oid& tree, const std::string& command);

}  // namespace patchflow::check
