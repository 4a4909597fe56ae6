#include "patchflow/cli/session.hpp"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "patchflow/config/loader.hpp"
#include "patchflow/core/json.hpp"
#include "patchflow/core/parallel.hpp"
#include "patchflow/git/ref_journal.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/maintainers/source.hpp"

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
  // No stack here: the repository is the one the current (or --stack) directory is in.
  const config::StackConfig* config = stack_if(false);
  if (config == nullptr) {
    return stack_dir();
  }
  if (!config->stack.repository.empty()) {
    return config->path(config->stack.repository);
  }
  return config->root;
}

git_repository& Session::repo() {
  if (!m_repo) {
    use_repo(git::open_repository(repo_path()));
  }
  return *m_repo;
}

void Session::use_repo(git::Repository repo) {
  // Before this command reads a ref: a move a killed patchflow left half done is finished or
  // undone, so no command sees (or builds on) some refs moved and others not.
  for (const git::Recovery& recovery : git::recover_interrupted_moves(*repo)) {
    err() << git::format_recovery(recovery);
  }
  m_repo = std::move(repo);
}

const config::StackConfig* Session::stack_if(bool required) {
  // Only an absent stack is optional: a stack that is there but broken is an error in every
  // command (a silently dropped policy would change what the command reports). So is --stack
  // naming a directory without one.
  if (!required && !m_stack && !config::has_stack(stack_dir())) {
    return nullptr;
  }
  return &stack();
}

git_repository* Session::repo_if(bool required) {
  const std::string path = repo_path();  // a broken stack throws here, whatever required says
  if (!m_repo && !required) {
    if (git::no_repository_above(path)) {
      return nullptr;
    }
    git::Repository opened;
    try {
      opened = git::open_repository(path);
    } catch (const Error&) {
      return nullptr;
    }
    use_repo(std::move(opened));
  }
  return &repo();
}

const config::StackConfig* Session::stack_if_opening_repo(bool required, bool warm_routing) {
  const config::StackConfig* config = nullptr;
  // With --repo the routing source is read ahead by whichever thread is free first (a third
  // task); without, the repository's path comes from the stack, so the stack's thread reads it
  // after the stack.
  const bool warm_on_its_own = warm_routing && !repo_option.empty();
  parallel_for(warm_on_its_own ? 3 : 2, 2, [&](std::size_t i) {
    if (i == 2) {
      maintainers::warm_last_source(repo_option);
      return;
    }
    if (i == 0) {
      config = stack_if(required);
      if (warm_routing && !warm_on_its_own) {
        maintainers::warm_last_source(repo_path());
      }
      return;
    }
    try {
      if (!repo_option.empty()) {
        repo();
      } else {
        git::ensure_library();
      }
    } catch (const Error&) {
      // repo() reports it when the command asks for the repository.
    }
  });
  return config;
}

bool Session::use_color() const {
  if (color == "always") {
    return true;
  }
  if (color == "never") {
    return false;
  }
  // https://no-color.org: any non-empty NO_COLOR switches automatic colour off.
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') {
    return false;
  }
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::strcmp(term, "dumb") == 0) {
    return false;
  }
  return isatty(STDOUT_FILENO) != 0;
}

ProgressFn Session::progress() {
  if (quiet) {
    return {};
  }
  ProgressBar::Mode mode = ProgressBar::Mode::off;
  if (verbose) {
    mode = ProgressBar::Mode::lines;
  }
  const char* term = std::getenv("TERM");
  const bool dumb = term != nullptr && std::strcmp(term, "dumb") == 0;
  if (isatty(STDERR_FILENO) != 0 && !dumb) {
    mode = ProgressBar::Mode::bar;
  }
  if (mode == ProgressBar::Mode::off) {
    return {};
  }
  m_progress_bar = std::make_unique<ProgressBar>(err(), mode);
  return [bar = m_progress_bar.get()](std::string_view stage, std::size_t done, std::size_t total) {
    bar->update(stage, done, total);
  };
}

void Session::emit(const std::string& text, const nlohmann::json& json_value,
                   bool has_error_findings) {
  note_findings(has_error_findings);
  if (quiet && !json && !has_error_findings) {
    clear_progress();
    return;
  }
  emit_product(text, json_value);
}

void Session::clear_progress() {
  if (m_progress_bar) {
    m_progress_bar->clear();
  }
}

void Session::emit_product(const std::string& text, const nlohmann::json& json_value) {
  clear_progress();
  if (json) {
    out() << json_text(json_value);
  } else {
    out() << text;
  }
}

std::string Session::json_text(const nlohmann::json& json_value) {
  return dump_json(json_value, 2, InvalidUtf8::replace) + "\n";
}

}  // namespace patchflow::cli
