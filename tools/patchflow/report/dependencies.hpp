#pragma once
// Declared versus actual dependencies of a topic: what the branch contains that its YAML does
// not say, so graph and report can point at it.
#include <string>
#include <vector>

#include "patchflow/config/model.hpp"
#include "patchflow/stack/topic_status.hpp"

namespace patchflow::report {

// Every topic that name declares, directly or through the topics it declares, in no particular
// order of depth but without duplicates (first reached first).
std::vector<std::string> declared_closure(const config::StackConfig& stack,
                                          const std::string& name);

// The topics status.actual_depends holds that declared_closure() of the topic lacks: real
// dependencies nobody wrote down. Kept in actual_depends order.
std::vector<std::string> undeclared_depends(const config::StackConfig& stack,
                                            const stack::TopicStatus& status);

}  // namespace patchflow::report
