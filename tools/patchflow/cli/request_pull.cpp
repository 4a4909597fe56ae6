#include "patchflow/series/request_pull.hpp"

#include "patchflow/cli/commands.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/stack/target.hpp"

namespace patchflow::cli {

void add_request_pull_command(CLI::App& app, Session& session) {
  struct Args {
    std::string start, url, branch, end = "HEAD";
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("request-pull", "Print a pull request as git request-pull does");
  cmd->footer(
      "Examples:\n  patchflow --repo demo/repo request-pull xen/swiotlb "
      "git://git.kernel.org/pub/scm/linux/kernel/git/jeremy/xen.git");
  cmd->add_option("topic-or-start", args->start, "topic name, or the start commit")->required();
  cmd->add_option("url", args->url, "repository URL the branch was pushed to")->required();
  cmd->add_option("branch", args->branch, "branch at url (default: the topic branch)");
  cmd->add_option("--end", args->end, "tip when start is a commit (default: HEAD)");
  cmd->callback([args, &session] {
    git_repository& repo = session.repo();
    git::Oid start, tip;
    std::string branch = args->branch;
    const config::StackConfig* stack = session.stack_if(false);
    const stack::Target target = stack::resolve_target(repo, stack, args->start);
    if (target.kind == stack::TargetKind::topic) {
      start = target.base_commit;
      tip = target.tip;
      branch = branch.empty() ? target.branch : branch;
    } else {
      // Not a topic: git request-pull's <start> and --end.
      start = git::resolve_commit(repo, args->start);
      tip = git::resolve_commit(repo, args->end);
    }
    const std::string text = series::request_pull(repo, start, tip, args->url, branch);
    session.emit_product(text, {{"text", text}, {"start", start.hex()}, {"tip", tip.hex()}});
  });
}

}  // namespace patchflow::cli
