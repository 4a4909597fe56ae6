#pragma once
// Every finding ID a policy's `severities:` may name. It lives in core/ because the policy is
// read (config/) before, and apart from, the capabilities that report the findings (check/,
// compose/verify): a misspelt ID must be a configuration error, not an override that never
// applies. tests/check/check_ids_test.cpp keeps it equal to what the rules report.
#include <optional>
#include <string_view>
#include <vector>

namespace patchflow {

// The TYPEs the built-in checkpatch engine (check/checkpatch/) reports, with checkpatch.pl's
// names, sorted. The one list: check::checkpatch_types() and check_ids() are made from it.
const std::vector<std::string_view>& checkpatch_type_ids();

// patchflow's check rules, the built-in checkpatch TYPEs and verify's rules, sorted.
const std::vector<std::string_view>& check_ids();

bool is_check_id(std::string_view id);

// A retired ID's current name: BODY_MISSING and SIGN_OFF_MISSING reported the same defect as
// checkpatch's COMMIT_MESSAGE and MISSING_SIGN_OFF, which replaced them. nullopt otherwise.
std::optional<std::string_view> renamed_check_id(std::string_view id);

}  // namespace patchflow
