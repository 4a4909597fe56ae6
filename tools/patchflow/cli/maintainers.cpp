#include <ctime>
#include <memory>
#include <vector>

#include "patchflow/cli/commands.hpp"
#include "patchflow/cli/maintainer_options.hpp"
#include "patchflow/maintainers/request.hpp"

namespace patchflow::cli {

void add_maintainers_command(CLI::App& app, Session& session) {
  auto request = std::make_shared<maintainers::Request>();
  auto args = std::make_shared<MaintainerArguments>();
  auto* cmd = app.add_subcommand(
      "maintainers", "Who gets a patch: get_maintainer.pl --nogit --nogit-fallback, in-process");
  cmd->footer(
      "Examples:\n  patchflow maintainers 0001-xen-fix.patch\n  patchflow --repo demo/repo "
      "maintainers linux-2.6..xen/swiotlb\n  patchflow maintainers --maintainers MAINTAINERS "
      "--path drivers/xen/\n  patchflow maintainers --rules xen --maintainers MAINTAINERS "
      "0001-x86-fix.patch\n\nThe tree's .get_maintainer.conf and the policy's maintainers-options "
      "apply first;\nthe options given here win.");
  cmd->add_option("inputs", request->inputs, "Patch files, topics, revision ranges (a..b) or commits");
  cmd->add_option("--path", request->paths, "Files or directories of the tree (like -f)");
  cmd->add_option("--maintainers", request->maintainers,
                  "MAINTAINERS file or tree directory (default: the repository's, at --rev)");
  cmd->add_option("--rev", request->rev,
                  "Commit whose tree holds MAINTAINERS (default: the commit the series is based on)");
  cmd->add_option("--rules", request->rules,
                  "Whose get_maintainer.pl to follow: linux (also U-Boot) or xen "
                  "(default: the policy's maintainers-rules)");
  cmd->add_flag("--each", request->each, "One answer per patch (MAINTAINERS parsed once)");
  cmd->add_option("--since", request->since,
                  "--git window start, epoch seconds "
                  "(default: a year before the newest commit)");
  add_maintainer_options(cmd, args, MaintainerOptions::printing);
  cmd->callback([request, args, &session] {
    // Without --maintainers, MAINTAINERS is read from the repository.
    request->stack = request->maintainers.empty()
                         ? session.stack_if_opening_repo(false, /*warm_routing=*/true)
                         : session.stack_if(false);
    request->arguments = *args;
    request->now = static_cast<std::int64_t>(std::time(nullptr));
    const maintainers::RepositoryProvider repository = [&session]() -> git_repository& {
      return session.repo();
    };
    // Which MAINTAINERS answered: on stderr and only with --verbose, so stdout stays
    // get_maintainer.pl's lines (send-email's --cc-cmd reads them, and shows its stderr for
    // every patch); --json always has it.
    const auto say_origin = [&session](const std::string& origin) {
      if (session.verbose && !session.json && !origin.empty()) {
        session.err() << "patchflow: routed with " << origin << "\n";
      }
    };
    if (request->each) {
      const auto results = maintainers::run_each(*request, repository);
      say_origin(results.empty() ? std::string() : results.front().second.origin);
      session.emit_product(maintainers::format_text(results), maintainers::to_json(results));
      return;
    }
    const maintainers::Result result = maintainers::run(*request, repository);
    say_origin(result.origin);
    session.emit_product(maintainers::format_text(result), maintainers::to_json(result));
  });
}

}  // namespace patchflow::cli
