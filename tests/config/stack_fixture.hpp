#pragma once
// A small valid stack written into a temp dir; each test breaks one file and loads it.
#include <string>

#include "patchflow/config/loader.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::testing {

class StackFixture {
 public:
  StackFixture();
  const std::string& root() const { return m_dir.path(); }
  void write(const std::string& relative, const std::string& content) const {
    m_dir.write(relative, content);
  }
  void remove(const std::string& relative) const;
  config::StackConfig load() const { return config::load_stack(root()); }
  // "file:line:col: error: message" of the Error load() throws; the exit code must be usage.
  std::string load_error() const;

 private:
  TempDir m_dir;
};

}  // namespace patchflow::testing
