#include "patchflow/cli/commands.hpp"
#include "patchflow/compose/record.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/rebase/rebase.hpp"
#include "patchflow/series/series.hpp"

namespace patchflow::cli {

void add_resolve_command(CLI::App& app, Session& session) {
  struct Args {
    compose::Options options;
    std::vector<std::string> positional;
    std::string rebase_topic, onto;
  };
  auto args = std::make_shared<Args>();
  auto* cmd =
      app.add_subcommand("resolve",
                         "Record the resolution of a compose or rebase conflict in the stack "
                         "(reviewable rerere)");
  cmd->footer(
      "Examples:\n  patchflow --repo demo/repo resolve xen/master xen/dom0/pci "
      "drivers/xen/events.c events-resolved.c\n  patchflow --repo demo/repo resolve --rebase "
      "xen/dom0/pci drivers/xen/events.c events-resolved.c");
  cmd->add_option("args", args->positional,
                  "MERGE-BRANCH TOPIC PATH RESOLVED-FILE, or with --rebase: PATH RESOLVED-FILE "
                  "(the conflicting file, repository-relative; the resolved content)")
      ->required();
  cmd->add_option("--rebase", args->rebase_topic,
                  "Record for `patchflow rebase` of this topic instead of a compose");
  cmd->add_option("--onto", args->onto, "With --rebase: as given to rebase");
  cmd->add_option("--identity", args->options.identity, "As for compose");
  cmd->callback([args, &session] {
    const std::vector<std::string>& p = args->positional;
    if (!args->rebase_topic.empty()) {
      if (p.size() != 2) {
        throw Error(ExitCode::usage, "resolve --rebase TOPIC takes PATH RESOLVED-FILE");
      }
      const series::Identity who = series::identity_from_config(session.repo());
      rebase::Options options{.onto = args->onto,
                              .committer = {.name = who.name, .email = who.email}};
      const rebase::RecordResult result =
          rebase::record_resolution(session.repo(), session.stack(), options, args->rebase_topic,
                                    p[0], text::read_file(p[1]));
      session.emit(rebase::format_text(result), rebase::to_json(result), false);
      return;
    }
    if (p.size() != 4) {
      throw Error(ExitCode::usage, "resolve takes MERGE-BRANCH TOPIC PATH RESOLVED-FILE");
    }
    args->options.merge_branch = p[0];
    const compose::RecordResult result = compose::record_resolution(
        session.repo(), session.stack(), args->options, p[1], p[2], text::read_file(p[3]));
    session.emit(compose::format_text(result), compose::to_json(result), false);
  });
}

}  // namespace patchflow::cli
