#include "patchflow/maintainers/database.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <ctime>
#include <exception>
#include <filesystem>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <unordered_set>

#include "patchflow/core/error.hpp"
#include "patchflow/core/mapped_file.hpp"
#include "patchflow/core/parallel.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/result_cache.hpp"
#include "patchflow/maintainers/kept_database.hpp"

namespace patchflow::maintainers {

namespace {

using text::StringHash;

bool is_blank_or_comment(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && text::is_space(line[i])) {
    ++i;
  }
  return i == line.size() || line[i] == '#';
}

// get_maintainer.pl's glob conversion of an F:/X: value.
// Written through a pointer into a buffer sized for the worst case: string's += of one char is
// an out-of-line call, and U-Boot's 3,700 F: lines made that a visible part of a lookup.
std::string convert_glob(std::string_view value) {
  std::string out(2 * value.size(), '\0');
  char* at = out.data();
  for (const char c : value) {
    if (c == '.') {
      *at++ = '\\';
      *at++ = '.';
    } else if (c == '*') {
      *at++ = '.';
      *at++ = '*';
    } else if (c == '?') {
      *at++ = '.';
    } else {
      *at++ = c;
    }
  }
  out.resize(static_cast<std::size_t>(at - out.data()));
  return out;
}

// Xen's script expands bash braces in F:/X: before converting the glob: "x{a,b}y" reads as
// "x(a|b)y" (not nested, never at the start, no escaped brace; elements may be empty).
std::string expand_braces(std::string_view value) {
  std::string out;
  std::size_t i = 0;
  while (i < value.size()) {
    const std::size_t open = value.find('{', i);
    if (open == std::string_view::npos || open == 0) {
      break;
    }
    const std::size_t close = value.find('}', open + 1);
    const std::string_view inside = close == std::string_view::npos
                                        ? std::string_view()
                                        : value.substr(open + 1, close - open - 1);
    const bool usable = close != std::string_view::npos && value[open - 1] != '\\' &&
                        inside.find('{') == std::string_view::npos &&
                        inside.find(',') != std::string_view::npos;
    if (!usable) {
      out.append(value.substr(i, open + 1 - i));
      i = open + 1;
      continue;
    }
    bool ends_well = true;  // an element may not end in '\\' (Xen: [^,\\] before each ',')
    std::string group = "(";
    std::size_t start = 0;
    while (true) {
      const std::size_t comma = inside.find(',', start);
      const std::string_view element = inside.substr(start, comma - start);
      if (!element.empty() && element.back() == '\\') {
        ends_well = false;
      }
      group.append(element);
      if (comma == std::string_view::npos) {
        break;
      }
      group += '|';
      start = comma + 1;
    }
    group += ')';
    out.append(value.substr(i, open - i));
    if (ends_well) {
      out += group;
    } else {
      out.append(value.substr(open, close + 1 - open));
    }
    i = close + 1;
  }
  out.append(value.substr(std::min(i, value.size())));
  return out;
}

bool is_regex_meta(char c) {
  return c == '\\' || c == '^' || c == '$' || c == '.' || c == '|' || c == '?' || c == '*' ||
         c == '+' || c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}';
}

// Where a pattern's texts sit in its file's pattern text while that text still grows: the views
// are set once it is final (add_file).
struct PatternSpan {
  std::size_t regex_at = 0, regex_size = 0, glob_at = 0, glob_size = 0;
};

