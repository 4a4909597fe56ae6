#include "patchflow/compose/verify.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "patchflow/core/process.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/commit_write.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/patch/mbox.hpp"

namespace patchflow::compose {
namespace {

using OidSet = std::unordered_set<git::Oid, git::OidHash>;

std::string summary(git_repository& repo, const git::Oid& commit) {
  const std::string message = git::commit_message(repo, commit);
  return message.substr(0, message.find('\n'));
}

std::string describe(git_repository& repo, const git::Oid& commit) {
  return commit.short_hex() + " (\"" + summary(repo, commit) + "\")";
}

class Verifier {
 public:
  Verifier(git_repository& repo, const config::StackConfig& stack, const VerifyOptions& options)
      : m_repo(repo),
        m_stack(stack),
        m_options(options),
        m_kept(options.cache ? git::ResultCache::of(repo, "merge-base") : git::ResultCache()) {}

  VerifyResult run() {
    for (const config::Component& component : m_stack.stack.components) {
      verify_component(component);
    }
    verify_other_branches();
    return std::move(m_result);
  }

 private:
  void add(const config::Component& component, Finding finding) {
    const config::Policy policy = m_stack.policy_for(component.name);
    const auto it = policy.severities.find(finding.id);
    if (it != policy.severities.end()) {
      finding.severity = it->second;
    }
    if (finding.severity != Severity::off) {
      m_result.findings.push_back(std::move(finding));
    }
  }

  std::optional<git::Oid> tip_of(const config::Topic& topic) {
    return git::resolve_ref(m_repo, topic.branch.empty() ? topic.name : topic.branch);
  }

  std::vector<git::Oid> dependency_tips(const config::Topic& topic) {
    std::vector<git::Oid> tips;
    std::set<std::string> seen;
    std::vector<std::string> pending = topic.depends;
    while (!pending.empty()) {
      const std::string name = pending.back();
      pending.pop_back();
      if (!seen.insert(name).second) {
        continue;
      }
      if (const config::Topic* dependency = m_stack.find_topic(name)) {
        if (const std::optional<git::Oid> tip = tip_of(*dependency)) {
          tips.push_back(*tip);
        }
        pending.insert(pending.end(), dependency->depends.begin(), dependency->depends.end());
      }
    }
    return tips;
  }

  std::set<std::string> transitive_depends(const config::Topic& topic) {
    std::set<std::string> seen;
    std::vector<std::string> pending = topic.depends;
    while (!pending.empty()) {
      const std::string name = pending.back();
      pending.pop_back();
      if (seen.insert(name).second) {
        if (const config::Topic* dependency = m_stack.find_topic(name)) {
          pending.insert(pending.end(), dependency->depends.begin(), dependency->depends.end());
        }
      }
    }
    return seen;
  }

  // All topics a merge branch merges, its bases' included.
  std::vector<std::string> merged_topics(const config::MergeBranch& def) {
    std::vector<std::string> topics = def.topics;
    std::set<std::string> seen{def.name};
    const config::MergeBranch* current = &def;
    while (const config::MergeBranch* base = m_stack.find_merge_branch(current->base)) {
      if (!seen.insert(base->name).second) {
        break;
      }
      topics.insert(topics.end(), base->topics.begin(), base->topics.end());
      current = base;
    }
    return topics;
  }

  bool belongs_to(const config::MergeBranch& def, const config::Component& component) {
    if (def.component == component.name) {
      return true;
    }
    std::set<std::string> seen;
    const config::MergeBranch* current = &def;
    while (const config::MergeBranch* base = m_stack.find_merge_branch(current->base)) {
      if (!seen.insert(base->name).second) {
        break;
      }
      current = base;
    }
    return def.component.empty() && current->base == component.mainline;
  }

