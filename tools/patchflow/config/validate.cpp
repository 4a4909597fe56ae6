#include "patchflow/config/validate.hpp"

#include <algorithm>
#include <functional>
#include <set>

namespace patchflow::config {
namespace {

Where key_where(const std::map<std::string, Where>& wheres, const std::string& key,
                const Where& fallback) {
  const auto it = wheres.find(key);
  return it == wheres.end() ? fallback : it->second;
}

// Throws "<kind> 'x' defined twice (first at file:line:col)" at the second definition.
template <typename T>
void check_unique_names(const std::vector<T>& items, std::string_view kind) {
  std::map<std::string, Where> seen;
  for (const T& item : items) {
    const Where here = key_where(item.key_where, "name", item.where);
    const auto [it, inserted] = seen.emplace(item.name, here);
    if (!inserted) {
      throw Error(ExitCode::usage,
                  std::string(kind) + " '" + item.name + "' defined twice (first at " +
                      it->second.prefix() + ")",
                  here);
    }
  }
}

std::string describe_cycle(const std::vector<std::string>& path, const std::string& back_to,
                           std::string_view kind) {
  std::string text = std::string(kind) + ": ";
  const auto start = std::find(path.begin(), path.end(), back_to);
  for (auto it = start; it != path.end(); ++it) {
    text += "'" + *it + "' -> ";
  }
  return text + "'" + back_to + "'";
}

void check_components(const StackConfig& config) {
  check_unique_names(config.stack.components, "component");
  for (const Component& c : config.stack.components) {
    if (!c.policy.empty() && config.find_policy(c.policy) == nullptr) {
      throw Error(ExitCode::usage, "unknown policy '" + c.policy + "'",
                  key_where(c.key_where, "policy", c.where));
    }
  }
}

void check_topic_references(const StackConfig& config, const Topic& topic) {
  if (config.find_component(topic.component) == nullptr) {
    throw Error(ExitCode::usage, "unknown component '" + topic.component + "'",
                key_where(topic.key_where, "component", topic.where));
  }
  for (std::size_t i = 0; i < topic.depends.size(); ++i) {
    const Topic* dependency = config.find_topic(topic.depends[i]);
    const Where& where = topic.depends_where[i];
    if (dependency == nullptr) {
      throw Error(ExitCode::usage,
                  "topic '" + topic.name + "' depends on unknown topic '" + topic.depends[i] + "'",
                  where);
    }
    if (dependency->component != topic.component) {
      throw Error(ExitCode::usage,
                  "topic '" + topic.name + "' of component '" + topic.component + "' depends on '" +
                      dependency->name + "' of component '" + dependency->component + "'",
                  where);
    }
  }
}

// Depth-first search; a dependency already on the current path closes a cycle, reported at the
// `depends:` entry that closes it.
void check_dependency_cycles(const StackConfig& config) {
  enum class Mark { unvisited, on_path, done };
  std::map<std::string, Mark> marks;
  std::vector<std::string> path;
  std::function<void(const Topic&)> visit = [&](const Topic& topic) {
    marks[topic.name] = Mark::on_path;
    path.push_back(topic.name);
    for (std::size_t i = 0; i < topic.depends.size(); ++i) {
      const std::string& next = topic.depends[i];
      if (marks[next] == Mark::on_path) {
        throw Error(ExitCode::usage, describe_cycle(path, next, "dependency cycle"),
                    topic.depends_where[i]);
      }
      if (marks[next] == Mark::unvisited) {
        visit(config.topic(next));
      }
    }
    path.pop_back();
    marks[topic.name] = Mark::done;
  };
  for (const Topic& topic : config.topics) {
    if (marks[topic.name] == Mark::unvisited) {
      visit(topic);
    }
  }
}

void check_topics(const StackConfig& config) {
  check_unique_names(config.topics, "topic");
  for (const Topic& topic : config.topics) {
    check_topic_references(config, topic);
  }
  check_dependency_cycles(config);
}

const Component* component_with_mainline(const StackConfig& config, const std::string& branch) {
  for (const Component& c : config.stack.components) {
    if (c.mainline == branch) {
      return &c;
    }
  }
  return nullptr;
}

void check_merge_branch_topics(const StackConfig& config, const MergeBranch& merge_branch) {
  std::map<std::string, Where> listed;
  for (std::size_t i = 0; i < merge_branch.topics.size(); ++i) {
    const std::string& name = merge_branch.topics[i];
    const Where& where = merge_branch.topic_where[i];
    const Topic* topic = config.find_topic(name);
    if (topic == nullptr) {
      throw Error(ExitCode::usage, "unknown topic '" + name + "'", where);
    }
    if (topic->component != merge_branch.component) {
      throw Error(ExitCode::usage,
                  "topic '" + name + "' belongs to component '" + topic->component + "', not '" +
                      merge_branch.component + "'",
                  where);
    }
    const auto [it, inserted] = listed.emplace(name, where);
    if (!inserted) {
      throw Error(ExitCode::usage,
                  "topic '" + name + "' listed twice (first at " + it->second.prefix() + ")",
                  where);
    }
  }
  for (const Resolution& resolution : merge_branch.resolutions) {
    if (listed.count(resolution.topic) == 0) {
      throw Error(ExitCode::usage,
                  "resolution for topic '" + resolution.topic + "' which '" + merge_branch.name +
                      "' does not list",
                  resolution.where);
    }
  }
}

// The component a merge branch belongs to follows from its base: a mainline, or another merge
// branch (whose own base decides). Throws for an unknown base or a cycle of bases.
std::string component_of_base(const StackConfig& config, const MergeBranch& merge_branch) {
  std::vector<std::string> path;
  const MergeBranch* current = &merge_branch;
  while (true) {
    path.push_back(current->name);
    if (const Component* c = component_with_mainline(config, current->base)) {
      return c->name;
    }
    const MergeBranch* next = config.find_merge_branch(current->base);
    if (next == nullptr) {
      throw Error(ExitCode::usage,
                  "unknown base '" + current->base + "': not a mainline or a merge branch",
                  key_where(current->key_where, "base", current->where));
    }
    if (std::find(path.begin(), path.end(), next->name) != path.end()) {
      throw Error(ExitCode::usage, describe_cycle(path, next->name, "merge branch base cycle"),
                  key_where(current->key_where, "base", current->where));
    }
    current = next;
  }
}

void check_merge_branches(StackConfig& config) {
  check_unique_names(config.merge_branches, "merge branch");
  for (MergeBranch& merge_branch : config.merge_branches) {
    const std::string base_component = component_of_base(config, merge_branch);
    const Where where = key_where(merge_branch.key_where, "component", merge_branch.where);
    if (merge_branch.component.empty()) {
      merge_branch.component = base_component;
    } else if (config.find_component(merge_branch.component) == nullptr) {
      throw Error(ExitCode::usage, "unknown component '" + merge_branch.component + "'", where);
    } else if (merge_branch.component != base_component) {
      throw Error(ExitCode::usage,
                  "merge branch '" + merge_branch.name + "' of component '" +
                      merge_branch.component + "' is based on '" + merge_branch.base +
                      "' of component '" + base_component + "'",
                  key_where(merge_branch.key_where, "base", merge_branch.where));
    }
    check_merge_branch_topics(config, merge_branch);
  }
}

}  // namespace

void validate_stack(StackConfig& config) {
  check_unique_names(config.policies, "policy");
  check_components(config);
  check_topics(config);
  check_merge_branches(config);
}

}  // namespace patchflow::config
