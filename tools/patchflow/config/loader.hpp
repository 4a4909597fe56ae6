#pragma once
// Loads and validates a stack directory. Every problem is an Error{usage} naming file:line:col.
#include <string>

#include "patchflow/config/model.hpp"

namespace patchflow::config {

// Reads <dir>/stack/stack.yaml, <dir>/topics/*.yaml, <dir>/merge-branches/*.yaml and
// <dir>/policies/*.yaml; checks unknown keys, types, missing fields, duplicates, unknown
// topics, dependency cycles and missing mbox files. Throws Error{usage} at the first problem.
StackConfig load_stack(const std::string& dir);

// True when dir holds a stack (stack/stack.yaml exists), whether or not it loads: a command
// that can do without a stack may go on without one only when this is false.
bool has_stack(const std::string& dir);

}  // namespace patchflow::config
