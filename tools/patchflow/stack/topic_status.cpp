#include "patchflow/stack/topic_status.hpp"

#include <algorithm>

#include "patchflow/git/repository.hpp"
#include "patchflow/stack/sent.hpp"
#include "patchflow/stack/target.hpp"

namespace patchflow::stack {
namespace {

// The highest version `patchflow series --record` stored for topic (refs/patchflow/sent/<topic>).
std::optional<int> last_sent_version(git_repository& repo, const std::string& topic) {
  std::optional<int> highest;
  for (const stack::SentRecord& record : stack::load_sent(repo, topic)) {
    highest = std::max(highest.value_or(record.version), record.version);
  }
  return highest;
}

git::Oid mainline_tip(git_repository& repo, const config::StackConfig& stack,
                      const std::string& component) {
  const std::string& mainline = stack.component(component).mainline;
  if (const auto oid = git::resolve_ref(repo, mainline)) {
    return *oid;
  }
  throw Error(
      ExitCode::git,
      "no branch '" + mainline + "' (mainline of '" + component + "'); run 'patchflow materialize'",
      Where{.ref = git::branch_ref_name(mainline)});
}

// True when one of commits is a merge commit that a merge branch of the stack contains.
bool has_merge_branch_commit(git_repository& repo, const config::StackConfig& stack,
                             const std::vector<git::Oid>& commits) {
  std::vector<git::Oid> merge_branch_tips;
  for (const config::MergeBranch& mb : stack.merge_branches) {
    if (const auto tip = git::resolve_ref(repo, mb.name)) {
      merge_branch_tips.push_back(*tip);
    }
  }
  for (const git::Oid& commit : commits) {
    if (git::commit_parents(*git::lookup_commit(repo, commit)).size() < 2) {
      continue;
    }
    for (const git::Oid& tip : merge_branch_tips) {
      if (git::is_ancestor(repo, commit, tip)) {
        return true;
      }
    }
  }
  return false;
}

std::vector<std::string> including_merge_branches(const config::StackConfig& stack,
                                                  const std::string& topic) {
  std::vector<std::string> names;
  for (const config::MergeBranch& mb : stack.merge_branches) {
    if (std::find(mb.topics.begin(), mb.topics.end(), topic) != mb.topics.end()) {
      names.push_back(mb.name);
    }
  }
  return names;
}

}  // namespace

TopicsReport topic_status(git_repository& repo, const config::StackConfig& stack) {
  TopicsReport report;
  std::map<std::string, std::optional<git::Oid>> tips;
  for (const config::Topic& topic : stack.topics) {
    tips[topic.name] = git::resolve_ref(repo, topic.branch);
  }
  for (const config::Topic& topic : stack.topics) {
    const git::Oid mainline = mainline_tip(repo, stack, topic.component);
    TopicStatus row{.name = topic.name,
                    .branch = topic.branch,
                    .component = topic.component,
                    .mainline = stack.component(topic.component).mainline,
                    .tip = tips[topic.name],
                    .declared_depends = topic.depends,
                    .merge_branches = including_merge_branches(stack, topic.name),
                    .last_sent_version = last_sent_version(repo, topic.name)};
    if (row.tip) {
      row.base = git::merge_base(repo, *row.tip, mainline);
      const std::vector<git::Oid> own = git::commits_between(repo, {mainline}, *row.tip);
      row.ahead = own.size();
      row.behind = git::commits_between(repo, {*row.tip}, mainline).size();
      row.based_on_mainline = row.base && !has_merge_branch_commit(repo, stack, own);
      try {
        Target target = resolve_target(repo, &stack, topic.name);
        row.commits = std::move(target.commits);
        row.prerequisites = std::move(target.prerequisite_topics);
      } catch (const Error&) {
        // a dependency's branch is missing or the topic is unrelated to mainline: the row's
        // other columns say so; it has no commits of its own to name
      }
      for (const config::Topic& other : stack.topics) {
        const auto& other_tip = tips[other.name];
        // A topic already merged upstream is in mainline, not a dependency.
        if (other.name != topic.name && other.component == topic.component && other_tip &&
            *other_tip != *row.tip && git::is_ancestor(repo, *other_tip, *row.tip) &&
            !git::is_ancestor(repo, *other_tip, mainline)) {
          row.actual_depends.push_back(other.name);
        }
      }
    }
    report.topics.push_back(std::move(row));
  }
  return report;
}

}  // namespace patchflow::stack
