#include <memory>

#include "patchflow/cli/commands.hpp"
#include "patchflow/maintainers/request.hpp"

namespace patchflow::cli {

void add_maintainers_command(CLI::App& app, Session& session) {
  auto request = std::make_shared<maintainers::Request>();
  auto* cmd = app.add_subcommand(
      "maintainers", "Who gets a patch: get_maintainer.pl --nogit --nogit-fallback, in-process");
  cmd->footer(
      "Examples:\n  patchflow maintainers 0001-xen-fix.patch\n  patchflow --repo demo/repo "
      "maintainers linux-2.6..xen/swiotlb\n  patchflow maintainers --maintainers MAINTAINERS "
      "--path drivers/xen/");
  cmd->add_option("inputs", request->inputs, "Patch files, topics, revision ranges (a..b) or commits");
  cmd->add_option("--path", request->paths, "Files or directories of the tree (like -f)");
  cmd->add_option("--maintainers", request->maintainers,
                  "MAINTAINERS file or tree directory (default: the repository's, at --rev)");
  cmd->add_option("--rev", request->rev, "Commit whose tree holds MAINTAINERS (default: tip)");
  cmd->add_flag("--find-maintainer-files", request->find_maintainer_files,
                "Also read every file named MAINTAINERS below the top (U-Boot)");
  cmd->add_option("--pattern-depth", request->options.pattern_depth, "Pattern depth (0: all)");
  cmd->add_flag("!--no-keywords", request->options.keywords, "Do not match K: on the patch");
  cmd->add_flag("--each", request->each, "One answer per patch (MAINTAINERS parsed once)");
  cmd->add_flag("--git", request->git, "Add recent authors and signers of the touched files");
  cmd->add_option("--since", request->history.since,
                  "--git window start, epoch seconds "
                  "(default: a year before the newest commit)");
  cmd->callback([request, &session] {
    request->stack = session.stack_if(false);
    const maintainers::RepositoryProvider repository = [&session]() -> git_repository& {
      return session.repo();
    };
    if (request->each) {
      const auto results = maintainers::run_each(*request, repository);
      session.emit_product(maintainers::format_text(results), maintainers::to_json(results));
      return;
    }
    const maintainers::Result result = maintainers::run(*request, repository);
    session.emit_product(maintainers::format_text(result), maintainers::to_json(result));
  });
}

}  // namespace patchflow::cli
