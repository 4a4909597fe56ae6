#pragma once
// What every subcommand shares: global options, the lazily opened repository and stack, and
// the output stream. Lives in the CLI, so the library never reads argv, cwd or env.
#include <functional>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "patchflow/cli/progress_bar.hpp"
#include "patchflow/config/model.hpp"
#include "patchflow/core/progress.hpp"
#include "patchflow/git/handle.hpp"

namespace patchflow::cli {

// Loads the stack directory; set by the config module (config/loader) when it is linked in.
using StackLoader = std::function<config::StackConfig(const std::string& stack_dir)>;

class Session {
 public:
  std::string repo_option;     // --repo; empty: the stack's default repository
  std::string stack_option;    // --stack; empty: current directory
  bool json = false;           // --json
  std::string color = "auto";  // --color=auto|always|never
  bool quiet = false;          // --quiet: no progress; reports only when they hold errors
  bool verbose = false;        // --verbose: progress as lines even off a terminal
  // Test hook: commands that move refs by compare-and-swap wait this long just before it, so
  // tests can make two processes race deterministically. main.cpp sets it from the environment
  // (PATCHFLOW_TEST_PAUSE_BEFORE_REF_UPDATE_MS); 0 means no pause.
  int pause_before_ref_update_ms = 0;

  // The stack directory in use (absolute).
  std::string stack_dir() const;
  // The repository path in use: --repo, else the stack's `repository:`, else the stack dir
  // (the current directory when there is no stack: a plain git repository works too).
  std::string repo_path();
  const config::StackConfig& stack();
  git_repository& repo();
  // stack() and repo() for commands that can do without. stack_if: nullptr when there is no
  // stack here (no stack/stack.yaml) and required is false; a broken stack always throws.
  // repo_if: nullptr when no repository can be opened and required is false.
  const config::StackConfig* stack_if(bool required);
  git_repository* repo_if(bool required);
  // stack_if(required) for a command that reads the repository next: meanwhile, on a second
  // thread, the repository given by --repo is opened (else libgit2 alone is loaded), the two
  // being independent and each some milliseconds (libgit2 is a dozen shared libraries). A
  // failure to open is left for repo() to report; the stack's errors come first, as before.
  // With warm_routing (a command that routes), the routing source the repository's last routing
  // command used is read ahead too (maintainers::warm_last_source): with --repo by whichever
  // thread is free first, else after the stack, which names the repository.
  const config::StackConfig* stack_if_opening_repo(bool required, bool warm_routing = false);
  // --color=always, or auto on a terminal unless NO_COLOR is set or TERM is dumb.
  bool use_color() const;
  // What long work reports its progress to: a bar on stderr when stderr is a terminal, a line
  // per step under --verbose, an empty function under --quiet (and otherwise off a terminal).
  ProgressFn progress();

  std::ostream& out() { return std::cout; }
  std::ostream& err() { return std::cerr; }
  // Prints json (with --json) or text; remembers error-level findings for the exit code.
  // Under --quiet, text without error-level findings is not printed (the exit code says it).
  void emit(const std::string& text, const nlohmann::json& json_value, bool has_error_findings);
  // For output that is the command's product (patches, a pull request, addresses, DOT):
  // printed even under --quiet.
  void emit_product(const std::string& text, const nlohmann::json& json_value);
  // json as text, indented: the one way JSON is printed or written. Bytes that are not UTF-8
  // (a subject or path from a patch in Latin-1) become U+FFFD instead of a throw (exit 70).
  static std::string json_text(const nlohmann::json& json_value);
  // Records that a command reported error-level findings without printing through emit().
  void note_findings(bool has_error_findings) { m_findings = m_findings || has_error_findings; }
  int exit_code() const { return m_findings ? 1 : 0; }
  // Erases a progress bar still drawn (before the process ends without destructors, main.cpp).
  void clear_progress();

 private:
  std::unique_ptr<config::StackConfig> m_stack;
  git::Repository m_repo;
  std::unique_ptr<ProgressBar> m_progress_bar;
  bool m_findings = false;

  // Keeps repo as m_repo, after recovering the ref moves a killed patchflow left in it.
  void use_repo(git::Repository repo);
};

}  // namespace patchflow::cli
