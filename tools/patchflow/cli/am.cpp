#include "patchflow/intake/am.hpp"

#include <chrono>
#include <ctime>
#include <thread>

#include "patchflow/cli/commands.hpp"
#include "patchflow/series/series.hpp"

namespace patchflow::cli {

// The maintainer: user.name/user.email of the repository, now, in the local time zone.
git::Identity maintainer_identity(git_repository& repo) {
  const series::Identity who = series::identity_from_config(repo);
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return git::Identity{.name = who.name,
                       .email = who.email,
                       .time = now,
                       .offset_minutes = static_cast<int>(local.tm_gmtoff / 60)};
}

void add_am_command(CLI::App& app, Session& session) {
  auto opts = std::make_shared<intake::AmOptions>();
  auto* cmd =
      app.add_subcommand("am", "Apply a mailed series to a topic, with its review trailers");
  cmd->footer(
      "Examples:\n  patchflow --repo demo/repo am thread.mbox --topic xen/dom0/apic\n"
      "  patchflow --repo demo/repo am thread.mbox --topic xen/dom0/hvc --new --dry-run");
  cmd->add_option("mbox", opts->input, "mbox file, maildir, or directory of .patch files")
      ->required();
  cmd->add_option("--topic", opts->topic, "Topic to apply the series to")->required();
  cmd->add_flag("--new", opts->create,
                "Create the topic off its mainline (or the series' base-commit) and its YAML");
  cmd->add_option("--component", opts->component, "With --new: the topic's component");
  cmd->add_flag("--partial", opts->partial, "Apply the parts present even when some are missing");
  cmd->add_flag("--dry-run", opts->dry_run, "Apply and check in memory; move and write nothing");
  cmd->callback([opts, &session] {
    if (const int pause = session.pause_before_ref_update_ms; pause > 0) {
      opts->before_ref_update = [pause] {
        std::this_thread::sleep_for(std::chrono::milliseconds(pause));
      };
    }
    opts->maintainer = maintainer_identity(session.repo());
    const intake::AmResult result = intake::am(session.repo(), session.stack(), *opts);
    session.emit(intake::format_text(result), intake::to_json(result), result.has_findings());
  });
}

}  // namespace patchflow::cli
