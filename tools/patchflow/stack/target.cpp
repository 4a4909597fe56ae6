#include "patchflow/stack/target.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include "patchflow/core/error.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/history_walk.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/git/tree_read.hpp"

namespace patchflow::stack {
namespace {

// What format-patch mails (and rebase picks): no merges, which carry no patch to check or route,
// and no commit that changes nothing (its tree is its parent's), which format-patch skips.
std::vector<git::Oid> patch_commits(git_repository& repo, std::vector<git::Oid> commits,
                                    bool keep_empty = false) {
  std::erase_if(commits, [&](const git::Oid& c) {
    const git::Commit commit = git::lookup_commit(repo, c);
    const std::vector<git::Oid> parents = git::commit_parents(*commit);
    if (parents.size() > 1) {
      return true;
    }
    if (keep_empty) {
      return false;
    }
    const git::Oid tree = git::commit_tree_id(*commit);
    return parents.empty() ? false
                           : git::commit_tree_id(*git::lookup_commit(repo, parents[0])) == tree;
  });
  return commits;
}

void collect_dependencies(const config::StackConfig& stack, const config::Topic& topic,
                          std::set<std::string>& seen) {
  for (const std::string& name : topic.depends) {
    if (seen.insert(name).second) {
      collect_dependencies(stack, stack.topic(name), seen);
    }
  }
}

// The topic spec names: by name first, else by its branch (when that differs from its name).
const config::Topic* find_topic(const config::StackConfig* stack, const std::string& spec) {
  if (stack == nullptr) {
    return nullptr;
  }
  if (const config::Topic* topic = stack->find_topic(spec)) {
    return topic;
  }
  for (const config::Topic& topic : stack->topics) {
    if (topic_branch(topic) == spec) {
      return &topic;
    }
  }
  return nullptr;
}

void set_policy(const config::StackConfig* stack, Target& target) {
  if (target.component.empty()) {
    return;
  }
  if (stack == nullptr) {
    throw Error(ExitCode::usage, "no stack here: there is no component '" + target.component +
                                     "' to take a policy from");
  }
  stack->component(target.component);  // throws "unknown component 'x'"
  target.policy = stack->policy_for(target.component);
}

// The mail files' contents. A file that cannot be read is empty here; reading the mails
// reports it.
std::vector<std::string> contents_of(const std::vector<std::string>& files) {
  std::vector<std::string> contents;
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    contents.push_back(content.str());
  }
  return contents;
}

Target files_target(git_repository* repo, const config::StackConfig* stack,
                    const std::vector<std::string>& inputs, const TargetOptions& options) {
  Target target{.kind = TargetKind::files, .files = inputs};
  target.component = options.component;
  const std::vector<std::string> contents =
      repo != nullptr ? contents_of(inputs) : std::vector<std::string>{};
  if (target.component.empty() && stack != nullptr && repo != nullptr) {
    std::vector<std::string> paths;
    for (const std::string& content : contents) {
      std::ranges::move(modified_paths("\n" + content), std::back_inserter(paths));
    }
    target.component = component_holding(*stack, *repo, paths);
  }
  for (const std::string& content : contents) {
    if (const auto base = mail_base_commit(*repo, content)) {
      target.base_commit = *base;
      break;
    }
  }
  set_policy(stack, target);
  target.mainline = options.mainline;
  if (repo == nullptr) {
    return target;
  }
  if (!target.mainline.empty()) {
    target.tip = git::resolve_commit(*repo, target.mainline);
  } else if (!target.component.empty()) {
    target.mainline = stack->component(target.component).mainline;
    target.tip =
        git::resolve_ref(*repo, git::branch_ref_name(target.mainline)).value_or(git::Oid());
  }
  return target;
}

Target range_target(git_repository& repo, const config::StackConfig* stack, const std::string& spec,
                    const TargetOptions& options) {
  const std::size_t dots = spec.find("..");
  // git reads a missing end of a range as HEAD
  const std::string start_name = dots == 0 ? "HEAD" : spec.substr(0, dots);
  const std::string tip_name = dots + 2 == spec.size() ? "HEAD" : spec.substr(dots + 2);
  Target target{.kind = TargetKind::range, .component = options.component, .branch = tip_name};
  // A range that starts from a component's mainline gets that component's policy.
  if (target.component.empty() && stack != nullptr) {
    for (const config::Component& component : stack->stack.components) {
      if (component.mainline == start_name) {
        target.component = component.name;
      }
    }
  }
  set_policy(stack, target);
  target.mainline = options.mainline.empty() ? start_name : options.mainline;
  const git::Oid start = git::resolve_commit(repo, start_name);
  target.tip = git::resolve_commit(repo, tip_name);
  target.base_commit = git::merge_base(repo, start, target.tip).value_or(git::Oid());
  target.commits =
      patch_commits(repo, git::commits_between(repo, {start}, target.tip), options.keep_empty);
  return target;
}

Target topic_target(git_repository& repo, const config::StackConfig& stack,
                    const config::Topic& topic, const TargetOptions& options) {
  Target target{.kind = TargetKind::topic,
                .topic = topic.name,
                .component = topic.component,
                .branch = topic_branch(topic)};
  set_policy(&stack, target);
  target.mainline =
      options.mainline.empty() ? stack.component(topic.component).mainline : options.mainline;
  const git::Oid mainline = git::resolve_commit(repo, target.mainline);
  target.tip = git::resolve_commit(repo, target.branch);
  const auto base = git::merge_base(repo, mainline, target.tip);
  if (!base) {
    throw Error(ExitCode::git,
                "topic '" + topic.name + "' shares no history with '" + target.mainline + "'",
                Where{.file = topic.where.file, .line = topic.where.line, .ref = target.branch});
  }
  target.base_commit = *base;
  std::set<std::string> dependencies;
  collect_dependencies(stack, topic, dependencies);
  std::vector<git::Oid> hide{mainline};
  for (const std::string& name : stack.topic_names()) {
    if (dependencies.contains(name)) {
      target.prerequisite_topics.push_back(name);
      hide.push_back(git::resolve_commit(repo, topic_branch(stack.topic(name))));
    }
  }
  target.commits =
      patch_commits(repo, git::commits_between(repo, hide, target.tip), options.keep_empty);
  const std::set<git::Oid> own(target.commits.begin(), target.commits.end());
  for (const git::Oid& commit :
       patch_commits(repo, git::commits_between(repo, {target.base_commit}, target.tip),
                     options.keep_empty)) {
    if (!own.contains(commit)) {
      target.prerequisites.push_back(commit);
    }
  }
  return target;
}

Target revision_target(git_repository& repo, const config::StackConfig* stack,
                       const std::string& spec, const TargetOptions& options) {
  Target target{.kind = TargetKind::revision, .component = options.component, .branch = spec};
  try {
    target.tip = git::resolve_commit(repo, spec);
  } catch (const Error& e) {
    if (stack != nullptr && e.exit_code() == ExitCode::git) {
      stack->topic(spec);  // in a stack a word that is no revision is a mistyped topic
    }
    throw;
  }
  set_policy(stack, target);
  target.mainline = options.mainline;
  if (target.mainline.empty() && !target.component.empty()) {
    target.mainline = stack->component(target.component).mainline;
  }
  target.commits = {target.tip};
  const auto parents = git::commit_parents(*git::lookup_commit(repo, target.tip));
  if (!parents.empty()) {
    target.base_commit = parents.front();
  }
  return target;
}

}  // namespace

