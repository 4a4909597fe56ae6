#pragma once
// The table of subcommands: one add_*_command per file in cli/.
#include <CLI/CLI.hpp>

#include "patchflow/cli/session.hpp"

namespace patchflow::cli {

void add_version_command(CLI::App& app, Session& session);
void add_series_command(CLI::App& app, Session& session);
void add_request_pull_command(CLI::App& app, Session& session);
void add_upstream_command(CLI::App& app, Session& session);

using AddCommand = void (*)(CLI::App&, Session&);
inline constexpr AddCommand k_commands[] = {
    add_version_command,
    add_series_command,
    add_request_pull_command,
    add_upstream_command,
};

}  // namespace patchflow::cli
