#include "patchflow/init/discover.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <map>
#include <set>

#include "patchflow/config/model.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/stack/topic_status.hpp"

namespace patchflow::init {
namespace {

constexpr std::string_view k_heads = "refs/heads/";

bool has_merge_commit(git_repository& repo, const std::vector<git::Oid>& commits) {
  return std::any_of(commits.begin(), commits.end(), [&repo](const git::Oid& commit) {
    return git::commit_parents(*git::lookup_commit(repo, commit)).size() > 1;
  });
}

// d is direct for t unless another dependency of t already contains d.
std::vector<std::string> direct_depends(const std::vector<std::string>& actual,
                                        const std::map<std::string, std::set<std::string>>& all) {
  std::vector<std::string> direct;
  for (const std::string& candidate : actual) {
    const bool reached = std::any_of(actual.begin(), actual.end(), [&](const std::string& other) {
      return other != candidate && all.at(other).count(candidate) > 0;
    });
    if (!reached) {
      direct.push_back(candidate);
    }
  }
  std::sort(direct.begin(), direct.end());
  return direct;
}

}  // namespace

bool matches_pattern(const std::string& pattern, const std::string& branch) {
  return fnmatch(pattern.c_str(), branch.c_str(), 0) == 0;
}

Discovery discover_topics(git_repository& repo, const std::string& mainline,
                          const std::string& pattern, const std::vector<std::string>& exclude) {
  const std::optional<git::Oid> mainline_tip = git::resolve_ref(repo, mainline);
  if (!mainline_tip) {
    throw_git("no branch '" + mainline +
                  "' to take as mainline (a local branch, or a full ref name such as "
                  "'refs/remotes/origin/master')",
              Where{.ref = git::branch_ref_name(mainline)});
  }
  Discovery discovery{.mainline = mainline, .pattern = pattern};
  // Topics as a one-component stack, so topic_status answers which contains which.
  config::StackConfig probe;
  probe.stack.components.push_back({.name = "probe", .mainline = mainline});
  for (const std::string& ref : git::list_refs(repo, std::string(k_heads))) {
    const std::string branch = ref.substr(k_heads.size());
    if (!matches_pattern(pattern, branch)) {
      continue;
    }
    const git::Oid tip = *git::resolve_ref(repo, ref);
    if (ref == git::branch_ref_name(mainline)) {
      discovery.skipped.push_back({branch, "the mainline"});
    } else if (std::find(exclude.begin(), exclude.end(), branch) != exclude.end()) {
      discovery.skipped.push_back({branch, "the merge branch being written"});
    } else if (!git::merge_base(repo, tip, *mainline_tip)) {
      discovery.skipped.push_back({branch, "shares no history with '" + mainline + "'"});
    } else if (has_merge_commit(repo, git::commits_between(repo, {*mainline_tip}, tip))) {
      discovery.skipped.push_back({branch, "has merge commits: a merge branch, not a topic"});
    } else {
      probe.topics.push_back({.name = branch, .component = "probe", .branch = branch});
    }
  }
  const stack::TopicsReport status = stack::topic_status(repo, probe);
  std::map<std::string, std::set<std::string>> contains;
  for (const stack::TopicStatus& row : status.topics) {
    contains[row.name].insert(row.actual_depends.begin(), row.actual_depends.end());
  }
  for (const stack::TopicStatus& row : status.topics) {
    discovery.topics.push_back({.branch = row.name,
                                .ahead = row.ahead,
                                .depends = direct_depends(row.actual_depends, contains)});
  }
  return discovery;
}

std::vector<std::string> dependency_order(const std::vector<DiscoveredTopic>& topics) {
  std::map<std::string, std::set<std::string>> waiting;  // topic -> dependencies not yet placed
  for (const DiscoveredTopic& topic : topics) {
    waiting[topic.branch].insert(topic.depends.begin(), topic.depends.end());
  }
  std::vector<std::string> order;
  while (!waiting.empty()) {
    // The map is sorted, so the first ready topic is the smallest name: a stable order.
    auto ready = std::find_if(waiting.begin(), waiting.end(),
                              [](const auto& entry) { return entry.second.empty(); });
    if (ready == waiting.end()) {
      ready = waiting.begin();  // a cycle cannot come from ancestry; never loop forever anyway
    }
    const std::string placed = ready->first;
    order.push_back(placed);
    waiting.erase(ready);
    for (auto& entry : waiting) {
      entry.second.erase(placed);
    }
  }
  return order;
}

}  // namespace patchflow::init
