#pragma once
// get_maintainer.pl's options, wherever they are written: the tree's .get_maintainer.conf (read
// as the script reads it: words separated by blanks, '#' starts a comment, any line), a policy's
// maintainers-options (the same words), and the command line. The one parser of those options:
// maintainers, route, series and check all read them here, in that order, later words winning
// (the script prepends the file to its command line).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patchflow/core/error.hpp"
#include "patchflow/maintainers/lookup.hpp"

namespace patchflow::maintainers {

// The file get_maintainer.pl reads at the top of the tree.
inline constexpr std::string_view k_options_file = ".get_maintainer.conf";

// One option word and where it was written ("" file: the command line).
struct Argument {
  std::string text;
  Where where;
};

// Splits text into option words. With lines, where.line counts from 1 per line of text (a file);
// without, every word gets where as it is (one policy list item).
std::vector<Argument> split_arguments(std::string_view text, const Where& where, bool lines);

// --git-since: a time before now ("6-months-ago", "2-weeks-ago") or an absolute epoch second
// ("@1700000000" or "1700000000").
struct Since {
  bool relative = true;
  std::int64_t seconds = 0;  // before now when relative, else the epoch second
  // The epoch second it means at now.
  std::int64_t at(std::int64_t now) const { return relative ? now - seconds : seconds; }
};

// What the options say; an unset field keeps the default of the rules in force.
struct Arguments {
  std::map<std::string, bool> switches;  // "roles" -> true (--roles) / false (--noroles)
  std::optional<std::string> separator;
  std::optional<std::string> letters;  // --letters (Linux's and U-Boot's script)
  Where listing_where;                 // the last --sections or --letters word
  std::optional<int> pattern_depth;
  std::optional<bool> find_maintainer_files;
  std::optional<std::string> maintainer_path;  // --maintainer-path/--mpath: file or directory
  std::optional<bool> mailmap;
  std::optional<bool> git;
  std::optional<int> git_min_percent, git_max_maintainers, git_min_signatures;
  std::optional<Since> git_since;
};

// Applies args, in order, to arguments. Throws Error{usage} at the word's where for an unknown
// option, a missing or malformed value, a word that is no option, and an option of the script
// patchflow does not do (--git-blame, --git-fallback, --interactive ...): a
// configuration asking for them would otherwise be answered differently without a word.
void apply_arguments(const std::vector<Argument>& args, Arguments& arguments);

// The lookup options: the defaults of rules with the switches applied. Throws Error{usage} when
// they leave nothing to print (--noemail without --l, --scm, --status, --subsystem or --web).
Options lookup_options(const Arguments& arguments, Rules rules);

// The MAINTAINERS path in a tree that --maintainer-path names ("." or a folder: its
// MAINTAINERS); fallback when it is not given.
std::string maintainers_path_in_tree(const Arguments& arguments, const std::string& fallback);

}  // namespace patchflow::maintainers
