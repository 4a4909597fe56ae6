#pragma once
// `patchflow route` as library calls: resolve the target (stack::resolve_target: a topic's own
// commits, a range, a revision), read MAINTAINERS from the repository at its tip (or from a
// path) and route with its component's policy.
#include <cstdint>
#include <string>
#include <vector>

#include "patchflow/config/model.hpp"
#include "patchflow/maintainers/arguments.hpp"
#include "patchflow/route/route.hpp"
#include "patchflow/stack/target.hpp"

namespace patchflow::route {

struct Request {
  std::string target;                 // topic name, or a revision range "base..tip"
  std::vector<std::string> check_cc;  // mbox files to check instead of routing a target
  std::string maintainers;            // MAINTAINERS file or tree dir; "" = repository at the tip
  // get_maintainer.pl options of the command line (--find-maintainer-files), applied after the
  // tree's .get_maintainer.conf and the policy's maintainers-options
  std::vector<maintainers::Argument> arguments;
  std::string component;  // policy of this component for ranges (default: none)
  std::string rev;        // --check-cc: commit whose tree holds MAINTAINERS ("" = the mails'
                          // base-commit:, else HEAD)
  std::string rules;      // --rules linux|xen; "" = the policy's maintainers-rules
  std::int64_t now = 0;   // what a relative --git-since counts back from
  // Reuse and keep each commit's route in the repository (route_commits' RouteCache,
  // .git/patchflow/cache/route); false: neither read nor write it (--no-cache).
  bool cache = true;
  int jobs = 2;  // threads diffing the commits not kept (each with its own repository handle)
  PatchTextFor patch_text;  // texts of commits the caller has diffed already (series)
};

// stack may be nullptr when there is none: then target is a range or revision and the policy is
// the default one. Throws Error{usage} for an unknown topic or component, Error{git} for revisions.
// --git (the command line's, the tree's .get_maintainer.conf or the policy's) adds recent authors
// and signers as maintainers::history_for does for `maintainers`: history from the target's tip,
// or for --check-cc from --rev, else HEAD; without a repository it is a usage error.
SeriesRoute run(git_repository& repo, const config::StackConfig* stack, const Request& request);
// The same for a target resolved already (request.target and request.component are not read).
SeriesRoute run(git_repository& repo, const stack::Target& target, const Request& request);
CcReport run_check_cc(git_repository* repo, const config::StackConfig* stack,
                      const Request& request);

}  // namespace patchflow::route
