#pragma once
// `patchflow check --sarif`: the findings as one SARIF 2.1.0 run, the format GitHub code
// scanning (github/codeql-action/upload-sarif) and other code-review tools read.
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "patchflow/check/check.hpp"

namespace patchflow::check {

// One run of tool "patchflow": driver.rules lists each rule ID the results use, once, in order of
// first use; each result has its ruleId, a level (error, warning; a `check` is a note), the
// message and one location: the patched file and line for findings on code, else the file the
// report names (the mbox or .patch file, or "<sha12>.patch" for a commit). Paths are written as
// the result holds them (repository-relative when the inputs were), percent-encoded.
// category, when not empty, becomes the run's automationDetails.id: GitHub code scanning keeps
// one analysis per category, so each SARIF uploaded for one commit needs its own.
nlohmann::json to_sarif(const Result& result, const std::string& category = {});

}  // namespace patchflow::check
