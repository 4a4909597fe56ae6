#pragma once
// The table of subcommands: one add_*_command per file in cli/.
#include <CLI/CLI.hpp>

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
// clang-format off: one command per line, so parallel work merges cleanly
inline constexpr AddCommand k_commands[] = {
    add_version_command,
    add_materialize_command,
    add_topics_command,
    add_compose_command,
    add_resolve_command,
    add_verify_command,
    add_check_command,
    add_send_command,
    add_maintainers_command,
    add_add_maintainers_command,
    add_route_command,
    add_series_command,
    add_request_pull_command,
    add_upstream_command,
    add_range_diff_command,
    add_graph_command,
    add_report_command,
    add_init_command,
    add_am_command,
    add_trailers_command,
    add_completion_command,
    add_man_command,
};
// clang-format on

}  // namespace patchflow::cli
