#include "patchflow/series/request_pull.hpp"

#include "patchflow/cli/commands.hpp"
#include "patchflow/git/repository.hpp"

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
    const config::Topic* topic = nullptr;
    try {
      topic = session.stack().find_topic(args->start);
    } catch (const Error&) {
      // No stack here: the argument can only be a revision.
    }
    if (topic) {
      const series::Range range = series::topic_range(repo, session.stack(), topic->name);
      start = range.base_commit;
      tip = range.tip;
      branch = branch.empty() ? (topic->branch.empty() ? topic->name : topic->branch) : branch;
    } else {
      start = git::resolve_commit(repo, args->start);
      tip = git::resolve_commit(repo, args->end);
    }
    const std::string text = series::request_pull(repo, start, tip, args->url, branch);
    session.emit_product(text, {{"text", text}, {"start", start.hex()}, {"tip", tip.hex()}});
  });
}

}  // namespace patchflow::cli