  void verify_component(const config::Component& component) {
    const std::optional<git::Oid> mainline = git::resolve_ref(m_repo, component.mainline);
    if (!mainline) {
      throw Error(ExitCode::git,
                  "mainline branch " + text::quoted(component.mainline) + " of component " +
                      text::quoted(component.name) + " does not exist",
                  Where{.file = component.where.file,
                        .line = component.where.line,
                        .column = component.where.column,
                        .ref = git::branch_ref_name(component.mainline)});
    }
    const git::Oid mainline_tip = *mainline;

    // Commits that exist only on a merge branch: its merges and fixups.
    for (const config::MergeBranch& def : m_stack.merge_branches) {
      if (!belongs_to(def, component)) {
        continue;
      }
      const std::optional<git::Oid> tip = git::resolve_ref(m_repo, def.name);
      if (!tip) {
        continue;  // not composed yet
      }
      ++m_result.merge_branches_checked;
      m_merge_branch_tips[def.name] = *tip;
      std::vector<git::Oid> hide{mainline_tip};
      // A merge branch's own commits stop at its base merge branch: those belong to the base.
      if (m_stack.find_merge_branch(def.base)) {
        if (const std::optional<git::Oid> base_tip = git::resolve_ref(m_repo, def.base)) {
          hide.push_back(*base_tip);
        }
      }
      for (const std::string& name : merged_topics(def)) {
        if (const config::Topic* topic = m_stack.find_topic(name)) {
          if (const std::optional<git::Oid> t = tip_of(*topic)) {
            hide.push_back(*t);
          }
        }
      }
      OidSet& only = m_merge_branch_only[def.name];
      for (const git::Oid& c : git::commits_between(m_repo, hide, *tip)) {
        only.insert(c);
        m_only_on.emplace(c, def.name);
      }
      verify_merge_branch(component, def, *tip, mainline_tip);
    }

    std::vector<const config::Topic*> topics;
    std::map<std::string, std::vector<git::Oid>> own_commits;  // minus declared dependencies
    for (const config::Topic& topic : m_stack.topics) {
      if (topic.component != component.name) {
        continue;
      }
      const std::optional<git::Oid> tip = tip_of(topic);
      if (!tip) {
        add(component, Finding{.where = topic.where,
                               .severity = Severity::warning,
                               .id = "TOPIC_BRANCH_MISSING",
                               .message = "topic branch " + text::quoted(topic.branch) + " of " +
                                          text::quoted(topic.name) + " does not exist"});
        continue;
      }
      m_topic_branches.insert(
          git::branch_ref_name(topic.branch.empty() ? topic.name : topic.branch));
      ++m_result.topics_checked;
      if (!git::merge_base(m_repo, mainline_tip, *tip)) {
        add(component,
            Finding{.where = topic.where,
                    .id = "TOPIC_NOT_ON_MAINLINE",
                    .message = "topic " + text::quoted(topic.name) + " is not based on mainline " +
                               text::quoted(component.mainline),
                    .commit = tip->hex()});
        continue;
      }
      topics.push_back(&topic);
      std::vector<git::Oid> hide = dependency_tips(topic);
      hide.push_back(mainline_tip);
      own_commits[topic.name] = git::commits_between(m_repo, hide, *tip);
      const std::vector<git::Oid> all = git::commits_between(m_repo, {mainline_tip}, *tip);
      for (const git::Oid& c : all) {
        const auto only = m_only_on.find(c);
        if (only != m_only_on.end()) {
          add(component,
              Finding{.where = topic.where,
                      .id = "TOPIC_ROOTED_IN_MERGE_BRANCH",
                      .message = "topic " + text::quoted(topic.name) + " contains " +
                                 describe(m_repo, c) + ", which exists only on merge branch " +
                                 text::quoted(only->second),
                      .commit = c.hex()});
          break;
        }
      }
      const config::Policy policy = m_stack.policy_for(component.name);
      if (!policy.allow_merges_in_topics) {
        for (const git::Oid& c : own_commits[topic.name]) {
          if (m_only_on.count(c) == 0 &&
              git::commit_parents(*git::lookup_commit(m_repo, c)).size() > 1) {
            add(component, Finding{.where = topic.where,
                                   .id = "MERGE_IN_TOPIC",
                                   .message = "topic " + text::quoted(topic.name) +
                                              " contains merge commit " + describe(m_repo, c),
                                   .commit = c.hex()});
          }
        }
      }
      if (m_options.build) {
        verify_build(component, topic, *tip, policy);
      }
    }

    // A commit belongs to the topic that introduced it: of the topics containing it, the one
    // with the fewest commits of its own (a topic built on another contains more).
    std::unordered_map<git::Oid, const config::Topic*, git::OidHash> owner;
    for (const config::Topic* topic : topics) {
      for (const git::Oid& c : own_commits[topic->name]) {
        const config::Topic*& current = owner[c];
        if (current == nullptr ||
            own_commits[topic->name].size() < own_commits[current->name].size()) {
          current = topic;
        }
      }
    }
    for (const config::Topic* topic : topics) {
      const std::set<std::string> declared = transitive_depends(*topic);
      const OidSet mine(own_commits[topic->name].begin(), own_commits[topic->name].end());
      for (const config::Topic* other : topics) {
        if (other == topic || declared.count(other->name)) {
          continue;
        }
        for (const git::Oid& c : own_commits[other->name]) {
          if (mine.count(c) && owner[c] == other) {
            add(component,
                Finding{.where = topic->where,
                        .id = "UNDECLARED_DEPENDENCY",
                        .message = "topic " + text::quoted(topic->name) + " contains commit " +
                                   describe(m_repo, c) + " of topic " + text::quoted(other->name) +
                                   " but does not declare it in depends",
                        .commit = c.hex()});
            break;
          }
        }
      }
    }
  }

