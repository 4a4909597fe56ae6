#include "patchflow/series/addressing.hpp"

#include "patchflow/git/tree_read.hpp"
#include "patchflow/maintainers/source.hpp"
#include "patchflow/route/request.hpp"
#include "patchflow/route/route.hpp"
#include "patchflow/stack/target.hpp"

namespace patchflow::series {

Addressing route_addressing(git_repository& repo, const Range& range, const config::Policy& policy,
                            const std::vector<maintainers::Argument>& command_line,
                            std::int64_t now, int jobs, bool keep_routes,
                            const CommitDiffs* diffs) {
  Addressing addressing;
  const std::optional<git::Oid> found = stack::routing_commit(range);
  if (!found) {
    return addressing;
  }
  const git::Oid commit = *found;
  maintainers::SourceRequest request = maintainers::source_request(policy);
  request.command_line = command_line;
  const maintainers::Arguments arguments = maintainers::routing_arguments(&repo, commit, request);
  // Routing needs MAINTAINERS; without one the series is addressed by --to/--cc alone.
  if (!git::is_file_at(repo, commit,
                       maintainers::maintainers_path_in_tree(arguments, policy.maintainers))) {
    return addressing;
  }
  // Routed as `route` routes the same range (one owner): each commit's route kept in the
  // repository is reused, so a series formatted again diffs its commits once, for the mails.
  Range routed_range = range;
  routed_range.policy = policy;  // with the command line's --rules
  const route::SeriesRoute routed =
      route::run(repo, routed_range,
                 {.arguments = command_line,
                  .now = now,
                  .cache = keep_routes,
                  .jobs = jobs,
                  .patch_text = diffs == nullptr ? route::PatchTextFor()
                                                 : [&repo, diffs](const git::Oid& commit) {
                                                     return diffs->routing_text(repo, commit);
                                                   }});
  addressing.origin = routed.with.origin;
  addressing.revision = commit;
  for (std::size_t i = 0; i < routed.patches.size(); ++i) {
    Recipients& recipients = addressing.by_commit[range.commits[i]];
    for (const maintainers::Recipient& r : routed.patches[i].to) {
      recipients.to.push_back(r.address());
    }
    for (const maintainers::Recipient& r : routed.patches[i].cc) {
      recipients.cc.push_back(r.address());
    }
  }
  return addressing;
}

RecipientsFor recipients_from(const Addressing& addressing) {
  return [&addressing](const git::Oid& commit) {
    const auto found = addressing.by_commit.find(commit);
    return found == addressing.by_commit.end() ? Recipients{} : found->second;
  };
}

}  // namespace patchflow::series
