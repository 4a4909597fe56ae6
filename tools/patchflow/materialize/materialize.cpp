#include "patchflow/materialize/materialize.hpp"

#include <filesystem>
#include <functional>
#include <map>

#include "patchflow/git/apply.hpp"
#include "patchflow/git/commit_write.hpp"
#include "patchflow/git/object_batch.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/git/worktree.hpp"
#include "patchflow/materialize/mbox_patches.hpp"

namespace patchflow::materialize {
namespace {

// One ref to build from one mbox.
struct Step {
  RefKind kind;
  std::string name;  // component or topic
  std::string ref;
  MboxPatches series;
};

// Every mbox read and checked before a single object is written. Topics come after the topics
// they depend on, so their bases are built first.
std::vector<Step> read_plan(const config::StackConfig& stack) {
  std::vector<Step> steps;
  for (const config::Component& c : stack.stack.components) {
    if (!c.history.empty()) {
      steps.push_back({RefKind::mainline, c.name, git::branch_ref_name(c.mainline),
                       read_mbox_patches(stack, c.history)});
    }
  }
  std::map<std::string, bool> planned;
  std::function<void(const config::Topic&)> plan_topic = [&](const config::Topic& topic) {
    if (planned[topic.name]) {
      return;
    }
    planned[topic.name] = true;
    for (const std::string& dependency : topic.depends) {
      plan_topic(stack.topic(dependency));
    }
    if (!topic.series.empty()) {
      steps.push_back({RefKind::topic, topic.name, git::branch_ref_name(topic.branch),
                       read_mbox_patches(stack, topic.series)});
    }
  };
  for (const config::Topic& topic : stack.topics) {
    plan_topic(topic);
  }
  return steps;
}

// Creates the commits of each step in the object database; moves no ref.
class Builder {
 public:
  Builder(git_repository& repo, const config::StackConfig& stack) : m_repo(repo), m_stack(stack) {}

  git::Oid build(const Step& step) {
    const std::optional<git::Oid> base =
        step.kind == RefKind::mainline ? std::nullopt : std::optional(topic_base(step.name));
    const git::Oid tip = apply_series(base, step.series);
    (step.kind == RefKind::mainline ? m_mainline_tips : m_topic_tips)[step.name] = tip;
    return tip;
  }

 private:
  // What the repository already has, for components or topics the stack bundles no mbox for.
  git::Oid existing(const std::string& what, const std::string& branch) {
    if (const auto oid = git::resolve_ref(m_repo, branch)) {
      return *oid;
    }
    throw Error(ExitCode::usage,
                what + " has no mbox in the stack and no branch '" + branch + "' in the repository",
                Where{.ref = git::branch_ref_name(branch)});
  }

  git::Oid mainline_tip(const std::string& component) {
    const auto it = m_mainline_tips.find(component);
    if (it != m_mainline_tips.end()) {
      return it->second;
    }
    return existing("component '" + component + "'", m_stack.component(component).mainline);
  }

  git::Oid topic_tip(const std::string& name) {
    const auto it = m_topic_tips.find(name);
    if (it != m_topic_tips.end()) {
      return it->second;
    }
    return existing("topic '" + name + "'", m_stack.topic(name).branch);
  }

  // A topic builds on its first dependency, which must already contain the others; with no
  // dependency it builds on its mainline.
  git::Oid topic_base(const std::string& name) {
    const config::Topic& topic = m_stack.topic(name);
    if (topic.depends.empty()) {
      return mainline_tip(topic.component);
    }
    const git::Oid base = topic_tip(topic.depends.front());
    for (std::size_t i = 1; i < topic.depends.size(); ++i) {
      if (!git::is_ancestor(m_repo, topic_tip(topic.depends[i]), base)) {
        throw Error(ExitCode::usage,
                    "topic '" + name + "' depends on '" + topic.depends.front() + "' and '" +
                        topic.depends[i] + "', but '" + topic.depends.front() +
                        "' does not contain '" + topic.depends[i] +
                        "'; list first the dependency that contains the others",
                    topic.depends_where.at(i));
      }
    }
    return base;
  }

