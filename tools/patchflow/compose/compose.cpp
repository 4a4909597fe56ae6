#include "patchflow/compose/compose.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_set>

#include "patchflow/compose/resolution.hpp"
#include "patchflow/core/address.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/apply.hpp"
#include "patchflow/git/commit_write.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/git/tree_read.hpp"
#include "patchflow/patch/mbox.hpp"

namespace patchflow::compose {
namespace {

using OidSet = std::unordered_set<git::Oid, git::OidHash>;

std::string quoted_list(const std::vector<std::string>& items) {
  std::vector<std::string> quoted;
  for (const std::string& item : items) {
    quoted.push_back(text::quoted(item));
  }
  return text::join(quoted, ", ");
}

std::string branch_of(const config::StackConfig& stack, const std::string& topic) {
  const config::Topic* t = stack.find_topic(topic);
  return t && !t->branch.empty() ? t->branch : topic;
}

// The mainline under a merge branch: follow bases through other merge branches.
std::string mainline_of(const config::StackConfig& stack, const config::MergeBranch& def) {
  if (const config::Component* c = stack.find_component(def.component)) {
    if (!c->mainline.empty()) {
      return c->mainline;
    }
  }
  std::set<std::string> seen{def.name};
  const config::MergeBranch* current = &def;
  while (const config::MergeBranch* base = stack.find_merge_branch(current->base)) {
    if (!seen.insert(base->name).second) {
      break;
    }
    current = base;
  }
  return current->base;
}

// Topics merged by the merge branches this one is based on.
std::vector<std::string> inherited_topics(const config::StackConfig& stack,
                                          const config::MergeBranch& def) {
  std::vector<std::string> topics;
  std::set<std::string> seen{def.name};
  const config::MergeBranch* current = &def;
  while (const config::MergeBranch* base = stack.find_merge_branch(current->base)) {
    if (!seen.insert(base->name).second) {
      break;
    }
    topics.insert(topics.end(), base->topics.begin(), base->topics.end());
    current = base;
  }
  return topics;
}

Where topic_where(const config::MergeBranch& def, std::size_t index) {
  if (index < def.topic_where.size()) {
    return def.topic_where[index];
  }
  return def.where.file.empty() ? Where{.file = def.file} : def.where;
}

// Every declared dependency is merged earlier (or by the base merge branch).
void check_dependency_order(const config::StackConfig& stack, const config::MergeBranch& def) {
  std::set<std::string> merged;
  for (const std::string& t : inherited_topics(stack, def)) {
    merged.insert(t);
  }
  for (std::size_t i = 0; i < def.topics.size(); ++i) {
    if (const config::Topic* topic = stack.find_topic(def.topics[i])) {
      for (const std::string& dependency : topic->depends) {
        if (!merged.count(dependency)) {
          throw_usage("topic " + text::quoted(topic->name) + " depends on " +
                          text::quoted(dependency) + ", which " + text::quoted(def.name) +
                          " does not merge before it",
                      topic_where(def, i));
        }
      }
    }
    merged.insert(def.topics[i]);
  }
}

std::string merge_message(const std::string& topic, const std::string& merge_branch) {
  return "Merge branch '" + topic + "' into " + merge_branch + "\n";
}

class Composer {
 public:
  Composer(git_repository& repo, const config::StackConfig& stack, const config::MergeBranch& def,
           const Options& options)
      : m_repo(repo), m_stack(stack), m_def(def), m_options(options) {
    m_identity = parse_identity(options.identity);
  }

