#pragma once
// route's results kept between runs (git::ResultCache "route"): one PatchRoute per commit, under
// a key that digests everything the route depends on — the commit (so its diff and message);
// the MAINTAINERS database (Database::identity_digest) and .mailmap; the lookup options; the
// policy; the repository settings that shape a
// diff and the attribute files that apply to every path; the patchflow version and build. The
// .gitattributes files of the commit's directories, which decide how its files diff (binary or
// text), are kept with the result and read again before it is reused.
// Routes that add --git history are never kept: history grows under the same commit.
#include <optional>
#include <string>
#include <vector>

#include "patchflow/git/result_cache.hpp"
#include "patchflow/route/route.hpp"

namespace patchflow::route {

class RouteCache {
 public:
  RouteCache() = default;  // off: every lookup misses and nothing is written
  // source, policy and options (its mailmap set, as route_series routes with) are described
  // once here; repo is where the attribute files are read again and must outlive the cache.
  RouteCache(git::ResultCache store, git_repository& repo, const maintainers::Source& source,
             const config::Policy& policy, const maintainers::Options& options);

  bool enabled() const { return m_store.enabled(); }
  // The route kept for commit (patch.text empty) while its attribute files are the same; else
  // nullopt.
  std::optional<PatchRoute> find(const git::Oid& commit) const;
  // Keeps route for commit; diff_paths are the paths its diff touches (old and new names), whose
  // attribute files decide that diff.
  void store(const git::Oid& commit, const PatchRoute& route,
             const std::vector<std::string>& diff_paths) const;

  // The digest of what every commit of this run shares (exposed for tests).
  const std::string& run_key() const { return m_run_key; }

 private:
  std::string key(const git::Oid& commit) const;

  git::ResultCache m_store;
  git_repository* m_repo = nullptr;
  std::string m_run_key;
};

// The text run_key digests: every input a run gives the routing of a commit, one per line.
std::string describe_run_inputs(git_repository& repo, const maintainers::Source& source,
                                const config::Policy& policy, const maintainers::Options& options);

}  // namespace patchflow::route
