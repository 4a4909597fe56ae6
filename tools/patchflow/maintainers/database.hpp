#pragma once
// A parsed MAINTAINERS database in get_maintainer.pl's model: one flat list of lines (section
// titles and "X:\tvalue" entries, in file order, every file read appended), sections being the
// runs of entries, each titled by the line before it. F:/X: patterns are converted and
// classified once at load; N: and K: regexes compile on first use.
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "patchflow/core/text.hpp"
#include "patchflow/maintainers/perl_regex.hpp"

namespace patchflow::maintainers {

// Which project's get_maintainer.pl to reproduce: Linux's (and U-Boot's, its copy) or Xen's
// older fork (scripts/get_maintainer.pl of xen.git, "0.26-xen").
enum class Rules { linux, xen };

// An F:/X: value after get_maintainer.pl's conversion ('.' -> "\.", '*' -> ".*", '?' -> '.',
// and a '/' appended when the tree has a directory of that name).
// Its texts are views into what the database owns (the parsed files' pattern text, or the kept
// bytes it was decoded from): a kept database is read without copying 4,600 patterns.
struct FilePattern {
  std::string_view regex;      // the converted value, as get_maintainer.pl matches it (m@^...@)
  std::string_view glob;       // fast form when regex is only literals, '.' and ".*": literal
                               // bytes, '\x01' for any one character, '\x02' for any run;
                               // when not simple, only the literal prefix
  bool is_simple = false;      // glob is usable; else the regex engine decides
  std::size_t literal_prefix_size = 0;  // glob's first bytes that every matching path starts
                                        // with (one string, not two, for U-Boot's 3,700 F:)
  int slashes = 0;             // '/' count of regex (get_maintainer's tr@/@@ on the pattern)
  int depth = 0;               // get_maintainer's value_pd: slashes, +1 without a trailing '/',
                               // -1 when the pattern starts with ".*"
  bool has_trailing_slash = false;

  std::string_view literal_prefix() const {
    return std::string_view(glob).substr(0, literal_prefix_size);
  }
};

struct Line {
  char tag = 0;           // 'M', 'F', ... ; 0 for a section title
  std::string_view text;  // the title, or the entry's value after "X:" and blanks
  int file = 0;           // index into Database::file_names()
  int line = 0;           // 1-based line in that file
  int pattern = -1;       // F:/X: index into Database::patterns()
  int literal = -1;       // N:/K: index of its required literal
};

struct Section {
  int title = 0;              // index of the title line
  int first = 0;              // first entry line (get_maintainer's section key)
  int end = 0;                // one past the last entry line
  std::vector<int> excludes;  // X: line indices
};

// get_maintainer.pl's `-d $value`: is this converted F:/X: value a directory of the tree?
using DirectoryProbe = std::function<bool(const std::string& path)>;

// Threads a MAINTAINERS load spreads its work on (a work tree's kept scan checked, the files
// parsed): the 2 cores patchflow is measured on; more would mostly add start-up.
inline constexpr int k_load_jobs = 2;

// get_maintainer.pl's `-d` answered from the set of a tree's directories (relative to its top,
// no trailing '/'; "./" prefixes are read as the top). The set is borrowed: it must outlive the
// probe and not change.
DirectoryProbe directory_set_probe(const text::StringSet& directories);

class Database {
 public:
  Database();
  ~Database();
  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Xen's script reads F:/X: with bash brace expansion ("{a,b}.c"); set before add_file.
  void set_rules(Rules rules) { m_rules = rules; }
  Rules rules() const { return m_rules; }
  // Xen's script refuses a MAINTAINERS without "V: xen-maintainers-<version>" under THE REST:
  // that version, or "" when there is none.
  std::string xen_file_version() const;
  // The penguin chiefs ("Name:address") of the tree's own scripts/get_maintainer.pl, which
  // drops them from every answer: set when the tree has that script, and then they replace
  // Options::penguin_chiefs. U-Boot's script named "Tom Rini" until 2024-01 (so Tom Rini is
  // never listed, not even for THE REST), "Tom RINI" since (matched case-sensitively: nobody).
  void set_penguin_chiefs(std::vector<std::string> chiefs) { m_penguin_chiefs = std::move(chiefs); }
  const std::optional<std::vector<std::string>>& penguin_chiefs() const { return m_penguin_chiefs; }

  // Appends one MAINTAINERS file. name is used in errors and in Line::file. Throws
  // Error{usage} "name:line: ..." for an empty entry ("F:" with no value) or an entry before
  // the file's first section title. probe may be empty (no directory is known).
  void add_file(std::string name, std::string content, const DirectoryProbe& probe = {});
  // add_file for each (name, content) in order, the files parsed on up to jobs threads (a file's
  // entries depend on nothing outside it) and joined in order: the same database as the loop.
  // Throws what add_file throws, for the first file in order that has an error. probe must be
  // callable from several threads at once.
  void add_files(std::vector<std::pair<std::string, std::string>> files,
                 const DirectoryProbe& probe, int jobs);

