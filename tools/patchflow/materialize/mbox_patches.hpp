#pragma once
// The patches of one bundled mbox (a mainline history or a topic series), checked before any
// object is written: a malformed mbox is a usage error naming the file and the patch number.
#include <string>
#include <vector>

#include "patchflow/config/model.hpp"
#include "patchflow/patch/mbox.hpp"

namespace patchflow::materialize {

struct MboxPatches {
  std::string file;                  // stack-relative mbox
  std::vector<patch::Mail> patches;  // mails with a diff, in file order (cover letters skipped)
};

// Reads and checks stack-relative file: every patch needs a From and a Date header and a diff
// that parses. Throws Error{usage} "malformed patch N of 'file': ..." at the offending line,
// or "no patches in 'file'".
MboxPatches read_mbox_patches(const config::StackConfig& stack, const std::string& file);

}  // namespace patchflow::materialize
