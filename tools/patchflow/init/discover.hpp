#pragma once
// Finding the topics of an existing repository: local branches matching a glob, with the
// dependencies their history shows (a branch containing another's commits depends on it).
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "patchflow/git/handle.hpp"

namespace patchflow::init {

struct DiscoveredTopic {
  std::string branch;                // "xen/dom0/core": the topic's name and branch
  std::size_t ahead = 0;             // commits on the branch, not on mainline
  std::vector<std::string> depends;  // direct dependencies, guessed from ancestry
};

struct SkippedBranch {
  std::string branch;
  std::string reason;  // "the mainline", "has merge commits: a merge branch, not a topic", ...
};

struct Discovery {
  std::string mainline;
  std::string pattern;
  std::vector<DiscoveredTopic> topics;  // sorted by branch name
  std::vector<SkippedBranch> skipped;   // branches the pattern matched that are not topics
};

// True when branch matches the shell glob pattern the way `git branch --list <pattern>` does:
// '*' and '?' also match '/', [...] is a character class.
bool matches_pattern(const std::string& pattern, const std::string& branch);

// Local branches matching pattern, except the mainline and those in exclude (the merge branch
// being written), that share history with mainline and hold no merge commit. Dependencies:
// the topics whose tips a branch contains (stack::topic_status's actual dependencies), minus
// those reached through another. Reads only. Throws Error{git} naming mainline when it is not
// a branch (or full ref name) of repo.
Discovery discover_topics(git_repository& repo, const std::string& mainline,
                          const std::string& pattern, const std::vector<std::string>& exclude);

// Branch names of topics with dependencies first, ties in name order.
std::vector<std::string> dependency_order(const std::vector<DiscoveredTopic>& topics);

}  // namespace patchflow::init
