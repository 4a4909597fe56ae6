#pragma once
// `patchflow init`: a stack directory for a repository that already has topic branches.
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "patchflow/git/handle.hpp"
#include "patchflow/init/discover.hpp"

namespace patchflow::init {

struct Options {
  std::string stack_dir;      // absolute; created when missing
  std::string mainline;       // branch (or full ref name) the topics are based on
  std::string pattern = "*";  // glob of topic branches, as `git branch --list`
  std::string component;      // "": the repository directory's name
  std::string merge_branch;   // "": write an example merge branch instead of one
};

struct Result {
  std::string stack_dir;
  Discovery discovery;
  std::vector<std::string> files;  // stack-relative, sorted
};

// Discovers the topics and writes the stack (see write_skeleton: all or nothing, never over an
// existing stack). Throws Error{usage} when no branch matches or a stack is already there,
// Error{git} when mainline is not a branch.
Result run(git_repository& repo, const Options& options);

std::string format_text(const Result& result);
nlohmann::json to_json(const Result& result);

}  // namespace patchflow::init