// get_maintainer's pattern facts about regex, and its glob form; regex and glob are appended to
// texts, where span says they are.
FilePattern classify(std::string_view regex, std::string& texts, PatternSpan& span) {
  FilePattern pattern;
  pattern.slashes = static_cast<int>(std::count(regex.begin(), regex.end(), '/'));
  pattern.has_trailing_slash = !regex.empty() && regex.back() == '/';
  pattern.depth = pattern.slashes + (pattern.has_trailing_slash ? 0 : 1);
  if (regex.substr(0, 2) == ".*") {
    pattern.depth = -1;
  }
  pattern.is_simple = true;
  span.regex_at = texts.size();
  span.regex_size = regex.size();
  texts.append(regex);
  // At most as long as regex: written through a pointer, cut to size at the end. The literal
  // prefix is the glob's first bytes: while it is open, every byte goes to both.
  span.glob_at = texts.size();
  texts.resize(texts.size() + regex.size());
  char* const glob_start = texts.data() + span.glob_at;
  char* glob = glob_start;
  std::size_t prefix = 0;
  bool prefix_open = true;
  for (std::size_t i = 0; i < regex.size(); ++i) {
    const char c = regex[i];
    if (c == '\\' && i + 1 < regex.size() &&
        !std::isalnum(static_cast<unsigned char>(regex[i + 1]))) {
      *glob++ = regex[++i];
      prefix += prefix_open ? 1 : 0;
    } else if (c == '.' && i + 1 < regex.size() && regex[i + 1] == '*' &&
               (i + 2 >= regex.size() || (regex[i + 2] != '?' && regex[i + 2] != '+'))) {
      *glob++ = '\x02';
      prefix_open = false;
      ++i;
    } else if (c == '.') {
      *glob++ = '\x01';
      prefix_open = false;
    } else if (is_regex_meta(c)) {
      pattern.is_simple = false;
      prefix_open = false;
    } else {
      *glob++ = c;
      prefix += prefix_open ? 1 : 0;
    }
  }
  span.glob_size = static_cast<std::size_t>(glob - glob_start);
  if (!pattern.is_simple) {
    // A quantifier may apply to the last literal byte ("k+p"): drop it from the prefix; and
    // with an alternation ("a/|b/") no byte is certain at all.
    if (regex.find('|') != std::string_view::npos) {
      prefix = 0;
    } else if (prefix > 0) {
      --prefix;
    }
    span.glob_size = prefix;  // the regex engine decides: only the prefix is read
  }
  texts.resize(span.glob_at + span.glob_size);
  pattern.literal_prefix_size = prefix;
  return pattern;
}

template <class Vector>
void reserve_geometrically(Vector& vector, std::size_t needed) {
  if (needed > vector.capacity()) {
    vector.reserve(std::max(needed, 2 * vector.capacity()));
  }
}

// Does glob match a prefix of path? '\x01' is one character but '\n', '\x02' any run.
// Not backtracking: a glob of many stars made that exponential (found by fuzz_maintainers).
// reachable[p] says whether the glob read so far can match path[0, p); O(|glob| * |path|).
bool glob_prefix_match(std::string_view glob, std::string_view path) {
  if (glob.find('\x02') == std::string_view::npos) {  // no star: one pass, the common case
    if (glob.size() > path.size()) {
      return false;
    }
    for (std::size_t i = 0; i < glob.size(); ++i) {
      if (glob[i] == '\x01' ? path[i] == '\n' : path[i] != glob[i]) {
        return false;
      }
    }
    return true;
  }
  thread_local std::vector<char> reachable;
  reachable.assign(path.size() + 1, 0);
  reachable[0] = 1;
  for (const char c : glob) {
    bool any = false;
    if (c == '\x02') {
      for (std::size_t p = 1; p <= path.size(); ++p) {
        reachable[p] = reachable[p] || (reachable[p - 1] && path[p - 1] != '\n');
      }
      any = std::find(reachable.begin(), reachable.end(), 1) != reachable.end();
    } else {
      for (std::size_t p = path.size(); p > 0; --p) {
        const bool matches = c == '\x01' ? path[p - 1] != '\n' : path[p - 1] == c;
        reachable[p] = reachable[p - 1] && matches;
        any = any || reachable[p];
      }
      reachable[0] = 0;
    }
    if (!any) {
      return false;
    }
  }
  return true;
}

// The longest run of plain word characters that every match must contain, read off the raw
// regex text: outside classes and groups, with no alternation, not touched by a quantifier.
std::string required_literal_of(std::string_view regex) {
  if (regex.find('|') != std::string_view::npos || regex.find('#') != std::string_view::npos) {
    return {};
  }
  std::string best, run;
  int depth = 0;
  bool in_class = false;
  auto flush = [&] {
    if (run.size() > best.size()) {
      best = run;
    }
    run.clear();
  };
  for (std::size_t i = 0; i < regex.size(); ++i) {
    const char c = regex[i];
    if (in_class) {
      if (c == '\\') {
        ++i;
      } else if (c == ']') {
        in_class = false;
      }
      continue;
    }
    const bool word =
        std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '/';
    if (depth == 0 && word) {
      const char next = i + 1 < regex.size() ? regex[i + 1] : '\0';
      if (next == '?' || next == '*' || next == '{') {
        flush();  // quantified: optional, so the run ends before it
        continue;
      }
      run += c;
      continue;
    }
    flush();
    if (c == '\\') {
      ++i;  // an escape is not a plain literal here
    } else if (c == '[') {
      in_class = true;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    }
  }
  flush();
  return best;
}

}  // namespace

struct Database::RegexCache {
  std::mutex mutex;
  std::unordered_map<std::string, std::unique_ptr<PerlRegex>> regexes;
};

Database::Database()
    : m_cache(std::make_unique<RegexCache>()),
      m_identity_digest(std::make_unique<IdentityDigest>()) {}
Database::~Database() = default;
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;

