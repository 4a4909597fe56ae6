#pragma once
// Which build of patchflow is running, for results kept between runs: two builds of one version
// (a developer's, a CI's) may check differently, and a cached result must not outlive its code.
#include <string>

namespace patchflow {

// The running program's GNU build id (the linker's hash of the linked code, in its
// NT_GNU_BUILD_ID note) as hex; "" when the linker wrote none.
const std::string& program_build_id();

}  // namespace patchflow
