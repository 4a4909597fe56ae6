#pragma once
// A small two-component stack whose mboxes `git format-patch` wrote from a source repository
// built with the git CLI. Committer = author there, so materialize must reproduce the source
// repository's commit ids exactly.
#include <map>
#include <optional>
#include <string>

#include "support/temp_repo.hpp"

namespace patchflow::testing {

class MiniStack {
 public:
  // A private copy of the stack (tests may break it); the source repository is generated once
  // per process and shared read-only.
  MiniStack();
  const std::string& root() const { return m_stack.path(); }
  // The commit a branch has in the source repository: what materialize must produce.
  std::string source_oid(const std::string& branch) const;
  const std::string& source_path() const { return m_source_path; }
  std::string read(const std::string& relative) const;
  void write(const std::string& relative, const std::string& content) const {
    m_stack.write(relative, content);
  }

 private:
  TempDir m_stack;
  std::string m_source_path;
};

}  // namespace patchflow::testing
