#include "patchflow/cli/commands.hpp"
#include "patchflow/compose/record.hpp"
#include "patchflow/core/text.hpp"

namespace patchflow::cli {

void add_resolve_command(CLI::App& app, Session& session) {
  struct Args {
    compose::Options options;
    std::string topic, path, resolved_file;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "resolve", "Record the resolution of a compose conflict in the stack (reviewable rerere)");
  cmd->footer(
      "Examples:\n  patchflow --repo demo/repo resolve xen/master xen/dom0/pci "
      "drivers/xen/events.c events-resolved.c");
  cmd->add_option("merge-branch", args->options.merge_branch, "e.g. xen/master")->required();
  cmd->add_option("topic", args->topic, "The topic whose merge conflicts")->required();
  cmd->add_option("path", args->path, "The conflicting file, repository-relative")->required();
  cmd->add_option("resolved-file", args->resolved_file,
                  "The resolved content: a file or a work tree path")
      ->required();
  cmd->add_option("--identity", args->options.identity, "As for compose");
  cmd->callback([args, &session] {
    const compose::RecordResult result =
        compose::record_resolution(session.repo(), session.stack(), args->options, args->topic,
                                   args->path, text::read_file(args->resolved_file));
    session.emit(compose::format_text(result), compose::to_json(result), false);
  });
}

}  // namespace patchflow::cli
