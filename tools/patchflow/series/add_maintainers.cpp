#include "patchflow/series/add_maintainers.hpp"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <tuple>
#include <unordered_set>

#include "patchflow/core/error.hpp"
#include "patchflow/core/text.hpp"

namespace patchflow::series {

namespace {

bool starts_with_nocase(std::string_view line, std::string_view prefix) {
  return line.size() >= prefix.size() &&
         text::to_lower(line.substr(0, prefix.size())) == text::to_lower(prefix);
}

std::vector<std::string_view> lines_of(std::string_view content) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start < content.size()) {
    std::size_t end = content.find('\n', start);
    if (end == std::string_view::npos) {
      end = content.size();
    }
    out.push_back(content.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Appends the items of from not in seen (case-insensitive), in order, each once.
void add_new(std::vector<std::string>& to, const std::vector<std::string>& from,
             std::unordered_set<std::string>& seen) {
  for (const std::string& item : from) {
    if (seen.insert(text::to_lower(item)).second) {
      to.push_back(item);
    }
  }
}

// The first line starting with delimiter (case-insensitive); npos when none.
std::size_t find_line(std::string_view content, std::string_view delimiter) {
  std::size_t start = 0;
  while (start < content.size()) {
    if (starts_with_nocase(content.substr(start), delimiter)) {
      return start;
    }
    const std::size_t end = content.find('\n', start);
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  return std::string_view::npos;
}

// add_maintainers.pl's insert(): the lines before the first line starting with delimiter
// ("Date:", "Signed-off-by:", "-- "), or after the "---" delimiter itself.
void insert(std::string& content, const std::vector<std::string>& lines, std::string_view delimiter,
            bool after, const std::string& file) {
  if (lines.empty()) {
    return;
  }
  const std::size_t at = find_line(content, delimiter);
  if (at == std::string::npos) {
    throw_usage("no line starting with '" + std::string(delimiter) + "' to add the recipients at",
                Where{.file = file});
  }
  const std::string block = text::join(lines, "\n") + "\n";
  if (after) {
    // The script writes delimiter, "\n", the lines, "\n", then the rest of the delimiter's
    // line (its own newline): a blank line follows the block.
    content.insert(at + delimiter.size(), "\n" + block);
  } else {
    content.insert(at, block);
  }
}

struct Planned {
  std::string path;
  std::string content;
  std::vector<std::string> lines;
};

// Places to (header) and cc lines in content at location.
void place(Planned& planned, const std::vector<std::string>& to, const std::vector<std::string>& cc,
           const std::string& location) {
  if (location == "none") {
    return;
  }
  if (location == "header") {
    std::vector<std::string> both = to;
    std::unordered_set<std::string> seen;
    for (const auto& line : to) seen.insert(line);
    for (const auto& line : cc) {
      if (seen.insert(line).second) both.push_back(line);
    }
    insert(planned.content, both, "Date:", false, planned.path);
    planned.lines = both;
    return;
  }
  const bool after = location == "comment";
  const std::string_view delimiter = location == "commit"    ? "Signed-off-by:"
                                     : location == "comment" ? "---"
                                                             : "-- ";
  insert(planned.content, cc, delimiter, after, planned.path);
  insert(planned.content, to, "Date:", false, planned.path);
  planned.lines = to;
  planned.lines.insert(planned.lines.end(), cc.begin(), cc.end());
}

// The file's own To:/Cc: lines (anywhere, as the script reads them) and its *-by: people.
void existing_lines(std::string_view content, std::vector<std::string>& to,
                    std::vector<std::string>& cc, std::vector<std::string>* tagged) {
  for (const std::string_view line : lines_of(content)) {
    if (starts_with_nocase(line, "To:")) {
      to.emplace_back(line);
    }
    if (starts_with_nocase(line, "Cc:")) {
      cc.emplace_back(line);
    }
    if (tagged) {
      // /^[-0-9a-z]+-by:[[:blank:]]+/i
      std::size_t p = 0;
      while (p < line.size() &&
             (std::isalnum(static_cast<unsigned char>(line[p])) || line[p] == '-')) {
        ++p;
      }
      if (p > 3 && starts_with_nocase(line.substr(p - 3), "-by:") && p + 1 < line.size() &&
          (line[p + 1] == ' ' || line[p + 1] == '\t')) {
        std::size_t value = p + 1;
        while (value < line.size() && (line[value] == ' ' || line[value] == '\t')) {
          ++value;
        }
        tagged->push_back("Cc: " + std::string(line.substr(value)));
      }
    }
  }
}

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

}  // namespace

SeriesFiles series_patch_files(const std::string& dir, const AddMaintainersOptions& where) {
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    throw_usage("no directory '" + dir + "'", Where{.file = dir});
  }
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.is_regular_file()) {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());  // glob order
  std::string prefix;
  int reroll = where.reroll_count;
  if (reroll == 0) {
    // The script takes the version from the first *.patch when it is a vN- cover letter.
    for (const std::string& name : names) {
      if (name.size() > 6 && name.substr(name.size() - 6) == ".patch") {
        const std::size_t dash = name.find('-');
        if (name[0] == 'v' && dash != std::string::npos && is_digits(name.substr(1, dash - 1)) &&
            name.substr(dash + 1) == "0000-cover-letter.patch") {
          reroll = std::stoi(name.substr(1, dash - 1));
        }
        break;
      }
    }
  }
  if (reroll > 0) {
    prefix = "v" + std::to_string(reroll) + "-";
  }
  std::vector<std::string> patches;
  for (const std::string& name : names) {
    if (name.size() >= prefix.size() + 4 + 6 && name.compare(0, prefix.size(), prefix) == 0 &&
        is_digits(name.substr(prefix.size(), 4)) && name.substr(name.size() - 6) == ".patch") {
      patches.push_back(name);
    }
  }
  if (patches.empty()) {
    throw_usage("no " + prefix + "NNNN*.patch files in '" + dir + "' (try --reroll-count)",
                Where{.file = dir});
  }
  SeriesFiles files;
  for (const std::string& name : patches) {
    files.paths.push_back((std::filesystem::path(dir) / name).string());
  }
  files.cover = (std::filesystem::path(dir) / (prefix + "0000-cover-letter.patch")).string();
  return files;
}

std::vector<AddedLines> add_maintainers(const std::string& dir, const maintainers::Source& source,
                                        const maintainers::Options& options,
                                        const AddMaintainersOptions& where) {
  for (const auto& [name, value, allowed] :
       {std::tuple{"--patchcc", where.patch_location,
                   std::vector<std::string>{"header", "commit", "comment", "none"}},
        std::tuple{"--covercc", where.cover_location,
                   std::vector<std::string>{"header", "end", "none"}}}) {
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
      throw_usage(std::string(name) + ": unknown location '" + value + "' (" +
                  text::join(allowed, ", ") + ")");
    }
  }
  const SeriesFiles files = series_patch_files(dir, where);
  std::unordered_set<std::string> list_values;
  for (const maintainers::Line& line : source.database->lines()) {
    if (line.tag == 'L') {
      list_values.emplace(line.text);
    }
  }
  std::vector<Planned> planned;
  std::vector<std::string> all_to, all_cc;
  std::optional<std::size_t> cover;
  for (const std::string& path : files.paths) {
    Planned plan{path, text::read_file(path), {}};
    if (path == files.cover) {
      cover = planned.size();
      planned.push_back(std::move(plan));
      continue;
    }
    maintainers::Scan scan;
    maintainers::scan_patch(*source.database, plan.content, options, scan);
    const maintainers::Result result =
        maintainers::find_maintainers(*source.database, scan, options);
    std::vector<std::string> to, cc;
    for (const maintainers::Recipient& r : result.recipients) {
      // As the script: a line is a list when it is some L: value verbatim ("x@y (moderated
      // for non-subscribers)" is not, so such a list goes as Cc:).
      const bool list = list_values.count(r.address()) > 0;
      (list ? to : cc).push_back((list ? "To: " : "Cc: ") + r.address());
    }
    all_to.insert(all_to.end(), to.begin(), to.end());
    all_cc.insert(all_cc.end(), cc.begin(), cc.end());
    std::vector<std::string> have_to, have_cc, tagged;
    existing_lines(plan.content, have_to, have_cc, &tagged);
    all_to.insert(all_to.end(), have_to.begin(), have_to.end());
    all_cc.insert(all_cc.end(), have_cc.begin(), have_cc.end());
    if (where.tags && !where.tags_cc) {
      to.insert(to.end(), tagged.begin(), tagged.end());
      all_to.insert(all_to.end(), tagged.begin(), tagged.end());
    } else if (where.tags_cc) {
      have_cc.insert(have_cc.end(), tagged.begin(), tagged.end());
      all_cc.insert(all_cc.end(), tagged.begin(), tagged.end());
    }
    std::unordered_set<std::string> seen_to, seen_cc;
    for (const auto& line : have_to) seen_to.insert(text::to_lower(line));
    for (const auto& line : have_cc) seen_cc.insert(text::to_lower(line));
    std::vector<std::string> new_to, new_cc;
    add_new(new_to, to, seen_to);
    add_new(new_cc, cc, seen_cc);
    place(plan, new_to, new_cc, where.patch_location);
    planned.push_back(std::move(plan));
  }
  if (cover) {
    Planned& plan = planned[*cover];
    std::vector<std::string> have_to, have_cc;
    existing_lines(plan.content, have_to, have_cc, nullptr);
    std::unordered_set<std::string> seen_to, seen_cc;
    for (const auto& line : have_to) seen_to.insert(text::to_lower(line));
    for (const auto& line : have_cc) seen_cc.insert(text::to_lower(line));
    std::vector<std::string> new_to, new_cc;
    add_new(new_to, all_to, seen_to);
    add_new(new_cc, all_cc, seen_cc);
    place(plan, new_to, new_cc, where.cover_location);
  }
  std::vector<AddedLines> added;
  for (const Planned& plan : planned) {
    if (!plan.lines.empty()) {
      text::write_file_atomically(plan.path, plan.content);
    }
    added.push_back({plan.path, plan.lines});
  }
  return added;
}

std::string format_text(const std::vector<AddedLines>& added) {
  std::string out;
  for (const AddedLines& file : added) {
    out += std::filesystem::path(file.file).filename().string() + ": ";
    out += file.lines.empty() ? "unchanged\n"
                              : "added " + std::to_string(file.lines.size()) + " line" +
                                    (file.lines.size() == 1 ? "" : "s") + "\n";
    for (const std::string& line : file.lines) {
      out += "  " + line + "\n";
    }
  }
  return out;
}

nlohmann::json to_json(const std::vector<AddedLines>& added) {
  nlohmann::json out = nlohmann::json::array();
  for (const AddedLines& file : added) {
    out.push_back({{"file", file.file}, {"added", file.lines}});
  }
  return out;
}

}  // namespace patchflow::series
