#pragma once
// HEAD and the work tree of a repository patchflow created itself.
#include <string>

#include "patchflow/git/handle.hpp"

namespace patchflow::git {

// Points HEAD at ref_name (a full ref name, which may not exist yet).
void set_head(git_repository& repo, const std::string& ref_name);
// Overwrites the work tree and index with HEAD's tree. Only for a work tree patchflow just
// created: local changes are not preserved.
void force_checkout_head(git_repository& repo);

}  // namespace patchflow::git