std::string Database::identity() const {
  std::string out = m_rules == Rules::xen ? "xen\n" : "linux\n";
  auto add = [&out](std::string_view text) {
    out += std::to_string(text.size()) + ":";
    out.append(text);
    out += '\n';
  };
  for (std::size_t i = 0; i < m_file_names.size(); ++i) {
    add(m_file_names[i]);
    add(m_contents[i]);
  }
  for (const FilePattern& pattern : m_patterns) {
    add(pattern.regex);
  }
  out += m_penguin_chiefs ? "chiefs\n" : "no chiefs\n";
  for (const std::string& chief : m_penguin_chiefs.value_or(std::vector<std::string>{})) {
    add(chief);
  }
  return out;
}

const std::string& Database::identity_digest() const {
  std::call_once(m_identity_digest->once,
                 [this] { m_identity_digest->digest = git::digest(identity()); });
  return m_identity_digest->digest;
}

void Database::add_file(std::string name, std::string content, const DirectoryProbe& probe) {
  const int file_index = static_cast<int>(m_file_names.size());
  m_file_names.push_back(name);
  m_owned_texts.push_back(std::make_unique<std::string>(std::move(content)));
  const std::string_view text = *m_owned_texts.back();
  m_contents.push_back(text);
  const std::size_t first_new_line = m_lines.size();
  const std::size_t first_new_pattern = m_patterns.size();
  std::string pattern_texts;  // this file's converted patterns and globs, one after the other
  std::vector<PatternSpan> spans;
  // The line count bounds everything this file adds. Grow at least geometrically: reserving
  // the exact size per file made --find-maintainer-files (689 files) copy quadratically.
  const std::size_t newlines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  reserve_geometrically(m_lines, m_lines.size() + newlines + 1);
  reserve_geometrically(m_patterns, m_patterns.size() + newlines / 2 + 1);
  bool seen_title = false;
  int line_number = 0;
  std::size_t position = 0;
  while (position < text.size()) {
    std::size_t end = text.find('\n', position);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    const std::string_view line = text.substr(position, end - position);
    position = end + 1;
    ++line_number;
    const bool is_entry = line.size() >= 2 && line[0] >= 'A' && line[0] <= 'Z' && line[1] == ':';
    if (!is_entry) {
      if (!is_blank_or_comment(line)) {
        m_lines.push_back(Line{0, line, file_index, line_number, -1, -1});
        seen_title = true;
      }
      continue;
    }
    std::size_t value_start = 2;
    while (value_start < line.size() && text::is_space(line[value_start])) {
      ++value_start;
    }
    const std::string_view value = line.substr(value_start);
    if (value.empty()) {
      throw_usage("empty '" + std::string(line.substr(0, 2)) + "' entry",
                  Where{name, line_number, 0, {}});
    }
    if (!seen_title) {
      throw_usage("'" + std::string(line.substr(0, 2)) + "' entry before any section title",
                  Where{name, line_number, 0, {}});
    }
    Line entry{line[0], value, file_index, line_number, -1, -1};
    if (entry.tag == 'F' || entry.tag == 'X') {
      std::string regex = m_rules == Rules::xen && value.find('{') != std::string_view::npos
                              ? convert_glob(expand_braces(value))
                              : convert_glob(value);
      if (probe && regex.back() != '/' && probe(regex)) {
        regex += '/';
      }
      entry.pattern = static_cast<int>(m_patterns.size());
      m_patterns.push_back(classify(regex, pattern_texts, spans.emplace_back()));
    } else if (entry.tag == 'N' || entry.tag == 'K') {
      entry.literal = static_cast<int>(m_required_literals.size());
      m_required_literals.push_back(required_literal_of(value));
    }
    m_lines.push_back(entry);
  }
  // The file's pattern text is final: its patterns view it now (index_section reads them).
  m_owned_texts.push_back(std::make_unique<std::string>(std::move(pattern_texts)));
  const std::string_view texts = *m_owned_texts.back();
  for (std::size_t i = 0; i < spans.size(); ++i) {
    FilePattern& pattern = m_patterns[first_new_pattern + i];
    pattern.regex = texts.substr(spans[i].regex_at, spans[i].regex_size);
    pattern.glob = texts.substr(spans[i].glob_at, spans[i].glob_size);
  }
  // Sections: runs of entries, titled by the line before each run.
  m_section_of_line.resize(m_lines.size(), -1);
  std::size_t i = first_new_line;
  while (i < m_lines.size()) {
    if (m_lines[i].tag == 0) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < m_lines.size() && m_lines[end].tag != 0) {
      ++end;
    }
    index_section(i, end);
    i = end;
  }
}