  ComposeResult run() {
    ComposeResult result;
    result.merge_branch = m_def.name;
    result.ref = git::branch_ref_name(m_def.name);
    result.base = m_def.base;
    result.dry_run = m_options.dry_run;
    check_dependency_order(m_stack, m_def);
    // Read the old value first: the compare-and-swap at the end is against this.
    result.old_tip = git::resolve_ref(m_repo, result.ref);
    result.base_tip =
        require_ref(m_def.base, m_def.where.file.empty() ? Where{.file = m_def.file} : m_def.where);
    m_mainline = mainline_of(m_stack, m_def);
    m_mainline_tip = require_ref(m_mainline, m_def.where);
    for (const std::string& t : inherited_topics(m_stack, m_def)) {
      if (const std::optional<git::Oid> tip = topic_tip(t)) {
        add_merged_topic(t, *tip);
      }
    }
    const std::vector<git::Oid> previous = previous_chain(result);

    git::Oid current = result.base_tip;
    bool reusing = true;
    for (std::size_t i = 0; i < m_def.topics.size(); ++i) {
      const std::string& name = m_def.topics[i];
      TopicStep step;
      step.topic = name;
      step.branch = branch_of(m_stack, name);
      const std::optional<git::Oid> tip = topic_tip(name);
      if (!tip) {
        throw Error(ExitCode::git,
                    "topic branch " + text::quoted(step.branch) + " of " +
                        text::quoted(m_def.name) + " does not exist",
                    topic_where(m_def, i));
      }
      step.tip = *tip;
      const std::string message = merge_message(name, m_def.name);
      const bool reusable =
          reusing && i < previous.size() && is_reusable(previous[i], current, step.tip, message);
      const std::vector<const config::Resolution*> resolutions =
          resolutions_for(name, current, step.tip);
      if (reusable && resolutions.empty()) {
        step.commit = previous[i];
        step.reused = true;
        step.engine = "reused";
      } else {
        // A recorded resolution is an input of the merge like the trees: with one, the merge
        // is redone and the old commit reused only when it has the very same tree.
        step.merge_base = merge_base_for(name, current, step.tip, result.base_tip);
        const git::Commit ours = git::lookup_commit(m_repo, current);
        const git::Commit theirs = git::lookup_commit(m_repo, step.tip);
        git::Oid base_tree;
        if (!step.merge_base.is_zero()) {
          base_tree = git::commit_tree_id(*git::lookup_commit(m_repo, step.merge_base));
        }
        const git::ConflictResolver resolver = [&](const git::FileConflict& conflict) {
          return find_resolution(name, conflict, resolutions);
        };
        git::TreeMergeResult merged;
        if (m_options.full_merge_only) {
          merged = git::merge_trees_full(m_repo, base_tree, git::commit_tree_id(*ours),
                                         git::commit_tree_id(*theirs), resolver);
        } else {
          merged = git::merge_trees(m_repo, base_tree, git::commit_tree_id(*ours),
                                    git::commit_tree_id(*theirs), resolver);
        }
        step.engine = merged.engine == git::MergeEngine::fast ? "fast" : "full";
        for (const git::FileConflict& f : merged.resolved) {
          step.resolved.push_back(f.path);
        }
        if (!merged.tree) {
          result.topics.push_back(step);
          report_conflict(result, name, merged);
          return result;
        }
        check_all_used(name, resolutions, merged);
        if (reusable &&
            git::commit_tree_id(*git::lookup_commit(m_repo, previous[i])) == *merged.tree) {
          step.commit = previous[i];
          step.reused = true;
          step.engine = "reused";
        } else {
          reusing = false;
          step.commit = write_commit(*merged.tree, {current, step.tip}, message);
        }
      }
      add_merged_topic(name, step.tip);
      current = step.commit;
      result.topics.push_back(step);
      if (m_options.progress) {
        m_options.progress("compose " + m_def.name, i + 1, m_def.topics.size());
      }
    }
    for (std::size_t i = 0; i < m_def.fixups.size(); ++i) {
      FixupStep step = apply_fixup(m_def.fixups[i], current);
      const std::size_t position = m_def.topics.size() + i;
      step.reused = position < previous.size() && previous[position] == step.commit;
      current = step.commit;
      result.fixups.push_back(step);
    }
    result.new_tip = current;
    if (result.old_tip && *result.old_tip == current) {
      return result;
    }
    if (!m_options.force) {
      refuse_to_drop_foreign_commits(result);
    }
    if (m_options.dry_run) {
      return result;
    }
    if (m_options.before_ref_update) {
      m_options.before_ref_update();
    }
    // CAS, not a plain write: someone may have moved the merge branch meanwhile; failing beats
    // losing their commit.
    git::update_ref(m_repo, result.ref, result.old_tip, current,
                    "patchflow compose: rebuild " + m_def.name + " from " +
                        std::to_string(m_def.topics.size()) + " topics");
    result.moved = true;
    return result;
  }

 private:
  std::optional<git::Oid> topic_tip(const std::string& topic) {
    if (const auto given = m_options.topic_tips.find(topic); given != m_options.topic_tips.end()) {
      return given->second;
    }
    return git::resolve_ref(m_repo, branch_of(m_stack, topic));
  }

  git::Oid require_ref(const std::string& name, const Where& where) {
    const std::optional<git::Oid> oid = git::resolve_ref(m_repo, name);
    if (!oid) {
      Where w = where;
      w.ref = git::branch_ref_name(name);
      throw Error(ExitCode::git, "branch " + text::quoted(name) + " does not exist", w);
    }
    return *oid;
  }