std::vector<std::string> modified_paths(std::string_view mail_text) {
  std::vector<std::string> paths;
  std::size_t at = 0;
  while ((at = mail_text.find("\n--- a/", at)) != std::string_view::npos) {
    at += 7;
    paths.emplace_back(mail_text.substr(at, mail_text.find('\n', at) - at));
  }
  return paths;
}

std::string component_holding(const config::StackConfig& stack, git_repository& repo,
                              const std::vector<std::string>& paths) {
  std::string best;
  std::size_t best_count = 0;
  bool tie = false;
  for (const auto& component : stack.stack.components) {
    const auto tip = git::resolve_ref(repo, git::branch_ref_name(component.mainline));
    if (!tip) {
      continue;
    }
    std::size_t count = 0;
    for (const auto& path : paths) {
      count += git::read_blob_at(repo, *tip, path).has_value();
    }
    if (count > best_count) {
      best = component.name;
      best_count = count;
      tie = false;
    } else if (count == best_count && count > 0) {
      tie = true;
    }
  }
  return tie ? std::string() : best;
}

namespace {

// The value of text's first "base-commit: " line.
std::optional<std::string> base_commit_value(std::string_view text) {
  std::size_t at = text.starts_with("base-commit: ") ? 0 : text.find("\nbase-commit: ");
  if (at == std::string_view::npos) {
    return std::nullopt;
  }
  at = text.find(':', at) + 1;
  const std::size_t end = std::min(text.find('\n', at), text.size());
  return std::string(text::trim(text.substr(at, end - at)));
}

}  // namespace

