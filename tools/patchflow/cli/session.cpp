#include "patchflow/cli/session.hpp"

#include <unistd.h>

#include <filesystem>

#include "patchflow/config/loader.hpp"
#include "patchflow/git/repository.hpp"

namespace patchflow::cli {

std::string Session::stack_dir() const {
  const std::string dir = stack_option.empty() ? std::string(".") : stack_option;
  return std::filesystem::absolute(dir).lexically_normal().string();
}

const config::StackConfig& Session::stack() {
  if (!m_stack) {
    m_stack = std::make_unique<config::StackConfig>(config::load_stack(stack_dir()));
  }
  return *m_stack;
}

std::string Session::repo_path() {
  if (!repo_option.empty()) {
    return repo_option;
  }
  const config::StackConfig& config = stack();
  if (!config.stack.repository.empty()) {
    return config.path(config.stack.repository);
  }
  return config.root;
}

git_repository& Session::repo() {
  if (!m_repo) {
    m_repo = git::open_repository(repo_path());
  }
  return *m_repo;
}

const config::StackConfig* Session::stack_if(bool required) {
  try {
    return &stack();
  } catch (const Error&) {
    if (required) {
      throw;
    }
    return nullptr;
  }
}

git_repository* Session::repo_if(bool required) {
  try {
    return &repo();
  } catch (const Error&) {
    if (required) {
      throw;
    }
    return nullptr;
  }
}

bool Session::use_color() const {
  if (color == "always") {
    return true;
  }
  if (color == "never") {
    return false;
  }
  return isatty(STDOUT_FILENO) != 0;
}

void Session::emit(const std::string& text, const nlohmann::json& json_value,
                   bool has_error_findings) {
  if (json) {
    out() << json_value.dump(2) << "\n";
  } else {
    out() << text;
  }
  note_findings(has_error_findings);
}

}  // namespace patchflow::cli
