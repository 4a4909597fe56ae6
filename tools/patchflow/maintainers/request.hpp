#pragma once
// `patchflow maintainers` as one library call: inputs (patch files, revision ranges, paths),
// where MAINTAINERS comes from, and get_maintainer.pl options in; the Result out.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "patchflow/config/model.hpp"
#include "patchflow/git/handle.hpp"
#include "patchflow/maintainers/arguments.hpp"
#include "patchflow/maintainers/history.hpp"
#include "patchflow/maintainers/lookup.hpp"

namespace patchflow::maintainers {

struct Request {
  std::vector<std::string> inputs;  // patch files; anything else is a target as
                                    // stack::resolve_target reads it (a topic's own commits, a
                                    // range "a..b", one commit)
  const config::StackConfig* stack = nullptr;  // for topic names; nullptr: no stack here
  std::vector<std::string> paths;   // --path: files or directories of the tree
  std::string maintainers;          // --maintainers: a file or tree directory; "" = repository
  std::string rev;    // commit whose tree holds MAINTAINERS; "" = stack::routing_commit of the
                      // inputs (the series' base), the patches' base-commit:, else HEAD
  std::string rules;  // --rules linux|xen; "" = the policy's maintainers-rules
  // get_maintainer.pl options given on the command line (--find-maintainer-files, --roles,
  // --git ...), applied after the tree's .get_maintainer.conf and the policy's
  std::vector<Argument> arguments;
  bool each = false;  // --each: one result per patch instead of their union
  std::optional<std::int64_t> since;  // --since (epoch seconds): wins over --git-since
  std::int64_t now = 0;               // what a relative --git-since counts back from
};

// The repository, opened on first use (only revision inputs, --git and MAINTAINERS read from
// the repository need one).
using RepositoryProvider = std::function<git_repository&()>;

// Throws Error{usage} for unreadable inputs or MAINTAINERS, Error{git} for unknown revisions.
Result run(const Request& request, const RepositoryProvider& repository);

// --each: the same, one Result per patch (inputs expanded: a range gives one per commit),
// MAINTAINERS parsed once. Labels are the patch file or the commit's short id.
std::vector<std::pair<std::string, Result>> run_each(const Request& request,
                                                     const RepositoryProvider& repository);
std::string format_text(const std::vector<std::pair<std::string, Result>>& results);
nlohmann::json to_json(const std::vector<std::pair<std::string, Result>>& results);

// blamed_fixes: the signers of the commit a Fixes: tag names, from repo.
FixSigners fix_signers_from(git_repository& repo);

}  // namespace patchflow::maintainers
