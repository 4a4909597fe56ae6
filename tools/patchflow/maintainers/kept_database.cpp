#include "patchflow/maintainers/kept_database.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "patchflow/core/build_id.hpp"

namespace patchflow::maintainers {

namespace {

// Version 1; the build id after it makes any other build's bytes a miss, so the layout below
// may change freely between builds.
constexpr std::string_view k_magic = "patchflow maintainers database 1\n";

// Numbers as 4 native bytes (the bytes never leave the machine that wrote them), texts as their
// size then their bytes.
class Writer {
 public:
  explicit Writer(std::string& out) : m_out(out) {}
  void number(std::uint32_t value) {
    char bytes[sizeof value];
    std::memcpy(bytes, &value, sizeof value);
    m_out.append(bytes, sizeof bytes);
  }
  void index(int value) { number(static_cast<std::uint32_t>(value)); }
  void text(std::string_view value) {
    number(static_cast<std::uint32_t>(value.size()));
    m_out.append(value);
  }
  void indices(const std::vector<int>& values) {
    number(static_cast<std::uint32_t>(values.size()));
    for (const int value : values) {
      index(value);
    }
  }

 private:
  std::string& m_out;
};

// Reads what Writer wrote; once anything is out of bounds every later read fails too, so a
// decoder checks ok() once per record.
class Reader {
 public:
  explicit Reader(std::string_view in) : m_in(in) {}
  bool ok() const { return m_ok; }
  bool done() const { return m_ok && m_at == m_in.size(); }
  std::uint32_t number() {
    std::uint32_t value = 0;
    if (!m_ok || m_in.size() - m_at < sizeof value) {
      m_ok = false;
      return 0;
    }
    std::memcpy(&value, m_in.data() + m_at, sizeof value);
    m_at += sizeof value;
    return value;
  }
  // A count of records of at least min_record_size bytes each: bounded by what is left, so a
  // bad count cannot make a decoder reserve gigabytes.
  std::size_t count(std::size_t min_record_size) {
    const std::size_t value = number();
    if (m_ok && value > (m_in.size() - m_at) / std::max<std::size_t>(1, min_record_size)) {
      m_ok = false;
      return 0;
    }
    return value;
  }
  // An index in [low, high), or low - 1 with ok() false.
  int index(int low, int high) {
    const auto value = static_cast<std::int32_t>(number());
    if (value < low || value >= high) {
      m_ok = false;
      return low - 1;
    }
    return value;
  }
  std::string_view text() {
    const std::size_t size = number();
    if (!m_ok || m_in.size() - m_at < size) {
      m_ok = false;
      return {};
    }
    const std::string_view value = m_in.substr(m_at, size);
    m_at += size;
    return value;
  }
  bool indices(std::vector<int>& out, int low, int high) {
    const std::size_t size = count(4);
    out.reserve(size);
    for (std::size_t i = 0; i < size && m_ok; ++i) {
      out.push_back(index(low, high));
    }
    return m_ok;
  }

