#include "patchflow/rebase/rebase.hpp"

#include <ctime>

#include "patchflow/cli/commands.hpp"
#include "patchflow/series/series.hpp"

namespace patchflow::cli {

void add_rebase_command(CLI::App& app, Session& session) {
  struct Args {
    rebase::Options options;
    bool undo = false;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "rebase", "Move topics onto the new mainline in dependency order, in memory, atomically");
  cmd->footer(
      "Examples:\n  patchflow --repo demo/repo rebase\n  patchflow --repo demo/repo rebase "
      "--onto v2.6.33 xen/dom0/core --dry-run\n  patchflow --repo demo/repo rebase --undo");
  cmd->add_option("topic", args->options.topics,
                  "Topics to rebase (default: all); the topics depending on them come along");
  cmd->add_option("--onto", args->options.onto,
                  "New base of topics without dependencies (default: their mainline)");
  cmd->add_flag("--dry-run", args->options.dry_run, "Replay and report; move no ref");
  cmd->add_flag("--keep-going", args->options.keep_going,
                "On a conflict, still move the topics that do not depend on it");
  cmd->add_flag("--undo", args->undo, "Move the branches back to where the last rebase found them");
  cmd->callback([args, &session] {
    git_repository& repo = session.repo();
    rebase::Result result;
    if (args->undo) {
      result = rebase::undo(repo, session.stack(), args->options);
    } else {
      const series::Identity who = series::identity_from_config(repo);
      const std::time_t now = std::time(nullptr);
      std::tm local{};
      localtime_r(&now, &local);
      args->options.committer = {.name = who.name,
                                 .email = who.email,
                                 .time = now,
                                 .offset_minutes = static_cast<int>(local.tm_gmtoff / 60)};
      result = rebase::run(repo, session.stack(), args->options);
    }
    session.emit(rebase::format_text(result), rebase::to_json(result), false);
    rebase::throw_if_failed(result);
  });
}

}  // namespace patchflow::cli
