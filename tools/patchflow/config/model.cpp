#include "patchflow/config/model.hpp"

#include <algorithm>
#include <filesystem>

namespace patchflow::config {
namespace {
template <typename T>
const T* find_named(const std::vector<T>& items, const std::string& name) {
  const auto it =
      std::find_if(items.begin(), items.end(), [&](const T& item) { return item.name == name; });
  return it == items.end() ? nullptr : &*it;
}
}  // namespace

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

}  // namespace patchflow::config
