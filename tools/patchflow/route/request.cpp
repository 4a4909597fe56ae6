#include "patchflow/route/request.hpp"

#include "patchflow/core/error.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/attributes.hpp"
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

// --git's history from tip, as `maintainers` adds it; empty when --git is off.
maintainers::AddHistory history_of(const maintainers::Routing& routing, git_repository* repo,
                                   const std::optional<git::Oid>& tip, const Request& request) {
  if (!routing.arguments.git.value_or(false)) {
    return {};
  }
  if (repo == nullptr || !tip) {
    throw_usage("--git needs a repository: its history says who wrote the files");
  }
  return maintainers::history_for(routing.arguments, *repo, *tip, &routing.source.mailmap,
                                  std::nullopt, request.now);
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
  // Every commit's diff reads attributes from the small index (AttributeIndexScope).
  const git::AttributeIndexScope attributes(repo);
  const maintainers::Routing routing =
      routing_of(&repo, stack::routing_commit(target), target.policy, request);
  const std::optional<git::Oid> tip =
      target.tip.is_zero() ? stack::routing_commit(target) : std::optional(target.tip);
  SeriesRoute series =
      route_commits(repo, target.commits, routing.source, target.policy, routing.options,
                    history_of(routing, &repo, tip, request), request.cache, request.jobs,
                    request.patch_text);
  series.with = routed_with(routing);
  return series;
}

CcReport run_check_cc(git_repository* repo, const config::StackConfig* stack,
                      const Request& request) {
  const config::Policy policy = policy_of(stack, request.component);
  std::vector<patch::Mail> mails;
  std::vector<std::string> contents;
  for (const std::string& file : request.check_cc) {
    contents.push_back(text::read_file(file));
    for (patch::Mail& mail : patch::parse_mbox(contents.back(), file)) {
      mails.push_back(std::move(mail));
    }
  }
  std::optional<git::Oid> commit;
  if (request.maintainers.empty() && repo) {
    // where the series says it is based
    commit = stack::mails_routing_commit(*repo, contents, request.rev).commit;
  }
  const maintainers::Routing routing = routing_of(repo, commit, policy, request);
  // History as `maintainers` reads it for patch files: from --rev, else HEAD.
  std::optional<git::Oid> tip;
  if (repo && routing.arguments.git.value_or(false)) {
    tip = git::resolve_commit(*repo, request.rev.empty() ? "HEAD" : request.rev);
  }
  CcReport report = check_cc(routing.source, policy, mails, routing.options,
                             history_of(routing, repo, tip, request));
  report.with = routed_with(routing);
  return report;
}

}  // namespace patchflow::route