  // The existing merge branch's first-parent chain above the base, oldest first; empty when
  // the branch is absent or not built on the current base.
  std::vector<git::Oid> previous_chain(const ComposeResult& result) {
    if (!result.old_tip) {
      return {};
    }
    const std::size_t limit = m_def.topics.size() + m_def.fixups.size() + 1;
    std::vector<git::Oid> chain =
        git::first_parent_chain(m_repo, *result.old_tip, result.base_tip, limit);
    if (!chain.empty()) {
      const std::vector<git::Oid> parents =
          git::commit_parents(*git::lookup_commit(m_repo, chain.back()));
      if (parents.empty() || !(parents.front() == result.base_tip)) {
        return {};
      }
    }
    std::reverse(chain.begin(), chain.end());
    return chain;
  }

  bool is_reusable(const git::Oid& commit, const git::Oid& parent, const git::Oid& tip,
                   const std::string& message) {
    const git::Commit c = git::lookup_commit(m_repo, commit);
    const std::vector<git::Oid> parents = git::commit_parents(*c);
    return parents.size() == 2 && parents[0] == parent && parents[1] == tip &&
           git::commit_message(m_repo, commit) == message;
  }

  void add_merged_topic(const std::string& name, const git::Oid& tip) {
    m_merged.emplace_back(name, tip);
    for (const git::Oid& c : topic_commits(tip)) {
      m_merged_commits.insert(c);
    }
  }

  const std::vector<git::Oid>& topic_commits(const git::Oid& tip) {
    auto found = m_topic_commits.find(tip.hex());
    if (found == m_topic_commits.end()) {
      found =
          m_topic_commits.emplace(tip.hex(), git::commits_between(m_repo, {m_mainline_tip}, tip))
              .first;
    }
    return found->second;
  }

  // The topic's fork point from mainline is the merge base unless some of its commits are
  // already merged (a dependency) or it forked above the base: then ask git.
  git::Oid merge_base_for(const std::string& name, const git::Oid& current, const git::Oid& tip,
                          const git::Oid& base_tip) {
    const config::Topic* topic = m_stack.find_topic(name);
    bool use_fork = topic == nullptr || topic->depends.empty();
    std::optional<git::Oid> fork;
    if (use_fork) {
      fork = git::merge_base(m_repo, m_mainline_tip, tip);
      use_fork = fork && git::is_ancestor(m_repo, *fork, base_tip);
    }
    if (use_fork) {
      for (const git::Oid& c : topic_commits(tip)) {
        if (m_merged_commits.count(c)) {
          use_fork = false;
          break;
        }
      }
    }
    if (use_fork) {
      return *fork;
    }
    return git::merge_base(m_repo, current, tip).value_or(git::Oid());
  }

  Where where_of(const config::Resolution& r) const {
    return r.where.file.empty() ? Where{.file = m_def.file} : r.where;
  }

  // The recorded resolutions for merging topic (ours: current, theirs: tip). Throws
  // Error{usage} for one naming a path that exists on neither side.
  std::vector<const config::Resolution*> resolutions_for(const std::string& topic,
                                                         const git::Oid& current,
                                                         const git::Oid& tip) {
    std::vector<const config::Resolution*> found;
    for (const config::Resolution& r : m_def.resolutions) {
      if (r.topic != topic || (r.topic == m_options.ignore_resolution_topic &&
                               r.path == m_options.ignore_resolution_path)) {
        continue;
      }
      if (!git::is_file_at(m_repo, tip, r.path) && !git::is_file_at(m_repo, current, r.path)) {
        throw_usage("resolution path " + text::quoted(r.path) + " does not exist in " +
                        text::quoted(topic) + " nor in " + text::quoted(m_def.name) + " before it",
                    r.path_where.file.empty() ? where_of(r) : r.path_where);
      }
      found.push_back(&r);
    }
    return found;
  }

