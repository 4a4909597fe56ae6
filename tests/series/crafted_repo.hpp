#pragma once
// A repository built with the git CLI holding format-patch edge cases: no body, binary add and
// delta, rename with edit, mode change, delete, long paths, no newline at EOF, non-ASCII author
// and body, RFC 822 specials in a name, long subject, spaces and non-ASCII in file names.
#include <string>
#include <vector>

#include "patchflow/git/handle.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::testing {

class CraftedRepo {
 public:
  CraftedRepo();
  const std::string& path() const { return m_dir.path(); }
  git_repository& repo() { return *m_repo; }
  // Runs git in the repository with the fixed dates the history was made with.
  std::string git(const std::vector<std::string>& args);
  git::Oid rev(const std::string& revision);

 private:
  TempDir m_dir;
  git::Repository m_repo;
};

// 2009-11-19T10:00:00+0100, the date every crafted commit carries.
inline constexpr long long k_crafted_time = 1258621200;

}  // namespace patchflow::testing
