#pragma once
// Which subsystems a patch touches: the MAINTAINERS sections of its files, as the routing
// engine matches them. A commit spanning two subsystems goes to two sets of maintainers and is
// usually two logical changes.
#include <string>
#include <vector>

#include "patchflow/maintainers/database.hpp"

namespace patchflow::check {

// A catch-all section (maintainers::is_catch_all: "THE REST", "F: *") says nothing about which
// subsystem a file belongs to.

// The subsystems of files: for each file, its most specific sections that are not catch-all
// (ties at the same pattern depth all count). A subsystem whose files get at most glue_lines
// changed lines (changed_lines[i] for files[i]) does not count next to one that gets more: a hook
// or a table entry belongs to the change it serves. Returns the names of one section per distinct
// subsystem, in file order, or fewer than two names when one section covers every file that has
// any (files under no specific section are ignored).
std::vector<std::string> distinct_subsystems(const maintainers::Database& database,
                                             const std::vector<std::string>& files,
                                             const std::vector<int>& changed_lines = {},
                                             int glue_lines = 0);

// Does every file already belong to a specific (not catch-all) section? Then adding, moving or
// deleting it needs no MAINTAINERS update, and checkpatch's FILE_PATH_CHANGES is noise.
bool all_have_subsystem(const maintainers::Database& database,
                        const std::vector<std::string>& files);

}  // namespace patchflow::check
