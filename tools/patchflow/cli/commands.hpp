#pragma once
// The table of subcommands: one add_*_command per file in cli/.
#include <CLI/CLI.hpp>
#include <string_view>

#include "patchflow/cli/session.hpp"
#include "patchflow/git/commit_write.hpp"

namespace patchflow::cli {

void add_version_command(CLI::App& app, Session& session);
void add_materialize_command(CLI::App& app, Session& session);
void add_topics_command(CLI::App& app, Session& session);
void add_compose_command(CLI::App& app, Session& session);
void add_resolve_command(CLI::App& app, Session& session);
void add_verify_command(CLI::App& app, Session& session);
void add_check_command(CLI::App& app, Session& session);
void add_send_command(CLI::App& app, Session& session);
void add_maintainers_command(CLI::App& app, Session& session);
void add_add_maintainers_command(CLI::App& app, Session& session);
void add_route_command(CLI::App& app, Session& session);
void add_series_command(CLI::App& app, Session& session);
void add_request_pull_command(CLI::App& app, Session& session);
void add_upstream_command(CLI::App& app, Session& session);
void add_range_diff_command(CLI::App& app, Session& session);
void add_rebase_command(CLI::App& app, Session& session);
void add_completion_command(CLI::App& app, Session& session);
void add_man_command(CLI::App& app, Session& session);
void add_graph_command(CLI::App& app, Session& session);
void add_report_command(CLI::App& app, Session& session);
void add_init_command(CLI::App& app, Session& session);
void add_am_command(CLI::App& app, Session& session);
void add_trailers_command(CLI::App& app, Session& session);
// The maintainer: user.name/user.email of the repository's git configuration, now, local zone.
git::Identity maintainer_identity(git_repository& repo);

using AddCommand = void (*)(CLI::App&, Session&);
struct Command {
  std::string_view name;  // the subcommand's word on the command line
  AddCommand add;
  // Reads the other commands' options (man pages, shell completion): needs all of them added.
  bool describes_app = false;
};
// clang-format off: one command per line, so parallel work merges cleanly
inline constexpr Command k_commands[] = {
    {"version", add_version_command},
    {"materialize", add_materialize_command},
    {"topics", add_topics_command},
    {"compose", add_compose_command},
    {"resolve", add_resolve_command},
    {"verify", add_verify_command},
    {"check", add_check_command},
    {"send", add_send_command},
    {"maintainers", add_maintainers_command},
    {"add-maintainers", add_add_maintainers_command},
    {"route", add_route_command},
    {"series", add_series_command},
    {"request-pull", add_request_pull_command},
    {"upstream", add_upstream_command},
    {"range-diff", add_range_diff_command},
    {"rebase", add_rebase_command},
    {"graph", add_graph_command},
    {"report", add_report_command},
    {"init", add_init_command},
    {"am", add_am_command},
    {"trailers", add_trailers_command},
    {"completion", add_completion_command, true},
    {"man", add_man_command, true},
};
// clang-format on

}  // namespace patchflow::cli
