// patchflow: the Git patch-series workflow (compose, check, route, emit) for kernel teams.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string_view>

#include "patchflow/cli/commands.hpp"
#include "patchflow/cli/session.hpp"
#include "patchflow/core/error.hpp"
#include "patchflow/core/heap.hpp"
#include "patchflow/core/parallel.hpp"
#include "patchflow/git/handle.hpp"
#include "patchflow/git/ref_journal.hpp"

namespace {

// Exit code of a run the crash-test hook ended (as a shell reports SIGKILL: 128 + 9).
constexpr int k_test_abort_exit_code = 137;

// What main() reads of argv before CLI11 parses it.
struct CommandLine {
  std::string_view word;  // the subcommand: the first word that is no global option or its value
  bool names_repository = false;  // --repo PATH or --repo=PATH anywhere before "--"
};

CommandLine scan_command_line(int argc, char** argv) {
  CommandLine line;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") {
      break;
    }
    if (arg == "--repo" || arg.starts_with("--repo=")) {
      line.names_repository = true;
    }
    if (arg == "--repo" || arg == "--stack" || arg == "--color") {
      ++i;  // its value follows
    } else if (line.word.empty() && !arg.starts_with("-")) {
      line.word = arg;
    }
  }
  return line;
}

// Ends the process once the command's output is flushed, without freeing what it holds: the
// kernel takes the memory back at once, where destructors would free a stack's worth of strings
// and libgit2 would unmap and free its caches one by one (a millisecond or two of every
// command). Nothing is left to do by then: files are written and closed, locks released, inside
// the commands. Sanitized builds return normally, so that LeakSanitizer still checks at exit.
int end_process(int exit_code) {
#if defined(__SANITIZE_ADDRESS__)
  return exit_code;
#else
  std::cout.flush();
  std::fflush(nullptr);
  _exit(exit_code);
#endif
}

}  // namespace

int main(int argc, char** argv) {
  using patchflow::ExitCode;
  patchflow::prepare_heap_for_short_run();
  patchflow::cli::Session session;
  if (const char* pause = std::getenv("PATCHFLOW_TEST_PAUSE_BEFORE_REF_UPDATE_MS")) {
    session.pause_before_ref_update_ms = std::atoi(pause);
  }
  // Crash tests: die as a kill would, once a move of several refs has written N of them (0: its
  // journal only). _exit: no destructor, no flush, no lock released but by the kernel.
  if (const char* abort_after = std::getenv("PATCHFLOW_TEST_ABORT_AFTER_REF_WRITES")) {
    const std::size_t limit = std::strtoul(abort_after, nullptr, 10);
    patchflow::git::set_ref_write_observer([limit](std::size_t written) {
      if (written == limit) {
        _exit(k_test_abort_exit_code);
      }
    });
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
  const CommandLine line = scan_command_line(argc, argv);
  // Only the invoked command's options are built (CLI11 builds each option's table at once:
  // all 23 commands were a third of `patchflow version`'s instructions). Every command is added
  // when there is none to pick (no command, --help, an unknown word: the usage lists them all)
  // or when the command describes them all (man, completion).
  const patchflow::cli::Command* only = nullptr;
  for (const auto& command : patchflow::cli::k_commands) {
    if (command.name == line.word && command.kind != patchflow::cli::CommandKind::describes_app) {
      only = &command;
    }
  }
  // libgit2 and the dozen libraries it needs take some 6 ms to load: for a command that reads a
  // repository (always, or because --repo names one: check, maintainers --rev) they load
  // meanwhile, while its options are built and parsed and its stack is read.
  std::optional<patchflow::BackgroundTask> git_loader;
  if (only != nullptr && (only->kind == patchflow::cli::CommandKind::reads_repository ||
                          line.names_repository)) {
    git_loader.emplace([] { patchflow::git::ensure_library(); });
  }
  if (only != nullptr) {
    only->add(app, session);
  } else {
    for (const auto& command : patchflow::cli::k_commands) {
      command.add(app, session);
    }
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
  session.clear_progress();
  return end_process(session.exit_code());
}
