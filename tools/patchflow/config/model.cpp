#include "patchflow/config/model.hpp"

#include <algorithm>
#include <filesystem>

#include "patchflow/core/aggregate.hpp"
#include "patchflow/core/description.hpp"

namespace patchflow::config {
namespace {
template <typename T>
const T* find_named(const std::vector<T>& items, const std::string& name) {
  const auto it =
      std::find_if(items.begin(), items.end(), [&](const T& item) { return item.name == name; });
  return it == items.end() ? nullptr : &*it;
}

std::string where_text(const Where& where) {
  return where.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) + "@" +
         where.ref;
}

}  // namespace

// A new field fails the build here until describe names it: a kept result never ignores it.
static_assert(field_count<Policy>() == 24, "Policy changed: describe the new field, then count it");

void describe(const Policy& policy, Description& out) {
  out.add("policy.name", policy.name)
      .add_all("policy.xen_paths", policy.xen_paths)
      .add("policy.subject_prefix", policy.subject_prefix)
      .add("policy.build", policy.build)
      .add("policy.maintainers", policy.maintainers)
      .add("policy.maintainers_rules", policy.maintainers_rules)
      .add("policy.maintainers_options", static_cast<long long>(policy.maintainers_options.size()));
  for (const auto& [word, where] : policy.maintainers_options) {
    out.add("policy.maintainers_option", word + "@" + where_text(where));
  }
  out.add_all("policy.always_cc", policy.always_cc)
      .add("policy.direct_maintainer", policy.direct_maintainer);
  out.add("policy.severities", static_cast<long long>(policy.severities.size()));
  for (const auto& [id, severity] : policy.severities) {
    out.add("policy.severity", id + "=" + std::string(to_string(severity)));
  }
  out.add("policy.max_line_length", policy.max_line_length)
      .add("policy.max_subject_length", policy.max_subject_length)
      .add("policy.max_body_line_length", policy.max_body_line_length)
      .add("policy.min_body_lines", policy.min_body_lines)
      .add("policy.max_changed_lines", policy.max_changed_lines)
      .add("policy.max_files", policy.max_files)
      .add("policy.allow_merges_in_topics", policy.allow_merges_in_topics)
      .add_all("policy.official_domains", policy.official_domains)
      .add_all("policy.forbidden_domains", policy.forbidden_domains)
      .add("policy.link_template", policy.link_template)
      .add("policy.maintainer_signoff", policy.maintainer_signoff)
      .add("policy.where", where_text(policy.where))
      .add("policy.file", policy.file);
  out.add("policy.key_where", static_cast<long long>(policy.key_where.size()));
  for (const auto& [key, where] : policy.key_where) {
    out.add("policy.key_where", key + "=" + where_text(where));
  }
}

const Topic* StackConfig::find_topic(const std::string& name) const {
  return find_named(topics, name);
}
const MergeBranch* StackConfig::find_merge_branch(const std::string& name) const {
  return find_named(merge_branches, name);
}
const Component* StackConfig::find_component(const std::string& name) const {
  return find_named(stack.components, name);
}
const Policy* StackConfig::find_policy(const std::string& name) const {
  return find_named(policies, name);
}

const Topic& StackConfig::topic(const std::string& name) const {
  if (const Topic* t = find_topic(name)) {
    return *t;
  }
  throw_usage("unknown topic '" + name + "'");
}

const MergeBranch& StackConfig::merge_branch(const std::string& name) const {
  if (const MergeBranch* m = find_merge_branch(name)) {
    return *m;
  }
  throw_usage("unknown merge branch '" + name + "'");
}

const Component& StackConfig::component(const std::string& name) const {
  if (const Component* c = find_component(name)) {
    return *c;
  }
  throw_usage("unknown component '" + name + "'");
}

Policy StackConfig::policy_for(const std::string& component_name) const {
  const Component* c = find_component(component_name);
  if (c != nullptr && !c->policy.empty()) {
    if (const Policy* p = find_policy(c->policy)) {
      return *p;
    }
  }
  return Policy{};
}

std::string StackConfig::path(const std::string& relative) const {
  if (relative.empty() || relative.front() == '/') {
    return relative;
  }
  return (std::filesystem::path(root) / relative).lexically_normal().string();
}

std::vector<std::string> StackConfig::topic_names() const {
  std::vector<std::string> names;
  for (const auto& topic : topics) {
    names.push_back(topic.name);
  }
  return names;
}

std::vector<std::string> StackConfig::merge_branch_names() const {
  std::vector<std::string> names;
  std::vector<bool> listed(merge_branches.size(), false);
  // Each pass lists those whose base is not an unlisted merge branch; a pass that lists none
  // (a cycle, which validation reports) lists the rest as they are.
  for (bool progress = true; names.size() < merge_branches.size();) {
    const bool force = !progress;
    progress = false;
    for (std::size_t i = 0; i < merge_branches.size(); ++i) {
      const MergeBranch* base = find_merge_branch(merge_branches[i].base);
      const bool base_listed =
          base == nullptr || std::find(names.begin(), names.end(), base->name) != names.end();
      if (!listed[i] && (base_listed || force)) {
        names.push_back(merge_branches[i].name);
        listed[i] = true;
        progress = true;
      }
    }
  }
  return names;
}

}  // namespace patchflow::config
