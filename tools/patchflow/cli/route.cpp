#include <ctime>
#include <memory>

#include "patchflow/cli/commands.hpp"
#include "patchflow/cli/maintainer_options.hpp"
#include "patchflow/route/request.hpp"

namespace patchflow::cli {

void add_route_command(CLI::App& app, Session& session) {
  auto request = std::make_shared<route::Request>();
  auto* cmd = app.add_subcommand("route", "Which way each patch goes upstream, To and Cc");
  cmd->footer(
      "Examples:\n  patchflow --repo demo/repo route xen/swiotlb\n  patchflow --repo demo/repo "
      "route --check-cc series.mbox");
  cmd->add_option("target", request->target, "Topic name, or a revision range base..tip");
  cmd->add_option("--check-cc", request->check_cc,
                  "Addressed mbox files: report recipients missing from To/Cc (exit 1)");
  cmd->add_option("--maintainers", request->maintainers,
                  "MAINTAINERS file or tree directory (default: the repository's at the tip)");
  // get_maintainer.pl's options that change who receives a patch (--git ...), as maintainers
  // takes them; the tree's .get_maintainer.conf and the policy's maintainers-options apply first.
  add_maintainer_options(cmd, std::shared_ptr<MaintainerArguments>(request, &request->arguments),
                         MaintainerOptions::recipients);
  cmd->add_option("--component", request->component, "Use this component's policy for a range");
  cmd->add_option("--rev", request->rev, "--check-cc: commit whose tree holds MAINTAINERS");
  cmd->add_option("--rules", request->rules,
                  "get_maintainer rules: linux or xen (default: the policy's maintainers-rules)");
  cmd->add_flag_callback(
      "--no-cache", [request] { request->cache = false; },
      "Route every commit again: neither read nor write the routes kept in the repository "
      "(.git/patchflow/cache/)");
  cmd->add_option("-j,--jobs", request->jobs, "Threads diffing the commits not kept")
      ->check(CLI::Range(1, 64));
  cmd->callback([request, &session] {
    request->now = static_cast<std::int64_t>(std::time(nullptr));
    if (!request->check_cc.empty()) {
      git_repository* repo =
          request->maintainers.empty() ? &session.repo() : session.repo_if(false);
      const route::CcReport report = route::run_check_cc(repo, session.stack_if(false), *request);
      session.emit(route::format_text(report), route::to_json(report), report.has_missing());
      return;
    }
    if (request->target.empty()) {
      throw_usage("route needs a topic, a range (base..tip) or --check-cc mbox files");
    }
    // The stack's YAML and the routing source are read while libgit2 is loaded (and --repo
    // opened) on a second thread.
    const config::StackConfig* stack = session.stack_if_opening_repo(false, /*warm_routing=*/true);
    const route::SeriesRoute series = route::run(session.repo(), stack, *request);
    session.emit(route::format_text(series, session.verbose), route::to_json(series),
                 series.has_split());
  });
}

}  // namespace patchflow::cli
