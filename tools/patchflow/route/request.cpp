#include "patchflow/route/request.hpp"

#include "patchflow/core/error.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/stack/target.hpp"

namespace patchflow::route {

namespace {

config::Policy policy_of(const config::StackConfig* stack, const std::string& component) {
  if (!stack || component.empty()) {
    return {};
  }
  stack->component(component);  // throws "unknown component 'x'"
  return stack->policy_for(component);
}

maintainers::Routing routing_of(git_repository* repo, const std::optional<git::Oid>& commit,
                                const config::Policy& policy, const Request& request) {
  maintainers::SourceRequest source = maintainers::source_request(policy, request.rules);
  source.maintainers = request.maintainers;
  source.command_line = request.arguments;
  return maintainers::load_routing(request.maintainers.empty() ? repo : nullptr, commit, source);
}

RoutedWith routed_with(const maintainers::Routing& routing) {
  return {routing.source.origin, routing.revision ? routing.revision->hex() : std::string()};
}

}  // namespace

SeriesRoute run(git_repository& repo, const config::StackConfig* stack, const Request& request) {
  return run(repo,
             stack::resolve_target(repo, stack, request.target, {.component = request.component}),
             request);
}

SeriesRoute run(git_repository& repo, const stack::Target& target, const Request& request) {
  const maintainers::Routing routing =
      routing_of(&repo, stack::routing_commit(target), target.policy, request);
  SeriesRoute series = route_series(routing.source, target.policy,
                                    patches_from_commits(repo, target.commits), routing.options);
  series.with = routed_with(routing);
  return series;
}

CcReport run_check_cc(git_repository* repo, const config::StackConfig* stack,
                      const Request& request) {
  const config::Policy policy = policy_of(stack, request.component);
  std::vector<patch::Mail> mails;
  std::optional<git::Oid> commit;
  for (const std::string& file : request.check_cc) {
    const std::string content = text::read_file(file);
    if (request.maintainers.empty() && repo && request.rev.empty() && !commit) {
      commit = stack::mail_base_commit(*repo, content);  // where the series says it is based
    }
    for (patch::Mail& mail : patch::parse_mbox(content, file)) {
      mails.push_back(std::move(mail));
    }
  }
  if (request.maintainers.empty() && repo && !commit) {
    commit = git::resolve_commit(*repo, request.rev.empty() ? "HEAD" : request.rev);
  }
  const maintainers::Routing routing = routing_of(repo, commit, policy, request);
  CcReport report = check_cc(routing.source, policy, mails, routing.options);
  report.with = routed_with(routing);
  return report;
}

}  // namespace patchflow::route
