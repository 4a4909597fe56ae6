#pragma once
// A built-in style checker for patches: the rules of the kernel's scripts/checkpatch.pl that
// maintainers bounce patches for, under the same TYPE names and levels, run on the text of a
// `git format-patch` mail (headers, message, diff) so line numbers match checkpatch's.
#include <string>
#include <string_view>
#include <vector>

#include "patchflow/core/finding.hpp"

namespace patchflow::check {

struct CheckpatchOptions {
  int max_line_length = 100;  // checkpatch's --max-line-length
  bool strict = false;        // checkpatch's --strict (CHECK-level rules everywhere)
};

// One checkpatch-style finding. file/line are set for findings on a diff line (the post-image
// file and line); patch_line is the line in the patch text (0 when checkpatch gives none).
struct StyleFinding {
  Severity level = Severity::warning;  // error, warning or check, as checkpatch prints them
  std::string type;                    // e.g. CODE_INDENT
  std::string message;
  std::string file;
  int line = 0;
  int patch_line = 0;
  std::string source;  // "" for the built-in engine; the script's path for a real checkpatch.pl
};

// Runs the built-in rules over one patch (a single mail, as format-patch writes it).
// Never throws for odd input: a text without a diff gets only message-level findings.
std::vector<StyleFinding> run_checkpatch(std::string_view patch_text,
                                         const CheckpatchOptions& options);

// The TYPEs the built-in engine implements (for parity measurement and `--list-checks`).
const std::vector<std::string>& checkpatch_types();

// Parses the output of `checkpatch.pl --show-types` (no --terse) into findings.
std::vector<StyleFinding> parse_checkpatch_output(std::string_view output);

}  // namespace patchflow::check
