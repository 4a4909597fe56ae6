#include "patchflow/patch/diff.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>

#include "patchflow/core/error.hpp"
#include "patchflow/core/text.hpp"

namespace patchflow::patch {
namespace {

std::string strip_prefix(std::string path) {
  if (path == "/dev/null") {
    return {};
  }
  if (path.size() > 2 && (path[0] == 'a' || path[0] == 'b') && path[1] == '/') {
    return path.substr(2);
  }
  return path;
}

// "--- a/foo\t2009-..." -> "a/foo"
std::string header_path(std::string_view rest) {
  rest = text::trim_right(rest);
  if (!rest.empty() && rest.front() == '"') {
    const auto close = rest.find('"', 1);
    return unquote_path(rest.substr(0, close == std::string_view::npos ? rest.size() : close + 1));
  }
  const auto tab = rest.find('\t');
  return std::string(rest.substr(0, tab));
}

// One number of a hunk header, whole and at most max_value (nullopt otherwise): start + count + 1
// then fits an int, so counting lines past the header cannot overflow.
std::optional<int> hunk_number(std::string_view text) {
  constexpr int k_max = std::numeric_limits<int>::max() / 2 - 1;
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < 0 || value > k_max) {
    return std::nullopt;
  }
  return value;
}

bool parse_range(std::string_view text, int& start, int& count) {
  const auto comma = text.find(',');
  const auto first = hunk_number(text.substr(0, comma));
  const auto second =
      comma == std::string_view::npos ? std::optional<int>(1) : hunk_number(text.substr(comma + 1));
  if (!first || !second) {
    return false;
  }
  start = *first;
  count = *second;
  return true;
}

// "@@ -1,4 +1,5 @@ section"
bool parse_hunk_header(std::string_view line, Hunk& hunk) {
  if (line.rfind("@@ -", 0) != 0) {
    return false;
  }
  const auto plus = line.find(" +", 4);
  const auto close = line.find(" @@", 4);
  if (plus == std::string_view::npos || close == std::string_view::npos || close < plus) {
    return false;
  }
  if (!parse_range(line.substr(4, plus - 4), hunk.old_start, hunk.old_count) ||
      !parse_range(line.substr(plus + 2, close - plus - 2), hunk.new_start, hunk.new_count)) {
    return false;
  }
  const std::string_view section = line.substr(close + 3);
  hunk.section = std::string(text::trim(section));
  return true;
}

// "diff --git a/x b/x": split in the middle when both halves match, as git does.
void paths_from_git_header(std::string_view rest, FileDiff& file) {
  if (!rest.empty() && rest.front() == '"') {
    const auto close = rest.find("\" ");
    if (close != std::string_view::npos) {
      file.old_path = strip_prefix(unquote_path(rest.substr(0, close + 1)));
      file.new_path = strip_prefix(unquote_path(text::trim(rest.substr(close + 2))));
      return;
    }
  }
  if (rest.size() % 2 == 1) {
    const std::size_t half = rest.size() / 2;
    const std::string_view a = rest.substr(0, half);
    const std::string_view b = rest.substr(half + 1);
    if (a.size() > 2 && b.size() > 2 && a.substr(2) == b.substr(2)) {
      file.old_path = strip_prefix(std::string(a));
      file.new_path = strip_prefix(std::string(b));
      return;
    }
  }
  const auto space = rest.find(" b/");
  if (space != std::string_view::npos) {
    file.old_path = strip_prefix(std::string(rest.substr(0, space)));
    file.new_path = strip_prefix(std::string(rest.substr(space + 1)));
  }
}

}  // namespace

int FileDiff::added() const {
  int n = 0;
  for (const Hunk& h : hunks) {
    for (const DiffLine& l : h.lines) {
      n += l.kind == LineKind::added ? 1 : 0;
    }
  }
  return n;
}

int FileDiff::removed() const {
  int n = 0;
  for (const Hunk& h : hunks) {
    for (const DiffLine& l : h.lines) {
      n += l.kind == LineKind::removed ? 1 : 0;
    }
  }
  return n;
}

