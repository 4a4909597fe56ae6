// patchflow: the Git patch-series workflow (compose, check, route, emit) for kernel teams.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "patchflow/cli/commands.hpp"
#include "patchflow/cli/session.hpp"
#include "patchflow/core/error.hpp"

int main(int argc, char** argv) {
  using patchflow::ExitCode;
  patchflow::cli::Session session;
  if (const char* pause = std::getenv("PATCHFLOW_TEST_PAUSE_BEFORE_REF_UPDATE_MS")) {
    session.pause_before_ref_update_ms = std::atoi(pause);
  }
  CLI::App app{"patchflow: compose, check, route and emit Git patch series", "patchflow"};
  app.require_subcommand(1);
  app.add_option("--repo", session.repo_option, "Git repository (default: the stack's)");
  app.add_option("--stack", session.stack_option, "Stack directory (default: .)");
  app.add_flag("--json", session.json, "Machine-readable JSON output");
  app.add_option("--color", session.color, "auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_flag("-q,--quiet", session.quiet,
               "No progress; print a report only when it holds errors (the exit code says it)");
  app.add_flag("--verbose", session.verbose, "Progress as one line per step, even off a terminal");
  for (const auto add : patchflow::cli::k_commands) {
    add(app, session);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : static_cast<int>(ExitCode::usage);
  } catch (const patchflow::Error& e) {
    std::cout.flush();
    std::cerr << e.describe() << "\n";
    return static_cast<int>(e.exit_code());
  } catch (const std::exception& e) {
    std::cout.flush();
    std::cerr << "patchflow: internal error: " << e.what() << "\n";
    return static_cast<int>(ExitCode::internal);
  }
  std::cout.flush();
  return session.exit_code();
}
