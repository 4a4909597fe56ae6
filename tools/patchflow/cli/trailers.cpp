#include <chrono>
#include <thread>

#include "patchflow/cli/commands.hpp"
#include "patchflow/intake/reviews.hpp"

namespace patchflow::cli {

void add_trailers_command(CLI::App& app, Session& session) {
  auto opts = std::make_shared<intake::TrailersOptions>();
  auto* cmd = app.add_subcommand("trailers", "Add the trailers of review replies to a topic");
  cmd->footer(
      "Examples:\n  patchflow --repo demo/repo trailers xen/dom0/apic --from replies.mbox\n"
      "  patchflow --repo demo/repo trailers xen/dom0/apic --from replies.mbox --dry-run");
  cmd->add_option("topic", opts->topic, "Topic whose commits the replies review")->required();
  cmd->add_option("--from", opts->input, "mbox, maildir or directory of the replies")->required();
  cmd->add_flag("--dry-run", opts->dry_run, "Place the replies and report; move nothing");
  cmd->callback([opts, &session] {
    if (const int pause = session.pause_before_ref_update_ms; pause > 0) {
      opts->before_ref_update = [pause] {
        std::this_thread::sleep_for(std::chrono::milliseconds(pause));
      };
    }
    opts->maintainer = maintainer_identity(session.repo());
    const intake::TrailersResult result =
        intake::take_trailers(session.repo(), session.stack(), *opts);
    session.emit(intake::format_text(result), intake::to_json(result), result.has_findings());
  });
}

}  // namespace patchflow::cli