void Database::add_files(std::vector<std::pair<std::string, std::string>> files,
                         const DirectoryProbe& probe, int jobs) {
  std::size_t total = 0;
  for (const auto& file : files) {
    total += file.second.size();
  }
  // Contiguous runs of about equal bytes, one per thread: U-Boot's 42 KB MAINTAINERS and its 550
  // board files split in two.
  const std::size_t parts = std::max<std::size_t>(1, std::min<std::size_t>(jobs, files.size()));
  std::vector<std::size_t> bounds{0};
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < files.size() && bounds.size() < parts; ++i) {
    bytes += files[i].second.size();
    if (bytes * parts >= total * bounds.size()) {
      bounds.push_back(i + 1);
    }
  }
  bounds.push_back(files.size());
  // The first run is parsed here, the others apart and then appended (their indices shifted).
  std::vector<Database> others(bounds.size() - 2);
  std::vector<std::exception_ptr> errors(bounds.size() - 1);
  parallel_for(errors.size(), jobs, [&](std::size_t part) {
    Database& target = part == 0 ? *this : others[part - 1];
    target.set_rules(m_rules);
    try {
      // Sized once for the run: growing file by file copied the lines and patterns again.
      std::size_t newlines = 0;
      for (std::size_t i = bounds[part]; i < bounds[part + 1]; ++i) {
        const std::string& text = files[i].second;
        newlines += static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
      }
      target.m_lines.reserve(target.m_lines.size() + newlines);
      target.m_patterns.reserve(target.m_patterns.size() + newlines);  // untouched: no pages
      for (std::size_t i = bounds[part]; i < bounds[part + 1]; ++i) {
        target.add_file(std::move(files[i].first), std::move(files[i].second), probe);
      }
    } catch (...) {
      errors[part] = std::current_exception();
    }
  });
  for (const std::exception_ptr& error : errors) {
    if (error) {
      std::rethrow_exception(error);
    }
  }
  for (Database& part : others) {
    append(std::move(part));
  }
}

void Database::append(Database&& other) {
  const int files = static_cast<int>(m_file_names.size());
  const int lines = static_cast<int>(m_lines.size());
  const int patterns = static_cast<int>(m_patterns.size());
  const int literals = static_cast<int>(m_required_literals.size());
  const int sections = static_cast<int>(m_sections.size());
  const auto move_all = [](auto& to, auto& from) {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  };
  const auto shift_all = [](std::vector<int>& to, const std::vector<int>& from, int by) {
    for (const int index : from) {
      to.push_back(index + by);
    }
  };
  move_all(m_file_names, other.m_file_names);
  // Owned by pointer: the views of lines and patterns stay valid.
  move_all(m_owned_texts, other.m_owned_texts);
  move_all(m_kept_bytes, other.m_kept_bytes);
  move_all(m_contents, other.m_contents);
  move_all(m_patterns, other.m_patterns);
  move_all(m_required_literals, other.m_required_literals);
  m_lines.reserve(m_lines.size() + other.m_lines.size());
  for (Line line : other.m_lines) {
    line.file += files;
    line.pattern = line.pattern < 0 ? -1 : line.pattern + patterns;
    line.literal = line.literal < 0 ? -1 : line.literal + literals;
    m_lines.push_back(line);
  }
  for (Section& section : other.m_sections) {
    section.title += lines;
    section.first += lines;
    section.end += lines;
    for (int& exclude : section.excludes) {
      exclude += lines;
    }
    m_sections.push_back(std::move(section));
  }
  for (const int section : other.m_section_of_line) {
    m_section_of_line.push_back(section < 0 ? -1 : section + sections);
  }
  for (const auto& [top, indices] : other.m_file_lines_by_top) {
    shift_all(m_file_lines_by_top[top], indices, lines);
  }
  shift_all(m_file_lines_anywhere, other.m_file_lines_anywhere, lines);
  shift_all(m_regex_lines, other.m_regex_lines, lines);
  shift_all(m_keyword_lines, other.m_keyword_lines, lines);
}

void Database::index_section(std::size_t first, std::size_t end) {
  const int section_index = static_cast<int>(m_sections.size());
  Section section{static_cast<int>(first) - 1, static_cast<int>(first), static_cast<int>(end), {}};
  for (std::size_t i = first; i < end; ++i) {
    m_section_of_line[i] = section_index;
    const Line& line = m_lines[i];
    const int index = static_cast<int>(i);
    if (line.tag == 'X') {
      section.excludes.push_back(index);
    } else if (line.tag == 'N') {
      m_regex_lines.push_back(index);
    } else if (line.tag == 'K') {
      m_keyword_lines.push_back(index);
    } else if (line.tag == 'F') {
      const std::string_view prefix =
          m_patterns[static_cast<std::size_t>(line.pattern)].literal_prefix();
      const std::size_t slash = prefix.find('/');
      if (slash == std::string_view::npos) {
        m_file_lines_anywhere.push_back(index);
      } else {
        m_top_key.assign(prefix, 0, slash);  // reused buffer: no allocation per F: line
        m_file_lines_by_top[m_top_key].push_back(index);
      }
    }
  }
  m_sections.push_back(std::move(section));
}