  // Replays the recorded hunks on the merge; a resolution recorded for another conflict is an
  // error, never applied (it would overwrite what it was not written for).
  std::optional<std::string> find_resolution(const std::string& topic,
                                             const git::FileConflict& conflict,
                                             const std::vector<const config::Resolution*>& found) {
    for (const config::Resolution* r : found) {
      if (r->path != conflict.path) {
        continue;
      }
      std::string why;
      if (std::optional<std::string> content = compose::apply_resolution(conflict, r->hunks, why)) {
        return content;
      }
      throw Error(ExitCode::git,
                  "recorded resolution " + text::quoted(r->resolved) +
                      " does not match the conflict of " + text::quoted(topic) + " in " +
                      text::quoted(conflict.path) + ": " + why +
                      "; record it again with patchflow resolve; " + text::quoted(m_def.name) +
                      " not moved",
                  where_of(*r));
    }
    return std::nullopt;
  }

  // A resolution whose conflict did not occur is stale: say so rather than carry it silently.
  void check_all_used(const std::string& topic, const std::vector<const config::Resolution*>& found,
                      const git::TreeMergeResult& merged) {
    for (const config::Resolution* r : found) {
      const bool used = std::any_of(merged.resolved.begin(), merged.resolved.end(),
                                    [&](const git::FileConflict& f) { return f.path == r->path; });
      if (!used) {
        throw Error(ExitCode::git,
                    "recorded resolution " + text::quoted(r->resolved) + " is for a conflict of " +
                        text::quoted(topic) + " in " + text::quoted(r->path) +
                        " that does not occur; remove it; " + text::quoted(m_def.name) +
                        " not moved",
                    where_of(*r));
      }
    }
  }

  // Compose rebuilds what it made; a commit somebody added on the merge branch by hand would be
  // lost by the ref move, so it stops instead (unless --force).
  void refuse_to_drop_foreign_commits(const ComposeResult& result) {
    if (!result.old_tip) {
      return;
    }
    OidSet kept{result.base_tip};
    for (const TopicStep& t : result.topics) {
      kept.insert(t.commit);
    }
    for (const FixupStep& f : result.fixups) {
      kept.insert(f.commit);
    }
    std::vector<std::string> foreign;
    std::optional<git::Oid> at = result.old_tip;
    while (at && !kept.count(*at) && !git::is_ancestor(m_repo, *at, *result.new_tip)) {
      const git::Commit commit = git::lookup_commit(m_repo, *at);
      if (!is_composed(*at, commit)) {
        const std::string message = git::commit_message(m_repo, *at);
        foreign.push_back(at->hex().substr(0, 12) + " " +
                          text::quoted(message.substr(0, message.find('\n'))));
      }
      const std::vector<git::Oid> parents = git::commit_parents(*commit);
      at = parents.empty() ? std::nullopt : std::optional<git::Oid>(parents.front());
    }
    if (!foreign.empty()) {
      throw Error(ExitCode::git,
                  text::quoted(m_def.name) + " has commits compose did not make: " +
                      text::join(foreign, ", ") + "; not moved (--force drops them)",
                  Where{.ref = result.ref});
    }
  }