std::optional<git::Oid> mail_base_commit(git_repository& repo, std::string_view text) {
  const std::optional<std::string> value = base_commit_value(text);
  return value ? git::find_commit_prefix(repo, *value) : std::nullopt;
}

MailsRevision mails_routing_commit(git_repository& repo, const std::vector<std::string>& texts,
                                   const std::string& rev) {
  if (!rev.empty()) {
    return {git::resolve_commit(repo, rev), "--rev"};
  }
  std::string unknown;  // the first base-commit: repo does not have
  for (const std::string& text : texts) {
    if (const auto base = mail_base_commit(repo, text)) {
      return {*base, "the patches' base-commit"};
    }
    if (const auto value = base_commit_value(text); value && unknown.empty()) {
      unknown = value->substr(0, 12);
    }
  }
  return {git::resolve_commit(repo, "HEAD"),
          unknown.empty() ? "HEAD: the patches name no base-commit"
                          : "HEAD: base-commit " + unknown + " is not in this repository"};
}

std::optional<git::Oid> routing_commit(const Target& target) {
  if (!target.base_commit.is_zero()) {
    return target.base_commit;
  }
  if (!target.tip.is_zero()) {
    return target.tip;
  }
  return std::nullopt;
}

std::string topic_branch(const config::Topic& topic) {
  return topic.branch.empty() ? topic.name : topic.branch;
}

bool names_patch_file(const std::string& input) {
  std::error_code ignored;
  const std::string extension = std::filesystem::path(input).extension().string();
  return extension == ".patch" || extension == ".mbox" || extension == ".diff" ||
         extension == ".eml" || std::filesystem::is_regular_file(input, ignored);
}

Target resolve_target(git_repository& repo, const config::StackConfig* stack,
                      const std::string& spec, const TargetOptions& options) {
  if (spec.find("..") != std::string::npos) {
    return range_target(repo, stack, spec, options);
  }
  if (const config::Topic* topic = find_topic(stack, spec)) {
    return topic_target(repo, *stack, *topic, options);
  }
  return revision_target(repo, stack, spec, options);
}

Target resolve_target(git_repository* repo, const config::StackConfig* stack,
                      const std::vector<std::string>& inputs, const TargetOptions& options) {
  if (inputs.empty()) {
    throw Error(ExitCode::usage, "no target: give mbox/.patch files, a range A..B or a topic");
  }
  if (inputs.size() > 1 || names_patch_file(inputs.front())) {
    return files_target(repo, stack, inputs, options);
  }
  if (repo == nullptr) {
    throw Error(ExitCode::usage, "'" + inputs.front() + "' names commits: it needs a repository");
  }
  return resolve_target(*repo, stack, inputs.front(), options);
}

}  // namespace patchflow::stack