  // Everything that decides the answers, as text: the rules, each file's name and text, each
  // F:/X: pattern as the directory probe left it, the penguin chiefs. Equal identities answer
  // every question alike (a key for results kept between runs).
  std::string identity() const;
  // git::digest of identity(), computed on the first call and kept: a loaded database is shared
  // and never changed (maintainers::Source), and U-Boot's identity is its whole MAINTAINERS text,
  // which a report would otherwise hash once per topic. Call it only once the database is loaded.
  const std::string& identity_digest() const;

  const std::vector<std::string>& file_names() const { return m_file_names; }
  const std::vector<Line>& lines() const { return m_lines; }
  const std::vector<Section>& sections() const { return m_sections; }
  const std::vector<FilePattern>& patterns() const { return m_patterns; }
  // The section holding entry line index; nullptr for a title line.
  const Section* section_of(int line_index) const;
  std::string_view section_name(const Section& section) const {
    return m_lines[static_cast<std::size_t>(section.title)].text;
  }

  // get_maintainer.pl's file_match_pattern for an F:/X: line.
  bool matches_file(const Line& line, std::string_view path) const;
  // F: lines that may match path (the others certainly do not), in no particular order.
  void candidate_file_lines(std::string_view path, std::vector<int>& out) const;
  // N: lines, and K: lines.
  const std::vector<int>& regex_lines() const { return m_regex_lines; }
  const std::vector<int>& keyword_lines() const { return m_keyword_lines; }
  // N: m/value/x against path. Compiles on first use; throws Error{usage} naming file:line for
  // a regex the engine does not support.
  bool regex_matches(int line_index, std::string_view path) const;
  // K: the keyword regex with prefix prepended (get_maintainer's m/${patch_prefix}$keyword/x),
  // searched in text. Compiled once per (line, prefix).
  bool keyword_matches(int line_index, std::string_view prefix, std::string_view text) const;
  // A literal every text matched by the N:/K: value must contain ("" when unknown).
  std::string_view required_literal(int line_index) const;

 private:
  // The kept form (kept_database.hpp) writes and reads back every member below.
  friend std::string encode_database(const Database& database);
  friend std::optional<Database> decode_database(std::string_view bytes,
                                                 std::shared_ptr<const void> owner);

  const PerlRegex& compiled(int line_index, std::string_view prefix) const;
  // Matches line's regex on text; an error (a regex that backtracks too much) names the line.
  bool run_regex(int line_index, std::string_view prefix, std::string_view text,
                 bool anchored) const;
  void index_section(std::size_t first, std::size_t end);
  // Appends every file of other, as if they had been added here.
  void append(Database&& other);

  Rules m_rules = Rules::linux;
  std::optional<std::vector<std::string>> m_penguin_chiefs;
  // What the views of lines and patterns point into: texts parsed here (each file's content and
  // its patterns' converted text), and the kept bytes a decoded database was read from.
  std::vector<std::unique_ptr<std::string>> m_owned_texts;
  std::vector<std::shared_ptr<const void>> m_kept_bytes;
  std::vector<std::string_view> m_contents;  // each file's content
  std::vector<std::string> m_file_names;
  std::vector<Line> m_lines;
  std::vector<Section> m_sections;
  std::vector<int> m_section_of_line;
  std::vector<FilePattern> m_patterns;
  std::unordered_map<std::string, std::vector<int>> m_file_lines_by_top;  // first path segment
  std::string m_top_key;
  std::vector<int> m_file_lines_anywhere;  // F: lines whose literal prefix names no directory
  std::vector<int> m_regex_lines;
  std::vector<int> m_keyword_lines;
  std::vector<std::string> m_required_literals;  // N:/K: lines, Line::literal

  struct RegexCache;  // lazily compiled regexes, behind a mutex (route checks in parallel)
  std::unique_ptr<RegexCache> m_cache;
  struct IdentityDigest {
    std::once_flag once;
    std::string digest;
  };
  std::unique_ptr<IdentityDigest> m_identity_digest;
};

// The chiefs a get_maintainer.pl names: its push(@penguin_chief, "Name:address") lines, with
// Perl's "\@" unescaped.
std::vector<std::string> script_penguin_chiefs(std::string_view script);

// Reads one MAINTAINERS file from disk.
Database load_database_file(const std::string& path, const DirectoryProbe& probe = {},
                            Rules rules = Rules::linux);

// get_maintainer.pl run in a tree: root/MAINTAINERS, and with find_maintainer_files every file
// named MAINTAINERS below root too (sorted directory order, '.git' skipped). Names in errors are
// relative to root. When probe is empty, directories under root answer it.
Database load_database_dir(const std::string& root, bool find_maintainer_files,
                           const DirectoryProbe& probe = {}, Rules rules = Rules::linux);

}  // namespace patchflow::maintainers