  void verify_merge_branch(const config::Component& component, const config::MergeBranch& def,
                           const git::Oid& tip, const git::Oid& mainline_tip) {
    const git::Oid base_tip = git::resolve_ref(m_repo, def.base).value_or(mainline_tip);
    std::set<std::string> fixup_subjects;
    for (const config::Fixup& fixup : def.fixups) {
      const std::string path = m_stack.path(fixup.mbox);
      if (std::filesystem::exists(path)) {
        for (const patch::Mail& mail : patch::parse_mbox(text::read_file(path), fixup.mbox)) {
          fixup_subjects.insert(mail.subject);
        }
      }
    }
    const std::size_t limit = def.topics.size() + def.fixups.size() + 1000;
    for (const git::Oid& c : git::first_parent_chain(m_repo, tip, base_tip, limit)) {
      if (git::commit_parents(*git::lookup_commit(m_repo, c)).size() > 1) {
        continue;
      }
      if (git::is_ancestor(m_repo, c, base_tip) || git::is_ancestor(m_repo, c, mainline_tip)) {
        break;  // reached the base's history (it moved since the last compose)
      }
      if (fixup_subjects.count(summary(m_repo, c))) {
        continue;
      }
      add(component, Finding{.where = def.where,
                             .id = "MERGE_BRANCH_NON_MERGE_COMMIT",
                             .message = "merge branch " + text::quoted(def.name) +
                                        " contains non-merge commit " + describe(m_repo, c) +
                                        " that is not one of its named fixups",
                             .commit = c.hex()});
    }
  }

  // Any branch (other than topics and merge branches based on it by definition) whose history
  // includes commits that exist only on a merge branch.
  void verify_other_branches() {
    for (const std::string& ref : git::list_refs(m_repo, "refs/heads/")) {
      if (m_topic_branches.count(ref)) {
        continue;  // topics get TOPIC_ROOTED_IN_MERGE_BRANCH
      }
      const std::string name = ref.substr(std::string("refs/heads/").size());
      const config::MergeBranch* self = m_stack.find_merge_branch(name);
      const std::optional<git::Oid> tip = git::resolve_ref(m_repo, ref);
      if (!tip) {
        continue;
      }
      bool counted = false;
      for (const auto& [merge_branch, only] : m_merge_branch_only) {
        if (merge_branch == name || only.empty() || is_declared_base(self, merge_branch)) {
          continue;
        }
        if (!counted) {
          ++m_result.branches_checked;
          counted = true;
        }
        const std::optional<git::Oid> base =
            git::merge_base(m_repo, *tip, m_merge_branch_tips[merge_branch], m_kept);
        if (base && only.count(*base)) {
          const config::Component* component = nullptr;
          for (const config::Component& c : m_stack.stack.components) {
            component = component ? component : &c;
          }
          Finding finding{.where = self ? self->where : Where{.ref = ref},
                          .id = "BRANCH_ON_MERGE_BRANCH",
                          .message = "branch " + text::quoted(name) + " is based on merge branch " +
                                     text::quoted(merge_branch) + " at " + describe(m_repo, *base) +
                                     "; merge branches are never used as a base",
                          .commit = base->hex()};
          if (component) {
            add(*component, std::move(finding));
          } else {
            m_result.findings.push_back(std::move(finding));
          }
        }
      }
    }
  }

