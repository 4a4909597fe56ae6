#include "patchflow/report/dependencies.hpp"

#include <algorithm>
#include <set>

namespace patchflow::report {

std::vector<std::string> declared_closure(const config::StackConfig& stack,
                                          const std::string& name) {
  std::vector<std::string> closure;
  std::set<std::string> seen{name};
  std::vector<std::string> pending;
  if (const config::Topic* topic = stack.find_topic(name)) {
    pending = topic->depends;
  }
  // Breadth-first; validation already refused cycles, the set keeps this finite regardless.
  for (std::size_t i = 0; i < pending.size(); ++i) {
    const std::string next = pending[i];
    if (!seen.insert(next).second) {
      continue;
    }
    closure.push_back(next);
    if (const config::Topic* dependency = stack.find_topic(next)) {
      pending.insert(pending.end(), dependency->depends.begin(), dependency->depends.end());
    }
  }
  return closure;
}

std::vector<std::string> undeclared_depends(const config::StackConfig& stack,
                                            const stack::TopicStatus& status) {
  const std::vector<std::string> declared = declared_closure(stack, status.name);
  std::vector<std::string> undeclared;
  for (const std::string& actual : status.actual_depends) {
    if (std::find(declared.begin(), declared.end(), actual) == declared.end()) {
      undeclared.push_back(actual);
    }
  }
  return undeclared;
}

}  // namespace patchflow::report