std::string unquote_path(std::string_view path) {
  if (path.size() < 2 || path.front() != '"' || path.back() != '"') {
    return std::string(path);
  }
  std::string out;
  for (std::size_t i = 1; i + 1 < path.size(); ++i) {
    char c = path[i];
    if (c == '\\' && i + 2 < path.size()) {
      const char e = path[++i];
      switch (e) {
        case 'n':
          c = '\n';
          break;
        case 't':
          c = '\t';
          break;
        case '"':
        case '\\':
          c = e;
          break;
        default:
          if (e >= '0' && e <= '7' && i + 2 < path.size()) {
            c = static_cast<char>((e - '0') * 64 + (path[i + 1] - '0') * 8 + (path[i + 2] - '0'));
            i += 2;
          } else {
            c = e;
          }
      }
    }
    out += c;
  }
  return out;
}

ParsedDiff parse_diff(std::string_view diff, const std::string& source, int first_line) {
  ParsedDiff parsed;
  const std::vector<std::string_view> lines = text::split_lines(diff);
  FileDiff* file = nullptr;
  Hunk* hunk = nullptr;
  int old_left = 0, new_left = 0, old_line = 0, new_line = 0;
  auto where = [&](std::size_t i) {
    return Where{.file = source, .line = first_line + static_cast<int>(i)};
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (hunk != nullptr && (old_left > 0 || new_left > 0)) {
      const char tag = line.empty() ? ' ' : line[0];
      DiffLine dl;
      dl.text = std::string(line.empty() ? line : line.substr(1));
      dl.patch_line = first_line + static_cast<int>(i);
      if (lines[i].size() > line.size()) {
        dl.text += '\r';  // keep CRLF visible to style checks (DOS_LINE_ENDINGS)
      }
      if (tag == ' ') {
        dl.kind = LineKind::context;
        dl.old_line = old_line++;
        dl.new_line = new_line++;
        --old_left;
        --new_left;
      } else if (tag == '-') {
        dl.kind = LineKind::removed;
        dl.old_line = old_line++;
        --old_left;
      } else if (tag == '+') {
        dl.kind = LineKind::added;
        dl.new_line = new_line++;
        --new_left;
      } else if (tag == '\\') {
        if (!hunk->lines.empty()) {
          hunk->lines.back().no_newline_at_end = true;
        }
        continue;
      } else {
        throw_usage("hunk ends early: expected " + std::to_string(old_left) + " old and " +
                        std::to_string(new_left) + " new lines more",
                    where(i));
      }
      if (old_left < 0 || new_left < 0) {
        throw_usage("hunk has more lines than its header says", where(i));
      }
      hunk->lines.push_back(std::move(dl));
      continue;
    }
    if (line.rfind("\\ ", 0) == 0) {
      if (hunk != nullptr && !hunk->lines.empty()) {
        hunk->lines.back().no_newline_at_end = true;
      }
      continue;
    }
    if (line.rfind("diff --git ", 0) == 0) {
      parsed.files.emplace_back();
      file = &parsed.files.back();
      hunk = nullptr;
      file->patch_line = first_line + static_cast<int>(i);
      paths_from_git_header(line.substr(11), *file);
      continue;
    }
    if (line.rfind("--- ", 0) == 0 && i + 1 < lines.size() && lines[i + 1].rfind("+++ ", 0) == 0) {
      if (file == nullptr || !file->hunks.empty()) {
        parsed.files.emplace_back();
        file = &parsed.files.back();
        file->patch_line = first_line + static_cast<int>(i);
      }
      hunk = nullptr;
      const std::string old_path = header_path(line.substr(4));
      // trim inside header_path, after the prefix: "+++ " alone trims to 3 characters
      const std::string new_path = header_path(lines[i + 1].substr(4));
      file->is_new = file->is_new || old_path == "/dev/null";
      file->is_deleted = file->is_deleted || new_path == "/dev/null";
      if (!file->is_new) {
        file->old_path = strip_prefix(old_path);
      }
      if (!file->is_deleted) {
        file->new_path = strip_prefix(new_path);
      }
      ++i;
      continue;
    }
    if (line.rfind("@@ ", 0) == 0) {
      if (file == nullptr) {
        throw_usage("hunk outside any file", where(i));
      }
      file->hunks.emplace_back();
      hunk = &file->hunks.back();
      if (!parse_hunk_header(line, *hunk)) {
        throw_usage("malformed hunk header '" + std::string(line) + "'", where(i));
      }
      hunk->patch_line = first_line + static_cast<int>(i);
      old_left = hunk->old_count;
      new_left = hunk->new_count;
      old_line = hunk->old_start;
      new_line = hunk->new_start;
      continue;
    }
    if (file == nullptr) {
      continue;  // leading text before the first file
    }
    if (line.rfind("new file mode ", 0) == 0) {
      file->is_new = true;
      file->new_mode = std::string(line.substr(14));
      file->old_path.clear();
    } else if (line.rfind("deleted file mode ", 0) == 0) {
      file->is_deleted = true;
      file->old_mode = std::string(line.substr(18));
      file->new_path.clear();
    } else if (line.rfind("old mode ", 0) == 0) {
      file->old_mode = std::string(line.substr(9));
    } else if (line.rfind("new mode ", 0) == 0) {
      file->new_mode = std::string(line.substr(9));
    } else if (line.rfind("rename from ", 0) == 0) {
      file->is_rename = true;
      file->old_path = unquote_path(line.substr(12));
    } else if (line.rfind("rename to ", 0) == 0) {
      file->is_rename = true;
      file->new_path = unquote_path(line.substr(10));
    } else if (line.rfind("copy from ", 0) == 0) {
      file->is_copy = true;
      file->old_path = unquote_path(line.substr(10));
    } else if (line.rfind("copy to ", 0) == 0) {
      file->is_copy = true;
      file->new_path = unquote_path(line.substr(8));
    } else if (line.rfind("index ", 0) == 0 && line.find("..") != std::string_view::npos) {
      // "index <old>..<new>[ <mode>]"; a first word without ".." ("index  1..2") names no blobs
      const auto space = line.find(' ', 6);
      const std::string_view ids =
          line.substr(6, space == std::string_view::npos ? space : space - 6);
      const auto dots = ids.find("..");
      if (dots != std::string_view::npos) {
        file->old_blob = std::string(ids.substr(0, dots));
        file->new_blob = std::string(ids.substr(dots + 2));
        if (space != std::string_view::npos) {
          file->index_mode = std::string(text::trim(line.substr(space + 1)));
        }
      }
    } else if (line.rfind("similarity index ", 0) == 0) {
      file->similarity = std::atoi(std::string(line.substr(17)).c_str());
    } else if (line.rfind("Binary files ", 0) == 0 || line == "GIT binary patch") {
      file->is_binary = true;
    }
  }
  if (hunk != nullptr && (old_left > 0 || new_left > 0)) {
    throw_usage("diff ends inside a hunk",
                Where{.file = source, .line = first_line + static_cast<int>(lines.size())});
  }
  return parsed;
}

ParsedDiff parse_patch_diff(std::string_view patch_text, const std::string& source) {
  const std::size_t at =
      patch_text.starts_with("diff --git ") ? 0 : patch_text.find("\ndiff --git ");
  if (at == std::string_view::npos) {
    return {};
  }
  const std::size_t begin = at == 0 ? 0 : at + 1;
  const int first_line =
      static_cast<int>(std::count(patch_text.begin(),
                                  patch_text.begin() + static_cast<std::ptrdiff_t>(begin), '\n')) +
      1;
  return parse_diff(patch_text.substr(begin), source, first_line);
}

std::vector<std::string> touched_paths(const ParsedDiff& diff) {
  std::vector<std::string> paths;
  for (const FileDiff& file : diff.files) {
    for (const std::string* path : {&file.old_path, &file.new_path}) {
      if (!path->empty()) {
        paths.push_back(*path);
      }
    }
  }
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  return paths;
}

}  // namespace patchflow::patch
