#pragma once
// Who receives each patch of a series, from routing: MAINTAINERS (and .get_maintainer.conf)
// read from the repository at the commit the series is based on, the component's policy (xen-paths,
// always-cc). Plugs into Options::recipients.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "patchflow/config/model.hpp"
#include "patchflow/git/handle.hpp"
#include "patchflow/maintainers/arguments.hpp"
#include "patchflow/series/series.hpp"

namespace patchflow::series {

struct Addressing {
  std::string origin;  // "MAINTAINERS at 1a2b3c4d5e6f"; empty when that tree has no MAINTAINERS
  std::optional<git::Oid> revision;          // the commit routed with: stack::routing_commit
  std::map<git::Oid, Recipients> by_commit;  // To: maintainers; Cc: reviewers, lists, always-cc
};

// Routes range.commits with policy (range.policy: its component's, else the default one), with
// the tree of stack::routing_commit(range), as `route` does. A tree without policy.maintainers
// gives no recipients (a plain repository is formatted as git would); a malformed MAINTAINERS or
// .get_maintainer.conf throws as route does.
// command_line: the command's own get_maintainer.pl options (after .get_maintainer.conf and the
// policy's, as route reads them); --git among them adds recent authors and signers as Cc, from
// range.tip's history, as route does (now: what a relative --git-since counts back from).
// jobs: threads diffing the commits for routing. Routes are `route`'s (route::run): kept in the
// repository and reused while every input is the same, unless keep_routes is false (--no-cache).
// diffs: the commits diffed for the mails already; routing reads those instead of diffing them
// again (nullptr: it diffs them).
Addressing route_addressing(git_repository& repo, const Range& range, const config::Policy& policy,
                            const std::vector<maintainers::Argument>& command_line = {},
                            std::int64_t now = 0, int jobs = 1, bool keep_routes = true,
                            const CommitDiffs* diffs = nullptr);

// Options::recipients answering from addressing (which must outlive the call to build_series).
RecipientsFor recipients_from(const Addressing& addressing);

}  // namespace patchflow::series
