#pragma once
// Who gets a patch: scripts/get_maintainer.pl --nogit --nogit-fallback, reimplemented on a
// parsed Database. Same files read from a patch, same section choice (most specific pattern
// first), same roles, order and de-duplication, same output lines.
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patchflow/maintainers/database.hpp"
#include "patchflow/maintainers/mailmap.hpp"

namespace patchflow {
class Description;
}

namespace patchflow::maintainers {

// "linux" / "xen"; nullopt for anything else.
std::optional<Rules> parse_rules(std::string_view name);
std::string_view rules_name(Rules rules);
// The same, throwing Error{usage} "unknown get_maintainer rules 'x' (linux or xen)".
Rules rules_named(std::string_view name);

struct Options {
  Rules rules = Rules::linux;
  int pattern_depth = 0;          // --pattern-depth (0: all)
  bool keywords = true;           // --keywords: K: entries matched on the patch text
  bool maintainers = true;        // --m
  bool reviewers = true;          // --r
  bool lists = true;              // --l
  bool subscriber_lists = false;  // --s
  bool moderated_lists = true;    // --moderated
  bool chief_penguins = false;    // --git-chief-penguins: add them instead of dropping them
  std::vector<std::string> penguin_chiefs;  // "Name:address"; U-Boot's copy has none
  std::size_t section_max_length = 50;      // longer section names end in "..."
  const Mailmap* mailmap = nullptr;         // the tree's .mailmap (--mailmap), if any
  // The switches Xen's script has (Linux's engine here keeps its fixed behaviour for them).
  bool email = true;              // --email: people (off: lists only)
  bool remove_duplicates = true;  // --remove-duplicates (Xen's default: off)
  bool drop_the_rest = true;      // --drop_the_rest_supporter (Xen only)
  bool roles = true;              // --roles: "(role)" after each address (Xen's default: off)
  bool use_name = true;           // --n: "Name <address>" rather than the bare address
  bool scm = false, status = false, subsystem = false, web = false;  // --scm ... --web
  bool multiline = true;         // --multiline: one entry per line
  std::string separator = ", ";  // --separator (a non-default one implies --nomultiline)
  // --sections: print the matching sections themselves instead of addresses; --letters (Linux's
  // and U-Boot's script only) keeps the entries of those types ("MR": M: and R:) and implies it.
  bool sections = false;
  std::string letters;
};

// The defaults of that project's script: Xen's prints no roles, keeps duplicate spellings,
// shortens section names to 20 characters, drops THE REST supporters when a specific section
// covers the patch, and filters Linus Torvalds as a penguin chief.
Options default_options(Rules rules);

// Every field of options (the mailmap's entries too), for the keys of results they decide.
void describe(const Options& options, Description& out);

// What get_maintainer.pl takes from its inputs before looking anything up.
struct Scan {
  std::vector<std::string> files;  // as get_maintainer orders them (patches: sorted, unique)
  std::vector<int> keyword_lines;  // K: lines that matched, database line indices
  std::vector<std::string> fixes;  // commit ids from "Fixes:" lines
};

// Reads one patch (format-patch mail or plain diff) into scan, like get_maintainer.pl reading a
// patch file: paths from "diff --git", "---"/"+++", rename and mode lines, K: keywords on the
// message (before the first file line) and on +/- lines after it.
void scan_patch(const Database& database, std::string_view patch, const Options& options,
                Scan& scan);
// get_maintainer.pl -f: the paths as given (a directory should end in '/').
void scan_paths(const std::vector<std::string>& paths, Scan& scan);

// A matched section for one file, most specific first.
struct SectionMatch {
  int section = 0;  // index into Database::sections()
  int depth = 0;    // get_maintainer's pattern depth of the deciding F: (N: counts 0): the
                    // section's last matching line, as the script overwrites it
  int deepest = 0;  // the deepest of the section's matching patterns: how specifically the
                    // section names the file (ARM ROCKCHIP's F: arch/arm/mach-rockchip/ is 3
                    // for board.c there, though its later "N: rockchip" decides depth 0)
};
// The sections a path belongs to, ordered as get_maintainer.pl adds them (depth descending,
// ties in file order).
std::vector<SectionMatch> match_file(const Database& database, std::string_view path,
                                     const Options& options);

struct Recipient {
  std::string name;  // display name without quoting; "" for lists
  std::string email;
  std::string role;  // "maintainer:ARM STI", "reviewer:SPI", "open list", ...
  // "Name <email>", with the name quoted as get_maintainer.pl quotes it ("Marek Behún").
  std::string address() const;
  // The output line: "Name <email> (role)".
  std::string line() const;
};

// How format_text prints a Result (from Options: --roles, --n, --multiline, --separator).
struct OutputFormat {
  bool roles = true;
  bool use_name = true;
  bool multiline = true;
  std::string separator = ", ";
};

struct Result {
  std::vector<std::string> files;
  std::vector<Recipient> recipients;  // get_maintainer.pl's print order
  std::vector<std::string> sections;  // names of the sections that matched, first match first
  // --scm, --status, --subsystem, --web (Xen): the T:, S:, titles and W: of the matched
  // sections, first appearance first, printed after the addresses.
  std::vector<std::vector<std::string>> extras;
  OutputFormat format;
  // Which MAINTAINERS answered ("MAINTAINERS at 1a2b3c4d5e6f", a path) and the commit's hex
  // ("" for a path): in the JSON only, the text being get_maintainer.pl's lines.
  std::string origin, revision;
  // --sections: get_maintainer.pl's listing of the matched sections, printed instead of the
  // addresses (empty when not asked for).
  std::optional<std::string> listing;
};

// Signers (Signed-off-by/Reviewed-by/Acked-by, "Name <email>") of the commit a Fixes: tag
// names; nullopt when no history can answer. Used for get_maintainer's blamed_fixes.
using FixSigners = std::function<std::optional<std::vector<std::string>>(const std::string&)>;

struct FixesPolicy {
  FixSigners signers;       // empty: no history, no blamed_fixes entries
  int max_maintainers = 2;  // --git-max-maintainers (U-Boot's .get_maintainer.conf: 2)
  int min_percent = 15;     // --git-min-percent (U-Boot's .get_maintainer.conf: 15)
};

Result find_maintainers(const Database& database, const Scan& scan, const Options& options,
                        const FixesPolicy& fixes = {});

// get_maintainer.pl --sections: for each file, each section matching it in match_file's order
// (a section matching several files is listed once per file, as the script does), as its title
// and its entries ("F:\tpattern", the F:/X: patterns turned back from regexes by the script's own
// substitutions, lossy as they are), then an empty line. options.letters keeps only the entries
// of those types (titles stay).
std::string format_sections(const Database& database, const std::vector<std::string>& files,
                            const Options& options);

// get_maintainer.pl's output: one line per recipient.
std::string format_text(const Result& result);
nlohmann::json to_json(const Result& result);

// get_maintainer.pl's parse_email: ("Name", "address") from "Name <address>", "<address>" or
// "address"; address empty when there is none.
std::pair<std::string, std::string> parse_email(std::string_view text);

}  // namespace patchflow::maintainers