 private:
  std::string_view m_in;
  std::size_t m_at = 0;
  bool m_ok = true;
};

}  // namespace

std::string encode_database(const Database& database) {
  std::string out(k_magic);
  Writer writer(out);
  writer.text(program_build_id());
  writer.number(database.m_rules == Rules::xen ? 1 : 0);
  writer.number(database.m_penguin_chiefs ? 1 : 0);
  if (database.m_penguin_chiefs) {
    writer.number(static_cast<std::uint32_t>(database.m_penguin_chiefs->size()));
    for (const std::string& chief : *database.m_penguin_chiefs) {
      writer.text(chief);
    }
  }
  writer.number(static_cast<std::uint32_t>(database.m_file_names.size()));
  for (std::size_t i = 0; i < database.m_file_names.size(); ++i) {
    writer.text(database.m_file_names[i]);
    writer.text(database.m_contents[i]);
  }
  writer.number(static_cast<std::uint32_t>(database.m_lines.size()));
  for (const Line& line : database.m_lines) {
    // The text is a view into its file's content: kept as where it starts there.
    const std::string_view content = database.m_contents[static_cast<std::size_t>(line.file)];
    writer.number(static_cast<unsigned char>(line.tag));
    writer.index(line.file);
    writer.number(static_cast<std::uint32_t>(line.text.data() - content.data()));
    writer.number(static_cast<std::uint32_t>(line.text.size()));
    writer.index(line.line);
    writer.index(line.pattern);
    writer.index(line.literal);
  }
  writer.number(static_cast<std::uint32_t>(database.m_sections.size()));
  for (const Section& section : database.m_sections) {
    writer.index(section.title);
    writer.index(section.first);
    writer.index(section.end);
    writer.indices(section.excludes);
  }
  writer.indices(database.m_section_of_line);
  writer.number(static_cast<std::uint32_t>(database.m_patterns.size()));
  for (const FilePattern& pattern : database.m_patterns) {
    writer.text(pattern.regex);
    writer.text(pattern.glob);
    writer.number(pattern.is_simple ? 1 : 0);
    writer.number(static_cast<std::uint32_t>(pattern.literal_prefix_size));
    writer.index(pattern.slashes);
    writer.index(pattern.depth);
    writer.number(pattern.has_trailing_slash ? 1 : 0);
  }
  writer.number(static_cast<std::uint32_t>(database.m_file_lines_by_top.size()));
  for (const auto& [top, lines] : database.m_file_lines_by_top) {
    writer.text(top);
    writer.indices(lines);
  }
  writer.indices(database.m_file_lines_anywhere);
  writer.indices(database.m_regex_lines);
  writer.indices(database.m_keyword_lines);
  writer.number(static_cast<std::uint32_t>(database.m_required_literals.size()));
  for (const std::string& literal : database.m_required_literals) {
    writer.text(literal);
  }
  return out;
}

std::optional<Database> decode_database(std::string_view bytes,
                                        std::shared_ptr<const void> owner) {
  if (bytes.substr(0, k_magic.size()) != k_magic) {
    return std::nullopt;
  }
  Reader reader(bytes.substr(k_magic.size()));
  if (reader.text() != program_build_id() || !reader.ok()) {
    return std::nullopt;
  }
  Database database;
  database.m_kept_bytes.push_back(std::move(owner));
  const std::uint32_t rules = reader.number();
  if (rules > 1) {
    return std::nullopt;
  }
  database.m_rules = rules == 1 ? Rules::xen : Rules::linux;
  const std::uint32_t has_chiefs = reader.number();
  if (has_chiefs > 1) {
    return std::nullopt;
  }
  if (has_chiefs == 1) {
    std::vector<std::string> chiefs(reader.count(4));
    for (std::string& chief : chiefs) {
      chief = reader.text();
    }
    database.m_penguin_chiefs = std::move(chiefs);
  }
  const std::size_t files = reader.count(8);
  database.m_file_names.reserve(files);
  database.m_contents.reserve(files);
  for (std::size_t i = 0; i < files && reader.ok(); ++i) {
    database.m_file_names.emplace_back(reader.text());
    database.m_contents.push_back(reader.text());
  }
  const int file_count = static_cast<int>(database.m_file_names.size());
  // Patterns and literals are counted after the lines that point at them: lines are checked
  // against those counts once they are known.
  const std::size_t lines = reader.count(28);
  database.m_lines.reserve(lines);
  for (std::size_t i = 0; i < lines && reader.ok(); ++i) {
    Line line;
    const std::uint32_t tag = reader.number();
    line.tag = static_cast<char>(tag);
    line.file = reader.index(0, file_count);
    const std::size_t start = reader.number();
    const std::size_t size = reader.number();
    line.line = reader.index(0, INT32_MAX);
    line.pattern = reader.index(-1, INT32_MAX);
    line.literal = reader.index(-1, INT32_MAX);
    if (!reader.ok() || tag > 127) {
      return std::nullopt;
    }
    const std::string_view content = database.m_contents[static_cast<std::size_t>(line.file)];
    if (start > content.size() || size > content.size() - start) {
      return std::nullopt;
    }
    line.text = content.substr(start, size);
    database.m_lines.push_back(line);
  }
  const int line_count = static_cast<int>(database.m_lines.size());
  const std::size_t sections = reader.count(16);
  database.m_sections.reserve(sections);
  for (std::size_t i = 0; i < sections && reader.ok(); ++i) {
    Section section;
    section.title = reader.index(0, line_count);
    section.first = reader.index(0, line_count + 1);
    section.end = reader.index(section.first, line_count + 1);
    reader.indices(section.excludes, 0, line_count);
    database.m_sections.push_back(std::move(section));
  }
  const int section_count = static_cast<int>(database.m_sections.size());
  if (!reader.indices(database.m_section_of_line, -1, section_count) ||
      database.m_section_of_line.size() != database.m_lines.size()) {
    return std::nullopt;
  }
  const std::size_t patterns = reader.count(24);
  database.m_patterns.reserve(patterns);
  for (std::size_t i = 0; i < patterns && reader.ok(); ++i) {
    FilePattern pattern;
    pattern.regex = reader.text();
    pattern.glob = reader.text();
    pattern.is_simple = reader.number() == 1;
    pattern.literal_prefix_size = reader.number();
    pattern.slashes = reader.index(0, INT32_MAX);
    pattern.depth = reader.index(-1, INT32_MAX);
    pattern.has_trailing_slash = reader.number() == 1;
    if (pattern.literal_prefix_size > pattern.glob.size()) {
      return std::nullopt;
    }
    database.m_patterns.push_back(std::move(pattern));
  }
  const std::size_t tops = reader.count(8);
  for (std::size_t i = 0; i < tops && reader.ok(); ++i) {
    std::string top(reader.text());
    reader.indices(database.m_file_lines_by_top[std::move(top)], 0, line_count);
  }
  reader.indices(database.m_file_lines_anywhere, 0, line_count);
  reader.indices(database.m_regex_lines, 0, line_count);
  reader.indices(database.m_keyword_lines, 0, line_count);
  const std::size_t literals = reader.count(4);
  database.m_required_literals.reserve(literals);
  for (std::size_t i = 0; i < literals && reader.ok(); ++i) {
    database.m_required_literals.emplace_back(reader.text());
  }
  if (!reader.done()) {
    return std::nullopt;
  }
  const auto pattern_count = static_cast<int>(database.m_patterns.size());
  const auto literal_count = static_cast<int>(database.m_required_literals.size());
  for (const Line& line : database.m_lines) {
    // The lookups read an F:/X: line's pattern and an N:/K: line's literal without checking.
    const bool needs_pattern = line.tag == 'F' || line.tag == 'X';
    const bool needs_literal = line.tag == 'N' || line.tag == 'K';
    if (line.pattern >= pattern_count || line.literal >= literal_count ||
        (needs_pattern && line.pattern < 0) || (needs_literal && line.literal < 0)) {
      return std::nullopt;
    }
  }
  // Lines listed as F:/X: lines are matched through their pattern.
  const auto all_have_patterns = [&database](const std::vector<int>& indices) {
    return std::all_of(indices.begin(), indices.end(), [&database](int index) {
      return database.m_lines[static_cast<std::size_t>(index)].pattern >= 0;
    });
  };
  bool patterned = all_have_patterns(database.m_file_lines_anywhere);
  for (const auto& [top, indices] : database.m_file_lines_by_top) {
    patterned = patterned && all_have_patterns(indices);
  }
  for (const Section& section : database.m_sections) {
    patterned = patterned && all_have_patterns(section.excludes);
  }
  if (!patterned) {
    return std::nullopt;
  }
  return database;
}

}  // namespace patchflow::maintainers
