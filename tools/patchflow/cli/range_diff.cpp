#include "patchflow/series/range_diff.hpp"

#include "patchflow/cli/commands.hpp"

namespace patchflow::cli {

void add_range_diff_command(CLI::App& app, Session& session) {
  struct Args {
    std::vector<std::string> sides;
    series::RangeDiffOptions options;
  };
  auto args = std::make_shared<Args>();
  auto* cmd =
      app.add_subcommand("range-diff", "Compare two versions of a series as git range-diff does");
  cmd->footer(
      "Examples:\n  patchflow range-diff xen/swiotlb@v1 xen/swiotlb\n"
      "  patchflow range-diff master..old-tip master..new-tip\n"
      "  patchflow range-diff old-tip...new-tip");
  cmd->add_option("sides", args->sides,
                  "OLD NEW (each a range A..B, a topic, TOPIC@vN as sent, a revision), "
                  "A...B, or BASE OLD NEW")
      ->required()
      ->expected(1, 3);
  cmd->add_option("--creation-factor", args->options.creation_factor,
                  "Percent of a patch's size that creating or dropping it costs (git's 60)")
      ->check(CLI::Range(0, 100000));
  cmd->add_option("-j,--jobs", args->options.jobs, "Threads")->check(CLI::Range(1, 64));
  cmd->callback([args, &session] {
    git_repository& repo = session.repo();
    const series::RangeDiffSides sides =
        series::resolve_range_diff_sides(repo, session.stack_if(false), args->sides);
    const series::RangeDiff result =
        series::range_diff(repo, sides.old_commits, sides.new_commits, args->options);
    session.emit_product(result.text, series::to_json(result));
  });
}

}  // namespace patchflow::cli
