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

maintainers::Source source_of(git_repository* repo, const git::Oid* tip,
                              const config::Policy& policy, const Request& request) {
  const maintainers::Rules rules = rules_for(policy, request.rules);
  if (!request.maintainers.empty()) {
    return maintainers::load_source_path(request.maintainers, request.find_maintainer_files, rules);
  }
  if (!repo || !tip) {
    throw_usage("no MAINTAINERS: give --maintainers or a repository");
  }
  return maintainers::load_source_commit(*repo, *tip, policy.maintainers,
                                         request.find_maintainer_files, rules);
}

}  // namespace

maintainers::Rules rules_for(const config::Policy& policy, const std::string& given) {
  return maintainers::rules_named(given.empty() ? policy.maintainers_rules : given);
}

SeriesRoute run(git_repository& repo, const config::StackConfig* stack, const Request& request) {
  return run(repo,
             stack::resolve_target(repo, stack, request.target, {.component = request.component}),
             request);
}

SeriesRoute run(git_repository& repo, const stack::Target& target, const Request& request) {
  const maintainers::Source source = source_of(&repo, &target.tip, target.policy, request);
  return route_series(source, target.policy, patches_from_commits(repo, target.commits));
}

CcReport run_check_cc(git_repository* repo, const config::StackConfig* stack,
                      const Request& request) {
  const config::Policy policy = policy_of(stack, request.component);
  std::vector<patch::Mail> mails;
  for (const std::string& file : request.check_cc) {
    for (patch::Mail& mail : patch::parse_mbox(text::read_file(file), file)) {
      mails.push_back(std::move(mail));
    }
  }
  std::optional<git::Oid> tip;
  if (request.maintainers.empty() && repo) {
    tip = git::resolve_commit(*repo, request.rev.empty() ? "HEAD" : request.rev);
  }
  const maintainers::Source source = source_of(repo, tip ? &*tip : nullptr, policy, request);
  return check_cc(source, policy, mails);
}

}  // namespace patchflow::route
