#pragma once
// Checks the branch rules of the talk on the repository as it is: topics based on mainline,
// never rooted in a merge branch, dependencies declared, no merges in topics, nothing based on
// a merge branch, merge branches made of merges (and named fixups), topics that build.
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "patchflow/config/model.hpp"
#include "patchflow/core/finding.hpp"
#include "patchflow/git/handle.hpp"

namespace patchflow::compose {

struct VerifyOptions {
  bool build = false;              // run each topic tip's build command (TOPIC_BUILD_BROKEN)
  std::string temp_root = "/tmp";  // where temporary checkouts for --build go
  // Keep the merge bases of other branches with merge branches in the repository
  // (<git dir>/patchflow/cache/merge-base/, git::merge_base with a ResultCache): a branch far
  // ahead of mainline costs a walk of all its commits once, not on every run.
  bool cache = true;
};

struct VerifyResult {
  std::vector<Finding> findings;
  int topics_checked = 0;
  int merge_branches_checked = 0;
  int branches_checked = 0;
  int builds_run = 0;
};

// Rule IDs: TOPIC_NOT_ON_MAINLINE, TOPIC_ROOTED_IN_MERGE_BRANCH, UNDECLARED_DEPENDENCY,
// MERGE_IN_TOPIC, BRANCH_ON_MERGE_BRANCH, MERGE_BRANCH_NON_MERGE_COMMIT, TOPIC_BUILD_BROKEN
// (plus TOPIC_BRANCH_MISSING as a warning). Severities follow each component's policy.
// Throws Error{git} when a mainline branch is missing.
VerifyResult verify(git_repository& repo, const config::StackConfig& stack,
                    const VerifyOptions& options);

nlohmann::json to_json(const VerifyResult& result);
std::string format_text(const VerifyResult& result, bool color);

}  // namespace patchflow::compose