  bool is_declared_base(const config::MergeBranch* self, const std::string& merge_branch) {
    std::set<std::string> seen;
    const config::MergeBranch* current = self;
    while (current && seen.insert(current->name).second) {
      if (current->base == merge_branch) {
        return true;
      }
      current = m_stack.find_merge_branch(current->base);
    }
    return false;
  }

  void verify_build(const config::Component& component, const config::Topic& topic,
                    const git::Oid& tip, const config::Policy& policy) {
    if (policy.build.empty()) {
      return;
    }
    std::string pattern = m_options.temp_root + "/patchflow-build-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
      throw Error(ExitCode::internal,
                  "cannot create a temporary directory under '" + m_options.temp_root + "'");
    }
    const std::string directory = pattern;
    process::Result outcome;
    try {
      git::write_tree_to_directory(m_repo, git::commit_tree_id(*git::lookup_commit(m_repo, tip)),
                                   directory);
      outcome = process::run(process::shell(policy.build, directory));
    } catch (...) {
      std::error_code ignored;
      std::filesystem::remove_all(directory, ignored);
      throw;
    }
    std::error_code ignored;
    std::filesystem::remove_all(directory, ignored);
    ++m_result.builds_run;
    if (outcome.exit_code != 0) {
      const std::string tail = process::tail(outcome.output, 1);
      add(component,
          Finding{.where = topic.where,
                  .id = "TOPIC_BUILD_BROKEN",
                  .message = "topic " + text::quoted(topic.name) + " does not build at " +
                             tip.short_hex() + ": '" + policy.build + "' exited with " +
                             std::to_string(outcome.exit_code) + (tail.empty() ? "" : ": " + tail),
                  .commit = tip.hex()});
    }
  }

  git_repository& m_repo;
  const config::StackConfig& m_stack;
  const VerifyOptions& m_options;
  const git::ResultCache m_kept;
  VerifyResult m_result;
  std::unordered_map<git::Oid, std::string, git::OidHash> m_only_on;
  std::map<std::string, OidSet> m_merge_branch_only;
  std::map<std::string, git::Oid> m_merge_branch_tips;
  std::set<std::string> m_topic_branches;
};

}  // namespace

VerifyResult verify(git_repository& repo, const config::StackConfig& stack,
                    const VerifyOptions& options) {
  return Verifier(repo, stack, options).run();
}

nlohmann::json to_json(const VerifyResult& result) {
  nlohmann::json findings = nlohmann::json::array();
  for (const Finding& f : result.findings) {
    findings.push_back({{"file", f.where.file},
                        {"line", f.where.line},
                        {"ref", f.where.ref},
                        {"severity", std::string(to_string(f.severity))},
                        {"id", f.id},
                        {"message", f.message},
                        {"commit", f.commit}});
  }
  return {{"findings", findings},
          {"topics_checked", result.topics_checked},
          {"merge_branches_checked", result.merge_branches_checked},
          {"branches_checked", result.branches_checked},
          {"builds_run", result.builds_run},
          {"errors", has_errors(result.findings)}};
}

std::string format_text(const VerifyResult& result, bool color) {
  std::string out;
  for (const Finding& f : result.findings) {
    std::string line = f.format();
    if (color) {
      const char* code = f.severity == Severity::error ? "31" : "33";
      line = std::string("\033[") + code + "m" + line + "\033[0m";
    }
    out += line + "\n";
  }
  out += "verified " + std::to_string(result.topics_checked) + " topics, " +
         std::to_string(result.merge_branches_checked) + " merge branches" +
         (result.builds_run ? ", " + std::to_string(result.builds_run) + " builds" : "") + ": " +
         std::to_string(result.findings.size()) + " findings\n";
  return out;
}

}  // namespace patchflow::compose