  git::Oid apply_series(std::optional<git::Oid> parent, const MboxPatches& series) {
    git::Oid tree = parent ? git::commit_tree_id(*git::lookup_commit(m_repo, *parent))
                           : git::empty_tree(m_repo);
    for (const patch::Mail& mail : series.patches) {
      git::ApplyFailure failure;
      const auto applied = git::apply_diff(m_repo, tree, mail.diff, failure);
      if (!applied) {
        throw_apply_failure(mail, failure);
      }
      tree = *applied;
      const git::Identity author{.name = mail.author.name,
                                 .email = mail.author.email,
                                 .time = mail.date->seconds,
                                 .offset_minutes = mail.date->offset_minutes};
      // Committer = author: see the reproducibility note in materialize.hpp.
      parent =
          git::create_commit(m_repo, tree, parent ? std::vector{*parent} : std::vector<git::Oid>{},
                             author, author, mail.message);
    }
    return *parent;
  }

  [[noreturn]] static void throw_apply_failure(const patch::Mail& mail,
                                               const git::ApplyFailure& failure) {
    const std::string patch = "patch " + std::to_string(mail.index) + " of '" + mail.source + "'";
    if (failure.malformed) {
      throw Error(ExitCode::usage, "malformed " + patch + ": " + failure.message,
                  Where{.file = mail.source, .line = mail.diff_line});
    }
    const std::string file = failure.path.empty() ? "" : " to '" + failure.path + "'";
    throw Error(ExitCode::git, patch + " does not apply" + file + ": " + failure.message,
                Where{.file = mail.source, .line = mail.first_line});
  }

  git_repository& m_repo;
  const config::StackConfig& m_stack;
  std::map<std::string, git::Oid> m_mainline_tips;  // by component
  std::map<std::string, git::Oid> m_topic_tips;     // by topic
};

RefStatus decide(git_repository& repo, const RefResult& ref, const Options& options) {
  if (!ref.before) {
    return RefStatus::created;
  }
  if (*ref.before == ref.target) {
    return RefStatus::up_to_date;
  }
  if (git::is_ancestor(repo, *ref.before, ref.target)) {
    return RefStatus::updated;
  }
  return options.force ? RefStatus::forced : RefStatus::diverged;
}

Result build_and_move_refs(git_repository& caller_repo, const config::StackConfig& stack,
                           const std::vector<Step>& steps, const Options& options) {
  Result result;
  // A private handle: its object database gets the in-memory batch, the caller's does not.
  git::Repository private_repo = git::reopen_repository(caller_repo);
  git_repository& repo = *private_repo;
  git::ObjectBatch batch(repo);
  Builder builder(repo, stack);
  for (const Step& step : steps) {
    RefResult ref{.ref = step.ref,
                  .kind = step.kind,
                  .name = step.name,
                  .source = step.series.file,
                  .before = git::resolve_ref(repo, step.ref),
                  .target = builder.build(step),
                  .commits = step.series.patches.size()};
    ref.status = decide(repo, ref, options);
    result.refs.push_back(std::move(ref));
  }
  // Every patch applied: the objects go to disk as one pack, and only then do refs move, each
  // by CAS on what we read above.
  batch.commit();
  for (const RefResult& ref : result.refs) {
    if (ref.status != RefStatus::up_to_date && ref.status != RefStatus::diverged) {
      git::update_ref(repo, ref.ref, ref.before, ref.target,
                      "patchflow materialize: " + ref.source);
    }
  }
  return result;
}

}  // namespace

bool Result::has_diverged() const {
  for (const RefResult& ref : refs) {
    if (ref.status == RefStatus::diverged) {
      return true;
    }
  }
  return false;
}

Result materialize(git_repository& repo, const config::StackConfig& stack, const Options& options) {
  return build_and_move_refs(repo, stack, read_plan(stack), options);
}

Result materialize_at(const std::string& path, const config::StackConfig& stack,
                      const Options& options) {
  const std::vector<Step> steps = read_plan(stack);
  std::error_code ec;
  const bool existed = std::filesystem::exists(path, ec);
  const bool fresh = !existed || std::filesystem::is_empty(path, ec);
  git::Repository repo = git::init_repository(path);
  Result result;
  try {
    result = build_and_move_refs(*repo, stack, steps, options);
  } catch (...) {
    // Nothing half-made: a repository this run created goes again (an empty directory the
    // user gave stays, empty); an existing repository keeps its refs, none moved.
    if (fresh) {
      repo.reset();
      std::filesystem::remove_all(existed ? std::filesystem::path(path) / ".git"
                                          : std::filesystem::path(path),
                                  ec);
    }
    throw;
  }
  result.repository = path;
  result.created_repository = fresh;
  if (fresh && !stack.stack.components.empty()) {
    const std::string head = git::branch_ref_name(stack.stack.components.front().mainline);
    git::set_head(*repo, head);
    if (git::resolve_ref(*repo, head)) {
      git::force_checkout_head(*repo);
    }
  }
  return result;
}

}  // namespace patchflow::materialize
