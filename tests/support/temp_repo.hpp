#pragma once
// Real git repositories in fresh temp dirs for tests: fixed identity, a one-minute clock.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "patchflow/core/error.hpp"
#include "patchflow/git/handle.hpp"

namespace patchflow::testing {

// The Signed-off-by line of the fixed identity (Test Author), after a blank line: commit
// messages that check accepts.
inline const std::string k_signoff = "\n\nSigned-off-by: Test Author <test@example.com>\n";

// A fresh directory under /tmp, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return m_path; }
  // Writes a file below the directory (parents created) and returns its full path.
  std::string write(const std::string& relative, const std::string& content) const;

 private:
  std::string m_path;
};

// path -> content; nullopt deletes the path.
using Files = std::map<std::string, std::optional<std::string>>;

class TempRepo {
 public:
  TempRepo();  // a non-bare repository with no commits
  git_repository& repo() { return *m_repo; }
  const std::string& path() const { return m_dir.path(); }

  // Creates a commit whose tree is the first parent's tree with files applied (an empty tree
  // when there are no parents). Moves no ref.
  git::Oid commit(const std::string& message, const Files& files,
                  const std::vector<git::Oid>& parents = {});
  // Points refs/heads/<name> at target (created or forced).
  void branch(const std::string& name, const git::Oid& target);
  // The oid a ref points at; a default (zero) Oid when it does not exist.
  git::Oid resolve(const std::string& ref);
  // The content of path in commit, or nullopt.
  std::optional<std::string> read(const git::Oid& commit, const std::string& path);
  // Runs the git CLI in the repository (the referee); throws std::runtime_error on failure.
  std::string git(const std::vector<std::string>& args);

 private:
  TempDir m_dir;
  git::Repository m_repo;
  long m_clock = 1258624800;  // 2009-11-19 10:00:00 UTC, the talk's week
};

// Runs fn and returns the Error it throws; records a test failure when it does not throw.
Error catch_error(const std::function<void()>& fn);

}  // namespace patchflow::testing
