#pragma once
// Cross-file checks of a loaded stack: every name that refers to another item must resolve.
#include "patchflow/config/model.hpp"

namespace patchflow::config {

// Throws Error{usage} at the first problem, naming where the offending value was written:
// duplicate components/policies/topics/merge branches, unknown components, policies, topics
// or bases, topics listed twice, dependency cycles and merge-branch base cycles. Fills in a
// merge branch's component from its base when the YAML leaves it out.
void validate_stack(StackConfig& config);

}  // namespace patchflow::config