const Section* Database::section_of(int line_index) const {
  const int section = m_section_of_line[static_cast<std::size_t>(line_index)];
  return section < 0 ? nullptr : &m_sections[static_cast<std::size_t>(section)];
}

bool Database::matches_file(const Line& line, std::string_view path) const {
  const FilePattern& pattern = m_patterns[static_cast<std::size_t>(line.pattern)];
  const std::string_view prefix = pattern.literal_prefix();
  if (path.compare(0, prefix.size(), prefix) != 0) {
    return false;
  }
  const bool matched = pattern.is_simple
                           ? glob_prefix_match(pattern.glob, path)
                           : run_regex(static_cast<int>(&line - m_lines.data()), "", path, true);
  if (!matched) {
    return false;
  }
  return pattern.has_trailing_slash ||
         static_cast<int>(std::count(path.begin(), path.end(), '/')) == pattern.slashes;
}

void Database::candidate_file_lines(std::string_view path, std::vector<int>& out) const {
  out.insert(out.end(), m_file_lines_anywhere.begin(), m_file_lines_anywhere.end());
  const std::size_t slash = path.find('/');
  if (slash != std::string_view::npos) {
    const auto it = m_file_lines_by_top.find(std::string(path.substr(0, slash)));
    if (it != m_file_lines_by_top.end()) {
      out.insert(out.end(), it->second.begin(), it->second.end());
    }
  }
}

std::string_view Database::required_literal(int line_index) const {
  const int literal = m_lines[static_cast<std::size_t>(line_index)].literal;
  return literal < 0 ? std::string_view() : m_required_literals[static_cast<std::size_t>(literal)];
}

const PerlRegex& Database::compiled(int line_index, std::string_view prefix) const {
  std::string key = std::to_string(line_index);
  key += '\0';
  key += prefix;
  const std::lock_guard<std::mutex> lock(m_cache->mutex);
  auto& slot = m_cache->regexes[key];
  if (!slot) {
    const Line& line = m_lines[static_cast<std::size_t>(line_index)];
    const std::string body = line.pattern >= 0
                                 ? std::string(m_patterns[static_cast<std::size_t>(line.pattern)].regex)
                                 : std::string(line.text);
    try {
      // F:/X: are matched without /x; N: and K: with it.
      slot = std::make_unique<PerlRegex>(
          PerlRegex::compile(std::string(prefix) + body, line.pattern < 0));
    } catch (const Error& e) {
      throw_usage(e.what(),
                  Where{m_file_names[static_cast<std::size_t>(line.file)], line.line, 0, {}});
    }
  }
  return *slot;
}

bool Database::regex_matches(int line_index, std::string_view path) const {
  const std::string_view literal = required_literal(line_index);
  if (!literal.empty() && path.find(literal) == std::string_view::npos) {
    return false;
  }
  return run_regex(line_index, "", path, false);
}

bool Database::keyword_matches(int line_index, std::string_view prefix,
                               std::string_view text) const {
  const std::string_view literal = required_literal(line_index);
  if (!literal.empty() && text.find(literal) == std::string_view::npos) {
    return false;
  }
  return run_regex(line_index, prefix, text, false);
}

bool Database::run_regex(int line_index, std::string_view prefix, std::string_view text,
                         bool anchored) const {
  const PerlRegex& regex = compiled(line_index, prefix);
  try {
    return anchored ? regex.match_prefix(text) : regex.search(text);
  } catch (const Error& e) {
    const Line& line = m_lines[static_cast<std::size_t>(line_index)];
    throw_usage(e.what(),
                Where{m_file_names[static_cast<std::size_t>(line.file)], line.line, 0, {}});
  }
}

std::string Database::xen_file_version() const {
  for (const Section& section : m_sections) {
    if (section_name(section) != "THE REST") {
      continue;
    }
    for (int i = section.first; i < section.end; ++i) {
      const Line& line = m_lines[static_cast<std::size_t>(i)];
      const std::size_t at = line.text.find("xen-maintainers-");
      if (line.tag == 'V' && at != std::string_view::npos && at + 16 < line.text.size()) {
        return std::string(line.text.substr(at + 16));
      }
    }
  }
  return {};
}

