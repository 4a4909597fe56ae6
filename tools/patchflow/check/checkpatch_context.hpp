#pragma once
// What checkpatch.pl reads from the tree it runs in, read the same way for the built-in engine:
// .checkpatch.conf at the top of the work tree (patch files) or in the tip's tree (a range),
// then the command line's checkpatch options; scripts/spelling.txt,
// scripts/const_structs.checkpatch, the CamelCase names include/*.h declares, and the commits a
// message cites.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "patchflow/check/checkpatch.hpp"
#include "patchflow/git/handle.hpp"

namespace patchflow::check {

struct CheckpatchSetup {
  CheckpatchOptions options;
  std::shared_ptr<const CheckpatchTree> tree;  // null: no repository
};

// repo may be null (options from args only). With tip, the files come from the tip's tree;
// else from the work tree. Throws Error{usage} naming .checkpatch.conf:line (or the command line)
// for an unknown option. The returned tree asks repo lazily, under a lock: repo must outlive it.
CheckpatchSetup checkpatch_setup(git_repository* repo, const std::optional<git::Oid>& tip,
                                 const std::vector<std::string>& args);

}  // namespace patchflow::check
