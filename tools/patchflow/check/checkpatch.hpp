#pragma once
// A built-in style checker for patches: the rules of the kernel's scripts/checkpatch.pl that
// maintainers bounce patches for, under the same TYPE names and levels, run on the text of a
// `git format-patch` mail (headers, message, diff) so line numbers match checkpatch's.
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "patchflow/core/error.hpp"
#include "patchflow/core/finding.hpp"
#include "patchflow/core/text.hpp"

namespace patchflow::check {

// What checkpatch.pl takes from the tree it runs in, besides its options. The CLI fills it from
// the repository; tests fill it from files. Empty members mean "the tree has none".
struct CheckpatchTree {
  // The CamelCase names declared in the tree's include/*.h (not reported under --strict).
  std::unordered_set<std::string> camelcase;
  // Asked (once per name, only for names not in camelcase) when a tree is too big to read up
  // front: is this CamelCase name declared in include/*.h? Unset: camelcase is the whole list.
  std::function<bool(const std::string& name)> camelcase_declared;
  // scripts/spelling.txt: misspelling (lower case) -> correction. Empty: the built-in list.
  // Hashed: every word of every line is looked up.
  std::unordered_map<std::string, std::string, text::StringHash, std::equal_to<>> spelling;
  // scripts/const_structs.checkpatch: the struct names that should be const.
  std::set<std::string, std::less<>> const_structs;
  // A commit the message cites, by a hex id of 7-40 digits: its full id and title, or nullopt
  // when the id names no commit. Unset: no repository (every cited id is unknown).
  struct Commit {
    std::string id;
    std::string title;
  };
  std::function<std::optional<Commit>(std::string_view id)> find_commit;
};

// A question a check asked of its tree or repository ("commit": is this id a commit, and which;
// "camelcase": does include/*.h declare this name; "fixes": what a Fixes: id names) and the
// answer it got. A result kept between runs holds while every answer is still the same.
struct Lookup {
  std::string kind;
  std::string query;
  std::string answer;
  bool operator==(const Lookup&) const = default;
};
using Lookups = std::vector<Lookup>;

// The answers run_checkpatch takes from tree, as strings a Lookup records.
std::string commit_answer(const CheckpatchTree& tree, std::string_view id);
std::string camelcase_answer(const CheckpatchTree& tree, const std::string& name);

struct CheckpatchOptions {
  int max_line_length = 100;                  // --max-line-length
  bool max_line_length_given = false;         // set by the options: a policy's length yields to it
  bool strict = false;                        // --strict (CHECK-level rules everywhere)
  bool u_boot = false;                        // --u-boot (the U-Boot-only rules)
  bool no_tree = true;                        // --no-tree (no kernel tree checks)
  int min_conf_desc_length = 4;               // --min-conf-desc-length
  std::set<std::string, std::less<>> ignore;  // --ignore TYPE,...
  std::set<std::string, std::less<>> types;   // --types TYPE,... (empty: all)
  const CheckpatchTree* tree = nullptr;       // the tree's context, when there is one
  Lookups* lookups = nullptr;                 // when set, every question asked of tree is added
};

// Applies checkpatch.pl's command-line options (as in .checkpatch.conf or on the command line:
// "--strict", "--ignore A,B", "--max-line-length=80") to options. `where` names the file whose
// line each argument came from (lines[i], 0 for the command line). Throws Error{usage} naming
// file:line for an unknown option or a bad value.
void apply_checkpatch_args(const std::vector<std::string>& args, const std::vector<int>& lines,
                           const std::string& where, CheckpatchOptions& options);

// Reads a .checkpatch.conf text (one or more options a line, '#' comments) into options, as
// checkpatch.pl does before its command line; file names the file in errors.
void apply_checkpatch_conf(std::string_view text, const std::string& file,
                           CheckpatchOptions& options);

// Adds the CamelCase names a header declares (#define, typedef, declarations, struct/union/enum
// tags), as checkpatch.pl seeds them from include/*.h.
void seed_camelcase(std::string_view header_text, std::unordered_set<std::string>& names);

// Fills a tree context from the files checkpatch.pl reads: spelling.txt ("wrong||right" lines),
// const_structs.checkpatch (one name a line) and a list of CamelCase names (one a line). Any of
// the texts may be empty.
void load_checkpatch_tree(std::string_view spelling_txt, std::string_view const_structs,
                          std::string_view camelcase_names, CheckpatchTree& tree);

// One checkpatch-style finding. file/line are set for findings on a diff line (the post-image
// file and line); patch_line is the line in the patch text (0 when checkpatch gives none).
struct StyleFinding {
  Severity level = Severity::warning;  // error, warning or check, as checkpatch prints them
  std::string type;                    // e.g. CODE_INDENT
  std::string message;
  std::string file;
  int line = 0;
  int patch_line = 0;
  int terse_line = 0;  // the patch line checkpatch --terse prints (its current line)
  std::string source;  // "" for the built-in engine; the script's path for a real checkpatch.pl
};

// Runs the built-in rules over one patch (a single mail, as format-patch writes it).
// Never throws for odd input: a text without a diff gets only message-level findings.
std::vector<StyleFinding> run_checkpatch(std::string_view patch_text,
                                         const CheckpatchOptions& options);

struct CheckpatchRun {
  std::vector<StyleFinding> findings;
  int lines_checked = 0;
  bool checks_shown = false;  // CHECKs on for the last file: the total line counts them
};
CheckpatchRun run_checkpatch_full(std::string_view patch_text, const CheckpatchOptions& options);

// checkpatch.pl --terse --show-types output for one patch named patch_name: one
// "NAME:LINE: LEVEL:TYPE: message" line per finding, then its "total:" line; "" when clean.
std::string format_checkpatch_terse(const std::string& patch_name, const CheckpatchRun& run);

// The TYPEs the built-in engine implements (for parity measurement and `--list-checks`).
const std::vector<std::string>& checkpatch_types();

// Parses the output of `checkpatch.pl --show-types` (no --terse) into findings.
std::vector<StyleFinding> parse_checkpatch_output(std::string_view output);

}  // namespace patchflow::check
