#include "patchflow/series/request_pull.hpp"

#include "patchflow/cli/commands.hpp"
#include "patchflow/stack/target.hpp"

namespace patchflow::cli {

void add_request_pull_command(CLI::App& app, Session& session) {
  struct Args {
    std::string start, url, end;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("request-pull", "Print a pull request as git request-pull does");
  cmd->footer(
      "Examples:\n  patchflow --repo demo/repo request-pull xen/swiotlb "
      "git://git.kernel.org/pub/scm/linux/kernel/git/jeremy/xen.git\n"
      "  patchflow request-pull linux-2.6 git://example.org/xen.git xen/dom0/pci");
  cmd->add_option("topic-or-start", args->start,
                  "topic name (start: its base), or the start commit as for git request-pull")
      ->required();
  cmd->add_option("url", args->url, "repository URL (or remote name) the work was pushed to")
      ->required();
  cmd->add_option("end", args->end,
                  "[local:]remote as for git request-pull (default: the topic branch, else HEAD)");
  cmd->callback([args, &session] {
    git_repository& repo = session.repo();
    std::string start = args->start, end = args->end;
    // A topic name stands for its base..branch; any other start is a revision, as in git.
    const config::StackConfig* stack = session.stack_if(false);
    if (stack != nullptr && stack->find_topic(args->start) != nullptr) {
      const stack::Target target = stack::resolve_target(repo, stack, args->start);
      start = target.base_commit.hex();
      end = end.empty() ? "refs/heads/" + target.branch + ":" + target.branch : end;
    }
    const series::PullRequest request = series::resolve_pull_request(repo, start, args->url, end);
    const std::string text = series::request_pull(repo, request);
    session.emit_product(text, {{"text", text},
                                {"start", request.start.hex()},
                                {"tip", request.tip.hex()},
                                {"remote", request.remote}});
  });
}

}  // namespace patchflow::cli