std::vector<std::string> script_penguin_chiefs(std::string_view script) {
  std::vector<std::string> chiefs;
  constexpr std::string_view k_push = "push(@penguin_chief, \"";
  for (std::size_t at = script.find(k_push); at != std::string_view::npos;
       at = script.find(k_push, at + 1)) {
    const std::size_t newline = script.rfind('\n', at);
    const std::size_t line_start = newline == std::string_view::npos ? 0 : newline + 1;
    if (script.substr(line_start, at - line_start).find_first_not_of(" \t") !=
        std::string_view::npos) {
      continue;  // not a statement of its own: a comment or part of a string
    }
    const std::size_t begin = at + k_push.size();
    const std::size_t end = script.find('"', begin);
    if (end == std::string_view::npos || script.find('\n', begin) < end) {
      continue;
    }
    std::string chief;
    for (std::size_t i = begin; i < end; ++i) {
      if (script[i] == '\\' && i + 1 < end) {
        ++i;
      }
      chief.push_back(script[i]);
    }
    chiefs.push_back(std::move(chief));
  }
  return chiefs;
}

DirectoryProbe directory_set_probe(const text::StringSet& directories) {
  // Most F: values name files, and get_maintainer's conversion made each '.' "\\.": no directory
  // has such a name (unless one has a backslash), so those are answered without the set, whose
  // 2,000 scattered entries cost a cache miss or three per lookup.
  const bool any_backslash = std::any_of(
      directories.begin(), directories.end(),
      [](const std::string& directory) { return directory.find('\\') != std::string::npos; });
  return [&directories, any_backslash](const std::string& path) {
    std::string_view trimmed = path;
    while (trimmed.size() > 2 && trimmed.substr(0, 2) == "./") {
      trimmed.remove_prefix(2);
    }
    if (!any_backslash && trimmed.find('\\') != std::string_view::npos) {
      return false;
    }
    return directories.find(trimmed) != directories.end();
  };
}

Database load_database_file(const std::string& path, const DirectoryProbe& probe, Rules rules) {
  Database database;
  database.set_rules(rules);
  database.add_file(path, text::read_file(path), probe);
  return database;
}

