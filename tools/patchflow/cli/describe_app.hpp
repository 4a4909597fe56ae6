#pragma once
// The declared command line, read back from CLI11, for completion scripts and the man page.
#include <CLI/CLI.hpp>

#include "patchflow/help/app_spec.hpp"

namespace patchflow::cli {

help::AppSpec describe_app(CLI::App& app, const std::string& version);

}  // namespace patchflow::cli
