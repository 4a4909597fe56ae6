#include "patchflow/rebase/rebase.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "patchflow/core/error.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/ref_journal.hpp"
#include "patchflow/git/replay.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/stack/target.hpp"

namespace patchflow::rebase {
namespace {

std::string subject_of(git_repository& repo, const git::Oid& commit) {
  const std::string message = git::commit_message(repo, commit);
  return message.substr(0, message.find('\n'));
}

// The tip a topic with dependencies goes onto: the dependency tip that holds every other one.
git::Oid dependency_base(git_repository& repo, const config::Topic& topic,
                         const std::map<std::string, git::Oid>& tips) {
  std::optional<git::Oid> best;
  std::string best_name;
  for (const std::string& name : topic.depends) {
    const git::Oid& tip = tips.at(name);
    if (!best || git::is_ancestor(repo, *best, tip)) {
      best = tip;
      best_name = name;
    }
  }
  for (const std::string& name : topic.depends) {
    if (!git::is_ancestor(repo, tips.at(name), *best)) {
      throw Error(ExitCode::usage,
                  "topic '" + topic.name + "' depends on '" + best_name + "' and '" + name +
                      "', and neither holds the other: there is no one tip to rebase it onto",
                  topic.where);
    }
  }
  return *best;
}

git::ConflictResolver resolver_for(const config::StackConfig& stack, const Options& options,
                                   const std::string& topic) {
  return
      [&stack, &options, topic](const git::FileConflict& conflict) -> std::optional<std::string> {
        if (topic == options.ignore_resolution_topic &&
            conflict.path == options.ignore_resolution_path) {
          return std::nullopt;
        }
        return recorded_resolution(stack, topic, conflict);
      };
}

// Replays one topic onto new_base.
TopicResult rebase_topic(git_repository& repo, const config::StackConfig& stack,
                         const config::Topic& topic, const git::Oid& new_base,
                         const Options& options, git::PatchIdCache& cache) {
  const stack::Target target =
      stack::resolve_target(repo, &stack, topic.name, {.keep_empty = true});
  TopicResult result{.topic = topic.name,
                     .branch = target.branch,
                     .old_tip = target.tip,
                     .new_base = new_base,
                     .new_tip = target.tip,
                     .commits = target.commits.size()};
  result.old_base = target.tip;
  if (!target.commits.empty()) {
    // a root commit among the topic's own commits sat on nothing (zero)
    const std::vector<git::Oid> parents =
        git::commit_parents(*git::lookup_commit(repo, target.commits.front()));
    result.old_base = parents.empty() ? git::Oid() : parents.front();
  }
  if (result.old_base == new_base) {
    return result;
  }
  // What the new base gained: its commits the topic does not have (git rebase's cherry check).
  const git::UpstreamPatches upstream(repo, git::commits_between(repo, {target.tip}, new_base),
                                      target.commits, cache);
  const git::ReplayResult replay =
      git::replay_commits(repo, target.commits, new_base,
                          {.committer = options.committer,
                           .upstream = &upstream,
                           .resolver = resolver_for(stack, options, topic.name)});
  result.picked = replay.picked;
  result.resolved = replay.resolved;
  for (const git::DroppedCommit& d : replay.dropped) {
    result.dropped.push_back({d.commit, subject_of(repo, d.commit), d.upstream_commit});
  }
  if (replay.conflict) {
    result.conflict = Conflict{replay.conflict->commit, subject_of(repo, replay.conflict->commit),
                               replay.tip, replay.conflict->files};
    return result;
  }
  result.new_tip = replay.tip;
  return result;
}

std::string backup_ref(const std::string& branch) {
  const std::string full = git::branch_ref_name(branch);
  return k_backup_prefix + full.substr(std::string("refs/heads/").size());
}

}  // namespace

bool Result::ok() const {
  return std::none_of(topics.begin(), topics.end(), [](const TopicResult& t) {
    return t.conflict.has_value() || !t.skipped.empty();
  });
}

std::vector<std::string> topics_to_rebase(const config::StackConfig& stack,
                                          const std::vector<std::string>& named) {
  std::set<std::string> wanted;
  for (const std::string& name : named) {
    wanted.insert(stack.topic(name).name);  // throws "unknown topic 'x'"
  }
  const std::vector<std::string> all = stack.topic_names();
  if (named.empty()) {
    wanted.insert(all.begin(), all.end());
  }
  // Dependents come along: a topic on top of a moved one must move with it.
  for (bool grew = true; grew;) {
    grew = false;
    for (const config::Topic& topic : stack.topics) {
      if (wanted.contains(topic.name)) {
        continue;
      }
      for (const std::string& dependency : topic.depends) {
        if (wanted.contains(dependency)) {
          wanted.insert(topic.name);
          grew = true;
          break;
        }
      }
    }
  }
  // Dependency order, the stack's order otherwise.
  std::vector<std::string> order;
  std::set<std::string> placed;
  while (order.size() < wanted.size()) {
    const std::size_t before = order.size();
    for (const std::string& name : all) {
      if (!wanted.contains(name) || placed.contains(name)) {
        continue;
      }
      const config::Topic& topic = stack.topic(name);
      if (std::all_of(topic.depends.begin(), topic.depends.end(), [&](const std::string& d) {
            return !wanted.contains(d) || placed.contains(d);
          })) {
        order.push_back(name);
        placed.insert(name);
      }
    }
    if (order.size() == before) {
      throw Error(ExitCode::usage, "topics depend on each other in a cycle; nothing to rebase");
    }
  }
  return order;
}

Result run(git_repository& repo, const config::StackConfig& stack, const Options& options) {
  Result result{.onto = options.onto.empty() ? "the mainline" : options.onto,
                .dry_run = options.dry_run};
  const std::vector<std::string> order = topics_to_rebase(stack, options.topics);
  std::map<std::string, git::Oid> tips;  // rebased tips, then current tips of the others
  std::set<std::string> failed;
  git::PatchIdCache cache;
  for (const std::string& name : order) {
    const config::Topic& topic = stack.topic(name);
    std::string blocked;
    for (const std::string& dependency : topic.depends) {
      if (failed.contains(dependency)) {
        blocked = dependency;
      }
      if (!tips.contains(dependency)) {
        tips[dependency] = git::resolve_commit(
            repo, git::branch_ref_name(stack::topic_branch(stack.topic(dependency))));
      }
    }
    if (!blocked.empty()) {
      TopicResult skipped{.topic = name, .branch = stack::topic_branch(topic)};
      skipped.skipped = "depends on '" + blocked + "', which did not rebase";
      result.topics.push_back(std::move(skipped));
      failed.insert(name);
      continue;
    }
    git::Oid new_base;
    if (!topic.depends.empty()) {
      new_base = dependency_base(repo, topic, tips);
    } else {
      new_base = git::resolve_commit(
          repo, options.onto.empty() ? stack.component(topic.component).mainline : options.onto);
    }
    TopicResult rebased = rebase_topic(repo, stack, topic, new_base, options, cache);
    if (rebased.conflict) {
      failed.insert(name);
      result.topics.push_back(std::move(rebased));
      if (!options.keep_going) {
        return result;  // nothing moved
      }
      continue;
    }
    tips[name] = rebased.new_tip;
    result.topics.push_back(std::move(rebased));
  }
  if (!result.ok() && !options.keep_going) {
    return result;
  }
  std::vector<git::RefUpdate> updates;
  for (const TopicResult& topic : result.topics) {
    if (!topic.moves()) {
      continue;
    }
    const std::string backup = backup_ref(topic.branch);
    updates.push_back({git::branch_ref_name(topic.branch), topic.old_tip, topic.new_tip});
    updates.push_back({backup, git::resolve_ref(repo, backup), topic.old_tip});
  }
  std::set<std::string> moving;
  for (const TopicResult& topic : result.topics) {
    if (topic.moves()) {
      moving.insert(topic.topic);
    }
  }
  for (const std::string& name : stack.merge_branch_names()) {
    const config::MergeBranch& branch = stack.merge_branch(name);
    if (std::any_of(branch.topics.begin(), branch.topics.end(),
                    [&](const std::string& t) { return moving.contains(t); })) {
      result.to_compose.push_back(name);
    }
  }
  if (options.dry_run || updates.empty()) {
    return result;
  }
  if (options.before_ref_update) {
    options.before_ref_update();
  }
  // One transaction, compare-and-swap on every ref: a topic someone committed to meanwhile
  // stops the whole rebase instead of losing that commit.
  git::update_refs(repo, updates, "patchflow rebase: onto " + result.onto);
  result.moved = true;
  return result;
}

Result undo(git_repository& repo, const config::StackConfig& stack, const Options& options) {
  Result result{.onto = "the tips before the last rebase", .dry_run = options.dry_run};
  std::vector<git::RefUpdate> updates;
  for (const std::string& name : topics_to_rebase(stack, options.topics)) {
    const std::string branch = stack::topic_branch(stack.topic(name));
    const std::string backup = backup_ref(branch);
    const std::optional<git::Oid> saved = git::resolve_ref(repo, backup);
    if (!saved) {
      continue;
    }
    const std::optional<git::Oid> now = git::resolve_ref(repo, git::branch_ref_name(branch));
    TopicResult topic{
        .topic = name, .branch = branch, .old_tip = now.value_or(git::Oid()), .new_tip = *saved};
    updates.push_back({git::branch_ref_name(branch), now, *saved});
    updates.push_back({backup, saved, std::nullopt});
    result.topics.push_back(std::move(topic));
  }
  if (updates.empty()) {
    throw Error(ExitCode::usage,
                "no rebase to undo: no " + k_backup_prefix + "... ref for " +
                    (options.topics.empty() ? std::string("any topic")
                                            : "'" + text::join(options.topics, "', '") + "'"));
  }
  if (options.dry_run) {
    return result;
  }
  git::update_refs(repo, updates, "patchflow rebase --undo");
  result.moved = true;
  return result;
}

void throw_if_failed(const Result& result) {
  for (const TopicResult& topic : result.topics) {
    if (topic.conflict) {
      std::vector<std::string> paths;
      for (const git::FileConflict& file : topic.conflict->files) {
        paths.push_back(file.path);
      }
      throw Error(ExitCode::git,
                  "'" + topic.topic + "': '" + topic.conflict->commit.short_hex() + " " +
                      topic.conflict->subject + "' conflicts in '" + text::join(paths, "', '") +
                      "'; " + (result.moved ? "the other topics moved" : "no ref moved"),
                  Where{.ref = git::branch_ref_name(topic.branch)});
    }
  }
}

}  // namespace patchflow::rebase
