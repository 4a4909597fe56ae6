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
enum class CommandKind {
  plain,
  // Always reads a git repository: main() starts loading libgit2 before the command line is
  // parsed (main.cpp).
  reads_repository,
  // Reads the other commands' options (man pages, shell completion): needs all of them added.
  describes_app,
};
struct Command {
  std::string_view name;  // the subcommand's word on the command line
  AddCommand add;
  CommandKind kind = CommandKind::plain;
};
// clang-format off: one command per line, so parallel work merges cleanly
inline constexpr Command k_commands[] = {
    {"version", add_version_command},
    {"materialize", add_materialize_command, CommandKind::reads_repository},
    {"topics", add_topics_command, CommandKind::reads_repository},
    {"compose", add_compose_command, CommandKind::reads_repository},
    {"resolve", add_resolve_command, CommandKind::reads_repository},
    {"verify", add_verify_command, CommandKind::reads_repository},
    {"check", add_check_command},
    {"send", add_send_command},
    {"maintainers", add_maintainers_command},
    {"add-maintainers", add_add_maintainers_command},
    {"route", add_route_command, CommandKind::reads_repository},
    {"series", add_series_command, CommandKind::reads_repository},
    {"request-pull", add_request_pull_command, CommandKind::reads_repository},
    {"upstream", add_upstream_command, CommandKind::reads_repository},
    {"range-diff", add_range_diff_command, CommandKind::reads_repository},
    {"rebase", add_rebase_command, CommandKind::reads_repository},
    {"graph", add_graph_command, CommandKind::reads_repository},
    {"report", add_report_command, CommandKind::reads_repository},
    {"init", add_init_command, CommandKind::reads_repository},
    {"am", add_am_command, CommandKind::reads_repository},
    {"trailers", add_trailers_command, CommandKind::reads_repository},
    {"completion", add_completion_command, CommandKind::describes_app},
    {"man", add_man_command, CommandKind::describes_app},
};
// clang-format on

}  // namespace patchflow::cli
