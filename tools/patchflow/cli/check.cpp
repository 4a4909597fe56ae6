// patchflow check: what a maintainer would bounce, before mailing.
#include <unistd.h>

#include <filesystem>
#include <memory>

#include "patchflow/check/request.hpp"
#include "patchflow/cli/commands.hpp"

namespace patchflow::cli {

void add_check_command(CLI::App& app, Session& session) {
  auto request = std::make_shared<check::Request>();
  auto* cmd = app.add_subcommand("check", "Check patches, a revision range or a topic");
  cmd->footer(
      "Examples:\n  patchflow --repo demo/repo check xen/dom0/core\n  patchflow --repo demo/repo "
      "check linux-2.6..xen/swiotlb --build -j 2\n  patchflow check out/*.patch");
  cmd->add_option("input", request->inputs, "mbox/.patch files, A..B, or a topic name")->required();
  cmd->add_option("--mainline", request->mainline,
                  "Mainline ref for series checks (ranges and mails)");
  cmd->add_option("--component", request->component, "Use this component's policy");
  cmd->add_option("--maintainers", request->maintainers,
                  "MAINTAINERS file or tree directory (default: the repository's at the tip)");
  cmd->add_option("--sender", request->sender,
                  "Mails: whose Signed-off-by comes last (default: each mail's From)");
  cmd->add_flag("--build", request->build, "Run the policy's build command on every commit");
  cmd->add_option("-j,--jobs", request->jobs, "Parallel jobs")->check(CLI::Range(1, 64));
  cmd->add_flag("--checkpatch-pl", request->checkpatch_pl,
                "Also run the tree's scripts/checkpatch.pl and merge its findings");
  cmd->callback([request, &session] {
    request->build_dir =
        (std::filesystem::temp_directory_path() / ("patchflow-build-" + std::to_string(getpid())))
            .string();
    request->progress = session.progress();
    check::Context context;
    context.stack = [&session](bool required) -> const config::StackConfig* {
      try {
        return &session.stack();
      } catch (const Error&) {
        if (required) {
          throw;
        }
        return nullptr;
      }
    };
    context.repo = [&session](bool required) -> git_repository* {
      try {
        return &session.repo();
      } catch (const Error&) {
        if (required) {
          throw;
        }
        return nullptr;
      }
    };
    const check::Result result = check::run(*request, context);
    session.emit(check::format_text(result), check::to_json(result), check::has_errors(result));
  });
}

}  // namespace patchflow::cli