namespace {

// Closes a descriptor on every path out.
struct Descriptor {
  int fd = -1;
  explicit Descriptor(int f) : fd(f) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() {
    if (fd >= 0) {
      close(fd);
    }
  }
};

long long mtime_ns(const struct stat& info) {
  return static_cast<long long>(info.st_mtim.tv_sec) * 1000000000LL + info.st_mtim.tv_nsec;
}

// What a kept scan is checked against: a directory's or a file's modification time in
// nanoseconds, and a file's size (-1 for a directory). relative is "" for the tree's top.
struct Stamp {
  std::string relative;
  long long mtime = 0;
  long long size = -1;
};

// Reads the file name relative to directory descriptor dir and stamps it from the same open
// file; nullopt when there is none.
std::optional<std::pair<std::string, Stamp>> read_stamped(int dir, const char* name) {
  const Descriptor file(openat(dir, name, O_RDONLY | O_CLOEXEC));
  if (file.fd < 0) {
    return std::nullopt;
  }
  struct stat info {};
  if (fstat(file.fd, &info) != 0) {
    return std::nullopt;
  }
  std::string content;
  content.reserve(static_cast<std::size_t>(std::max<off_t>(0, info.st_size)));
  char buffer[65536];
  for (;;) {
    const ssize_t got = read(file.fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      return std::nullopt;
    }
    if (got == 0) {
      return std::make_pair(std::move(content),
                            Stamp{{}, mtime_ns(info), static_cast<long long>(info.st_size)});
    }
    content.append(buffer, static_cast<std::size_t>(got));
  }
}

bool is_directory_entry(int dir, const dirent& entry) {
  if (entry.d_type != DT_UNKNOWN) {
    return entry.d_type == DT_DIR;
  }
  struct stat info {};
  return fstatat(dir, entry.d_name, &info, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(info.st_mode);
}

struct TreeScan {
  std::filesystem::path root;
  text::StringSet directories;
  std::vector<std::pair<std::string, std::string>> files;  // relative path, content
  std::vector<Stamp> stamps;  // every directory seen and every file read, for the kept scan
};

// Depth-first in sorted name order, one readdir pass per directory (d_type, so no stat per
// entry) and paths opened relative to their directory: every directory below root (for the F:
// directory probe) and every file named MAINTAINERS below it, read as it is met.
void walk_tree(int dir, const std::string& relative, TreeScan& scan) {
  struct stat dir_info {};
  if (fstat(dir, &dir_info) == 0) {
    scan.stamps.push_back(Stamp{relative, mtime_ns(dir_info), -1});
  }
  const std::unique_ptr<DIR, int (*)(DIR*)> owned(fdopendir(dir), &closedir);
  if (!owned) {
    close(dir);
    return;
  }
  DIR* stream = owned.get();
  std::vector<std::pair<std::string, bool>> entries;  // name, is directory
  while (const dirent* entry = readdir(stream)) {
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") {
      continue;
    }
    entries.emplace_back(name, is_directory_entry(dirfd(stream), *entry));
  }
  std::sort(entries.begin(), entries.end());
  for (const auto& [name, is_directory] : entries) {
    const std::string path = relative.empty() ? name : relative + "/" + name;
    if (is_directory) {
      if (name == ".git") {
        continue;
      }
      scan.directories.insert(path);
      const int child = openat(dirfd(stream), name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (child >= 0) {
        walk_tree(child, path, scan);
      }
    } else if (name == "MAINTAINERS" && !relative.empty()) {
      auto read = read_stamped(dirfd(stream), name.c_str());
      if (!read) {
        const std::string full = (scan.root / path).string();
        throw_usage("cannot read '" + full + "'", Where{.file = full});
      }
      read->second.relative = path;
      scan.stamps.push_back(std::move(read->second));
      scan.files.emplace_back(path, std::move(read->first));
    }
  }
}

// The scan of a work tree is kept in its git directory (<root>/.git/patchflow/worktree-index-
// MAINTAINERS) as the database parsed from it, and trusted only while every directory it saw and
// every file it read still has the modification time (and size) it had: a file added, removed
// or renamed changes its directory's time, an edit changes the file's. Times within two seconds
// of the scan are not trusted (git's racy-timestamp rule), so such a scan is not kept. No .git:
// no cache.
std::optional<std::filesystem::path> scan_cache_path(const std::filesystem::path& root) {
  const std::filesystem::path dot_git = root / ".git";
  std::error_code ec;
  if (std::filesystem::is_directory(dot_git, ec)) {
    return dot_git / "patchflow" / "worktree-index-MAINTAINERS";
  }
  if (!std::filesystem::is_regular_file(dot_git, ec)) {
    return std::nullopt;
  }
  std::string line = text::read_file(dot_git.string());  // "gitdir: <path>"
  if (line.rfind("gitdir: ", 0) != 0) {
    return std::nullopt;
  }
  line = line.substr(8);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
    line.pop_back();
  }
  std::filesystem::path git_dir(line);
  if (git_dir.is_relative()) {
    git_dir = root / git_dir;
  }
  return git_dir / "patchflow" / "worktree-index-MAINTAINERS";
}

// Version 3 holds the parsed database (kept_database.hpp), and ends each stamp's path in a NUL
// so the check hands it to the kernel as it lies in the mapped file (no string per stamp).
// Version 2's paths had no NUL; version 1 held the files' text.
constexpr std::string_view k_scan_magic = "patchflow worktree-index 3\n";

// A stamp as the kept file holds it: path points into the mapped file, NUL-terminated.
struct KeptStamp {
  const char* path = nullptr;
  long long mtime = 0;
  long long size = -1;
};

// Is every stamp still what the tree says? U-Boot's 2,500 stats are most of a kept lookup's
// time, all of it in the kernel, each independent: on two threads they take half the time (when
// the machine has two cores to give). Chunks, so a thread takes a run of them per atomic step;
// the first change found stops both. Paths are stat'ed relative to the open root: the kernel
// walks only the path inside the tree.
bool stamps_hold(const std::filesystem::path& root, const std::vector<KeptStamp>& stamps) {
  const Descriptor root_fd(open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (root_fd.fd < 0) {
    return false;
  }
  constexpr std::size_t k_chunk = 128;
  std::atomic<bool> changed{false};
  parallel_for((stamps.size() + k_chunk - 1) / k_chunk, k_load_jobs, [&](std::size_t chunk) {
    struct stat info {};
    const std::size_t end = std::min(stamps.size(), (chunk + 1) * k_chunk);
    for (std::size_t i = chunk * k_chunk; i < end && !changed.load(std::memory_order_relaxed);
         ++i) {
      const KeptStamp& stamp = stamps[i];
      const bool is_directory = stamp.size < 0;
      const bool same = fstatat(root_fd.fd, stamp.path, &info, 0) == 0 &&
                        S_ISDIR(info.st_mode) == is_directory && mtime_ns(info) == stamp.mtime &&
                        (is_directory || info.st_size == stamp.size);
      if (!same) {
        changed.store(true, std::memory_order_relaxed);  // changed since: scan again
      }
    }
  });
  return !changed.load();
}

// The database kept for root at path, when nothing it was read from has changed and it was
// parsed under rules; else nullopt (the tree is scanned again).
std::optional<Database> read_kept_scan(const std::filesystem::path& root,
                                       const std::filesystem::path& path, Rules rules) {
  std::optional<MappedFile> mapped = MappedFile::open(path.string());
  if (!mapped || mapped->bytes().substr(0, k_scan_magic.size()) != k_scan_magic) {
    return std::nullopt;
  }
  // Shared: the database decoded from it views its bytes.
  const auto kept = std::make_shared<const MappedFile>(std::move(*mapped));
  const std::string_view data = kept->bytes();
  std::size_t at = k_scan_magic.size();
  // "<count>\n", then per stamp "<mtime> <size> <relative path, "." for the top>\0\n".
  auto number = [&](long long& out, char stop) {
    const char* begin = data.data() + at;
    const char* end = data.data() + data.size();
    const auto [next, ec] = std::from_chars(begin, end, out);
    if (ec != std::errc() || next == end || *next != stop) {
      return false;
    }
    at = static_cast<std::size_t>(next - data.data()) + 1;
    return true;
  };
  long long count = 0;
  if (!number(count, '\n') || count < 0 || static_cast<std::size_t>(count) > data.size()) {
    return std::nullopt;
  }
  std::vector<KeptStamp> stamps(static_cast<std::size_t>(count));
  for (KeptStamp& stamp : stamps) {
    if (!number(stamp.mtime, ' ') || !number(stamp.size, ' ')) {
      return std::nullopt;
    }
    const std::size_t end = data.find('\0', at);
    if (end == std::string_view::npos || end == at || end + 1 >= data.size() ||
        data[end + 1] != '\n') {
      return std::nullopt;
    }
    stamp.path = data.data() + at;
    at = end + 2;
  }
  if (!stamps_hold(root, stamps)) {
    return std::nullopt;
  }
  std::optional<Database> database = decode_database(data.substr(at), kept);
  if (!database || database->rules() != rules) {
    return std::nullopt;
  }
  return database;
}

void write_kept_scan(const std::filesystem::path& path, const std::vector<Stamp>& stamps,
                     const Database& database) {
  struct timespec now {};
  clock_gettime(CLOCK_REALTIME, &now);
  const long long racy = (static_cast<long long>(now.tv_sec) - 2) * 1000000000LL;
  std::string data(k_scan_magic);
  data += std::to_string(stamps.size()) + "\n";
  for (const Stamp& stamp : stamps) {
    if (stamp.mtime >= racy) {
      return;
    }
    data += std::to_string(stamp.mtime) + " " + std::to_string(stamp.size) + " " +
            (stamp.relative.empty() ? "." : stamp.relative);
    data += '\0';
    data += '\n';
  }
  data += encode_database(database);
  text::write_kept_file(path.string(), data);
}

}  // namespace

Database load_database_dir(const std::string& root, bool find_maintainer_files,
                           const DirectoryProbe& probe, Rules rules) {
  const std::filesystem::path base(root);
  // Only a scan with the tree's own directories as the probe is kept: a caller's probe may
  // answer otherwise, and the patterns keep its answers.
  const std::optional<std::filesystem::path> cache =
      find_maintainer_files && !probe ? scan_cache_path(base) : std::nullopt;
  if (cache) {
    if (std::optional<Database> kept = read_kept_scan(base, *cache, rules)) {
      return std::move(*kept);
    }
  }
  TreeScan scan;
  scan.root = base;
  const Descriptor top(open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (find_maintainer_files && top.fd >= 0) {
    walk_tree(dup(top.fd), "", scan);  // walk_tree owns (and closes) the descriptor it is given
  }
  auto maintainers = top.fd >= 0 ? read_stamped(top.fd, "MAINTAINERS") : std::nullopt;
  if (!maintainers) {
    // Throws the error naming the file; read after all, it has no stamp: the scan is not kept.
    maintainers.emplace(text::read_file((base / "MAINTAINERS").string()),
                        Stamp{{}, std::numeric_limits<long long>::max(), 0});
  }
  maintainers->second.relative = "MAINTAINERS";
  scan.stamps.push_back(std::move(maintainers->second));
  scan.files.insert(scan.files.begin(), {"MAINTAINERS", std::move(maintainers->first)});
  DirectoryProbe directory_probe = probe;
  if (!directory_probe && find_maintainer_files) {
    directory_probe = directory_set_probe(scan.directories);
  } else if (!directory_probe) {
    directory_probe = [base](const std::string& path) {
      std::error_code ignored;
      return std::filesystem::is_directory(base / path, ignored);
    };
  }
  Database database;
  database.set_rules(rules);
  database.add_files(std::move(scan.files), directory_probe, k_load_jobs);
  if (cache) {
    write_kept_scan(*cache, scan.stamps, database);
  }
  return database;
}

}  // namespace patchflow::maintainers
