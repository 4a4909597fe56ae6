#pragma once
// What every subcommand shares: global options, the lazily opened repository and stack, and
// the output stream. Lives in the CLI, so the library never reads argv, cwd or env.
#include <functional>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "patchflow/config/model.hpp"
#include "patchflow/git/handle.hpp"

namespace patchflow::cli {

// Loads the stack directory; set by the config module (config/loader) when it is linked in.
using StackLoader = std::function<config::StackConfig(const std::string& stack_dir)>;

class Session {
 public:
  std::string repo_option;   // --repo; empty: the stack's default repository
  std::string stack_option;  // --stack; empty: current directory
  bool json = false;         // --json
  std::string color = "auto";  // --color=auto|always|never
  // Test hook: commands that move refs by compare-and-swap wait this long just before it, so
  // tests can make two processes race deterministically. main.cpp sets it from the environment
  // (PATCHFLOW_TEST_PAUSE_BEFORE_REF_UPDATE_MS); 0 means no pause.
  int pause_before_ref_update_ms = 0;

  // The stack directory in use (absolute).
  std::string stack_dir() const;
  // The repository path in use: --repo, else the stack's `repository:`, else the stack dir.
  std::string repo_path();
  const config::StackConfig& stack();
  git_repository& repo();
  // stack() and repo() for commands that can do without: nullptr when it cannot be opened and
  // required is false; when required, the Error naming what is missing.
  const config::StackConfig* stack_if(bool required);
  git_repository* repo_if(bool required);
  bool use_color() const;

  std::ostream& out() { return std::cout; }
  std::ostream& err() { return std::cerr; }
  // Prints json (with --json) or text; remembers error-level findings for the exit code.
  void emit(const std::string& text, const nlohmann::json& json_value, bool has_error_findings);
  // Records that a command reported error-level findings without printing through emit().
  void note_findings(bool has_error_findings) { m_findings = m_findings || has_error_findings; }
  int exit_code() const { return m_findings ? 1 : 0; }

 private:
  std::unique_ptr<config::StackConfig> m_stack;
  git::Repository m_repo;
  bool m_findings = false;
};

}  // namespace patchflow::cli