  // A merge of a topic with compose's message, or a commit by compose's identity (a fixup).
  bool is_composed(const git::Oid& oid, const git::Commit& commit) {
    const std::string message = git::commit_message(m_repo, oid);
    const std::string suffix = "' into " + m_def.name + "\n";
    if (git::commit_parents(*commit).size() == 2 && message.rfind("Merge branch '", 0) == 0 &&
        message.size() > suffix.size() &&
        message.compare(message.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return true;
    }
    const git::Identity committer = git::commit_committer(m_repo, oid);
    return committer.name == m_identity.name && committer.email == m_identity.email;
  }

  void report_conflict(ComposeResult& result, const std::string& topic,
                       const git::TreeMergeResult& merged) {
    ConflictReport report;
    report.topic = topic;
    report.files = merged.conflicts;
    std::vector<std::string> paths;
    for (const git::FileConflict& f : merged.conflicts) {
      paths.push_back(f.path);
    }
    for (const auto& [name, tip] : m_merged) {
      const std::optional<git::Oid> fork = git::merge_base(m_repo, m_mainline_tip, tip);
      if (!fork) {
        continue;
      }
      const git::Oid fork_tree = git::commit_tree_id(*git::lookup_commit(m_repo, *fork));
      const git::Oid tip_tree = git::commit_tree_id(*git::lookup_commit(m_repo, tip));
      for (const std::string& path : paths) {
        if (!git::changed_paths(m_repo, fork_tree, tip_tree, path).empty()) {
          report.against.push_back(name);
          break;
        }
      }
    }
    if (report.against.empty()) {
      report.against.push_back(m_def.base);
    }
    result.error = text::quoted(topic) + " conflicts with " + quoted_list(report.against) + " in " +
                   quoted_list(paths) + "; " + text::quoted(m_def.name) + " not moved";
    result.conflict = std::move(report);
  }

  git::Oid write_commit(const git::Oid& tree, const std::vector<git::Oid>& parents,
                        const std::string& message) {
    git::Identity who = m_identity;
    who.time = committer_time(parents);
    return git::create_commit(m_repo, tree, parents, who, who, message);
  }

  // Deterministic and never in the past of the history it sits on: one second after the
  // newest parent, so the same inputs give the same commit ids.
  std::int64_t committer_time(const std::vector<git::Oid>& parents) {
    std::int64_t newest = 0;
    for (const git::Oid& p : parents) {
      newest = std::max(newest, git::commit_time(m_repo, p));
    }
    return newest + 1;
  }

  FixupStep apply_fixup(const config::Fixup& fixup, const git::Oid& current) {
    const std::string path = m_stack.path(fixup.mbox);
    const Where where = fixup.where.file.empty() ? Where{.file = fixup.mbox} : fixup.where;
    const std::vector<patch::Mail> mails = patch::parse_mbox(text::read_file(path), fixup.mbox);
    if (mails.size() != 1 || !mails.front().has_diff()) {
      throw_usage("fixup " + text::quoted(fixup.name) +
                      " must be an mbox with exactly one patch, '" + fixup.mbox + "' has " +
                      std::to_string(mails.size()) + " mails",
                  where);
    }
    const patch::Mail& mail = mails.front();
    git::ApplyFailure failure;
    const std::optional<git::Oid> tree = git::apply_diff(
        m_repo, git::commit_tree_id(*git::lookup_commit(m_repo, current)), mail.diff, failure);
    if (!tree) {
      const Where at{.file = fixup.mbox, .line = mail.diff_line};
      if (failure.malformed) {
        throw_usage(
            "fixup " + text::quoted(fixup.name) + " has a malformed diff: " + failure.message, at);
      }
      throw Error(ExitCode::git,
                  "fixup " + text::quoted(fixup.name) + " does not apply to " +
                      text::quoted(m_def.name) +
                      (failure.path.empty() ? "" : " in " + text::quoted(failure.path)) + ": " +
                      failure.message,
                  at);
    }
    git::Identity committer = m_identity;
    committer.time = committer_time({current});
    git::Identity author{.name = mail.author.name, .email = mail.author.email};
    if (author.email.empty()) {
      author = committer;
    } else if (mail.date) {
      author.time = mail.date->seconds;
      author.offset_minutes = mail.date->offset_minutes;
    } else {
      author.time = committer.time;
    }
    FixupStep step;
    step.name = fixup.name;
    step.commit = git::create_commit(m_repo, *tree, {current}, author, committer, mail.message);
    return step;
  }

  git_repository& m_repo;
  const config::StackConfig& m_stack;
  const config::MergeBranch& m_def;
  const Options& m_options;
  git::Identity m_identity;
  std::string m_mainline;
  git::Oid m_mainline_tip;
  std::vector<std::pair<std::string, git::Oid>> m_merged;
  OidSet m_merged_commits;
  std::map<std::string, std::vector<git::Oid>> m_topic_commits;
};

}  // namespace

std::size_t ComposeResult::new_commits() const {
  std::size_t n = 0;
  for (const TopicStep& t : topics) {
    n += (t.reused || t.commit.is_zero()) ? 0 : 1;
  }
  for (const FixupStep& f : fixups) {
    n += f.reused ? 0 : 1;
  }
  return n;
}

git::Identity parse_identity(const std::string& text) {
  const address::AddressList list = address::parse_address_list(text);
  if (text.find('<') == std::string::npos || list.addresses.size() != 1 || !list.problem.empty()) {
    throw_usage("identity " + text::quoted(text) + " is not 'Name <email>'" +
                (list.problem.empty() ? "" : ": " + list.problem));
  }
  const address::Person person = address::parse_person(text);
  return git::Identity{.name = person.name.empty() ? person.email : person.name,
                       .email = person.email};
}

ComposeResult run(git_repository& repo, const config::StackConfig& stack, const Options& options) {
  const config::MergeBranch& def = stack.merge_branch(options.merge_branch);
  return Composer(repo, stack, def, options).run();
}

void throw_if_failed(const ComposeResult& result) {
  if (!result.ok()) {
    throw Error(ExitCode::git, result.error, Where{.ref = result.ref});
  }
}

}  // namespace patchflow::compose
