// checkpatch.pl's statement scanning (ctx_statement_block, ctx_statement_level, raw_line):
// the multi-line C statement a rule judges.
#include <algorithm>
#include <array>
#include <cstdlib>
#include <optional>
#include <set>
#include <tuple>

#include "patchflow/check/checkpatch/engine.hpp"
#include "patchflow/check/spelling.hpp"
#include "patchflow/patch/mbox.hpp"

namespace patchflow::check::style {

Statement Engine::statement_block(int linenr, int remain, int off) const {
  int line = linenr - 1;
  std::string blk;
  const int soff = off;
  int coff = off - 1;
  bool coff_set = false;
  int loff = 0;
  char type = ' ';  // ' ' stands for checkpatch's ''
  int level = 0;
  std::vector<std::pair<char, int>> stack;
  char p = '\0';
  char c = '\0';
  bool have_p = false;
  int len = 0;
  for (;;) {
    if (stack.empty()) {
      stack.emplace_back(' ', 0);
    }
    if (off >= len) {
      for (; remain > 0; ++line) {
        if (!has_line(line)) {
          break;
        }
        if (starts_with(lines_at(line), "-")) {
          continue;
        }
        --remain;
        loff = len;
        blk += lines_at(line);
        blk += '\n';
        len = static_cast<int>(blk.size());
        ++line;
        break;
      }
      if (off >= len) {
        break;
      }
      if (level == 0) {
        const std::size_t h = skip_spaces(blk, static_cast<std::size_t>(off) + 1);
        if (h < blk.size() && blk[h] == '#' &&
            starts_with(std::string_view(blk).substr(skip_spaces(blk, h + 1)), "define")) {
          ++level;
          type = '#';
        }
      }
    }
    have_p = off > soff || have_p;
    p = c;
    c = blk[static_cast<std::size_t>(off)];
    const std::string_view remainder = std::string_view(blk).substr(static_cast<std::size_t>(off));
    if (c == '#') {
      const auto kw = remainder.substr(skip_spaces(remainder, 1));
      auto directive = [&](std::string_view w) {
        return starts_with(kw, w) && (kw.size() == w.size() || !is_word(kw[w.size()]));
      };
      if ((directive("ifndef") || directive("ifdef") || directive("if")) && kw.size() > 2) {
        stack.emplace_back(type, level);
      } else if (directive("else") || directive("elif")) {
        const auto& prev = stack.size() >= 2 ? stack[stack.size() - 2] : stack.back();
        type = prev.first;
        level = prev.second;
      } else if (directive("endif")) {
        type = stack.back().first;
        level = stack.back().second;
        stack.pop_back();
      }
    }
    if (level == 0 && c == ';') {
      break;
    }
    if (level == 0 && !coff_set && (off == soff || is_space(p) || p == '}' || p == '+') &&
        starts_with(remainder, "else") && remainder.size() > 4 &&
        (is_space(remainder[4]) || remainder[4] == '{')) {
      const auto after = remainder.substr(skip_spaces(remainder, 4));
      if (!(starts_with(after, "if") && (after.size() == 2 || !is_word(after[2])) &&
            skip_spaces(remainder, 4) > 4)) {
        coff = off + 3;
        coff_set = true;
      }
    }
    if ((type == ' ' || type == '(') && c == '(') {
      ++level;
      type = '(';
    }
    if (type == '(' && c == ')') {
      --level;
      type = level != 0 ? '(' : ' ';
      if (level == 0 && coff < soff) {
        coff = off;
        coff_set = true;
      }
    }
    if ((type == ' ' || type == '{') && c == '{') {
      ++level;
      type = '{';
    }
    if (type == '{' && c == '}') {
      --level;
      type = level != 0 ? '{' : ' ';
      if (level == 0) {
        if (off + 1 < len && blk[static_cast<std::size_t>(off) + 1] == ';') {
          ++off;
        }
        break;
      }
    }
    if (type == '#' && c == '\n' && p != '\\') {
      --level;
      type = ' ';
      ++off;
      break;
    }
    ++off;
  }
  if (off == len) {
    loff = len + 1;
    ++line;
    --remain;
  }
  Statement result;
  auto substr = [&](int from, int count) -> std::string {
    if (count <= 0 || from >= static_cast<int>(blk.size())) {
      return "";
    }
    return blk.substr(static_cast<std::size_t>(from), static_cast<std::size_t>(count));
  };
  result.stat = substr(soff, off - soff + 1);
  result.cond = substr(soff, coff - soff + 1);
  result.line_next = line;
  result.remain_next = remain + 1;
  result.off_next = off - loff + 1;
  result.level = level;
  return result;
}

std::pair<int, std::vector<std::string_view>> Engine::statement_level(int linenr,
                                                                      int remain) const {
  int level = 0;
  std::vector<int> stack{0};
  std::vector<std::string_view> res;
  for (int line = linenr - 1; remain > 0; ++line) {
    if (!has_line(line)) {
      break;
    }
    if (starts_with(m_raw[static_cast<std::size_t>(line)], "-")) {
      continue;
    }
    --remain;
    const std::string& l = lines_at(line);
    const std::size_t h = skip_spaces(l, l.empty() ? 0 : 1);
    if (h < l.size() && l[h] == '#') {
      const auto kw = std::string_view(l).substr(skip_spaces(l, h + 1));
      if ((starts_with(kw, "ifndef") || starts_with(kw, "ifdef") || starts_with(kw, "if")) &&
          kw.size() > 2 && (is_space(kw[2]) || is_space(kw[kw.size() > 5 ? 5 : 2]))) {
        stack.push_back(level);
      } else if (starts_with(kw, "else") || starts_with(kw, "elif")) {
        level = stack.size() >= 2 ? stack[stack.size() - 2] : stack.back();
      } else if (starts_with(kw, "endif")) {
        level = stack.back();
        stack.pop_back();
        if (stack.empty()) {
          stack.push_back(0);
        }
      }
    }
    for (const char ch : l) {
      if (ch == ')' && level > 0) {
        if (--level == 0) {
          break;
        }
      } else if (ch == '(') {
        ++level;
      }
    }
    res.push_back(m_raw[static_cast<std::size_t>(line)]);
    if (level == 0) {
      break;
    }
  }
  return {level, res};
}

std::optional<std::string_view> Engine::raw_line(int linenr, int count) const {
  int offset = linenr - 1;
  ++count;
  std::optional<std::string_view> line;
  while (count > 0) {
    if (offset >= static_cast<int>(m_raw.size())) {
      return std::nullopt;
    }
    line = m_raw[static_cast<std::size_t>(offset++)];
    if (starts_with(*line, "-")) {
      continue;
    }
    --count;
  }
  return line;
}

}  // namespace patchflow::check::style
