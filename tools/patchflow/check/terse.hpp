#pragma once
// `patchflow check --terse`: checkpatch.pl's `--terse --show-types` form, one line per finding,
// for editors' and CI logs' "file:line:" matchers.
#include <string>

#include "patchflow/check/check.hpp"

namespace patchflow::check {

// "FILE:LINE: LEVEL: TYPE: message\n" per finding (LEVEL is ERROR, WARNING or CHECK), commits in
// series order then the series findings; no grouping and no summary, so a clean result is "".
// A finding with no line drops ":LINE"; one with no file names its ref (a commit id). A message
// of several lines (a build log tail) is joined into one.
std::string format_terse(const Result& result);

}  // namespace patchflow::check
