#include "patchflow/config/resolution_file.hpp"

#include "patchflow/core/error.hpp"
#include "patchflow/core/text.hpp"

namespace patchflow::config {
namespace {

constexpr std::string_view k_no_newline = "\\ No newline at end of file";

void append_text(std::string& out, const std::string& text) {
  for (std::string_view line : text::split_lines(text)) {
    out += line.empty() ? "|" : "| ";
    out.append(line);
    out += '\n';
  }
  if (!text.empty() && text.back() != '\n') {
    out.append(k_no_newline);
    out += '\n';
  }
}

}  // namespace

std::vector<ResolvedHunk> parse_resolution_file(std::string_view text, const std::string& file) {
  std::vector<ResolvedHunk> hunks;
  enum class Part { none, header, ours, theirs, resolved } part = Part::none;
  std::string* target = nullptr;
  bool last_was_text = false;
  int line_number = 0;
  auto fail = [&](const std::string& message) {
    throw Error(ExitCode::usage, message, Where{.file = file, .line = line_number});
  };
  for (std::string_view raw : text::split_lines(text)) {
    ++line_number;
    const std::string_view line = text::trim_right(raw);
    if (!raw.empty() && raw[0] == '|') {
      if (target == nullptr) {
        fail("text line outside 'ours:', 'theirs:' or 'resolved:'");
      }
      if (raw.size() > 1 && raw[1] != ' ') {
        fail("text lines start with '| '");
      }
      target->append(raw.size() > 1 ? raw.substr(2) : std::string_view());
      target->push_back('\n');
      last_was_text = true;
      continue;
    }
    if (line == k_no_newline) {
      if (!last_was_text) {
        fail("'" + std::string(k_no_newline) + "' must follow a text line");
      }
      target->pop_back();
      last_was_text = false;
      continue;
    }
    last_was_text = false;
    if (line.empty() || line[0] == '#') {
      continue;
    }
    if (line == "conflict") {
      if (part != Part::none && part != Part::resolved) {
        fail("conflict before the previous one has 'resolved:'");
      }
      hunks.push_back(ResolvedHunk{.line = line_number});
      part = Part::header;
      target = nullptr;
    } else if (line == "ours:" && part == Part::header) {
      part = Part::ours;
      target = &hunks.back().ours;
    } else if (line == "theirs:" && part == Part::ours) {
      part = Part::theirs;
      target = &hunks.back().theirs;
    } else if (line == "resolved:" && part == Part::theirs) {
      part = Part::resolved;
      target = &hunks.back().resolved;
    } else if (hunks.empty()) {
      fail(
          "not a patchflow resolution (expected 'conflict'); an old whole-file resolution? "
          "record it again with patchflow resolve");
    } else {
      fail("unexpected '" + std::string(line) +
           "' (each conflict has 'ours:', 'theirs:', 'resolved:' in that order)");
    }
  }
  if (hunks.empty()) {
    line_number = 1;
    fail("resolution holds no conflict");
  }
  if (part != Part::resolved) {
    fail("the last conflict has no 'resolved:'");
  }
  return hunks;
}

std::string format_resolution_file(const std::vector<ResolvedHunk>& hunks,
                                   const std::vector<std::string>& header) {
  std::string out;
  for (const std::string& line : header) {
    out += "# " + line + "\n";
  }
  for (const ResolvedHunk& hunk : hunks) {
    out += "\nconflict\nours:\n";
    append_text(out, hunk.ours);
    out += "theirs:\n";
    append_text(out, hunk.theirs);
    out += "resolved:\n";
    append_text(out, hunk.resolved);
  }
  return out;
}

}  // namespace patchflow::config
