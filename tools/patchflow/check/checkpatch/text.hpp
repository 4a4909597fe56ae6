#pragma once
// Small string helpers the checkpatch rules share (Perl idioms spelled in C++).
#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "patchflow/check/c_lexicon.hpp"
#include "patchflow/core/text.hpp"

namespace patchflow::check::style {

using namespace lexicon;  // NOLINT: the matchers are this file's vocabulary

// Perl's /^prefix/ and /suffix$/ as the rules read them; std::string_view does the work.
inline bool starts_with(std::string_view s, std::string_view prefix) {
  // the rules ask this at nearly every byte: comparing the first byte inline spares most of
  // them a call to memcmp
  return prefix.empty() || (!s.empty() && s[0] == prefix[0] && s.starts_with(prefix));
}
inline bool ends_with(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }
inline bool contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}
using text::to_lower;
// Perl's /^prefix/i for a lower-case prefix, without a lower-case copy of s
inline bool istarts_with(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) {
    return false;
  }
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    const char c = s[i] >= 'A' && s[i] <= 'Z' ? static_cast<char>(s[i] - 'A' + 'a') : s[i];
    if (c != prefix[i]) {
      return false;
    }
  }
  return true;
}
inline std::string_view trim(std::string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && is_space(s[b])) {
    ++b;
  }
  while (e > b && is_space(s[e - 1])) {
    --e;
  }
  return s.substr(b, e - b);
}
inline std::string_view trim_right(std::string_view s) {
  while (!s.empty() && is_space(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}
// Is the whole string whitespace (Perl's /^\s*$/)?
inline bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return is_space(c); });
}
inline bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
inline bool has_extension(std::string_view file,
                          std::initializer_list<std::string_view> extensions) {
  const auto dot = file.rfind('.');
  if (dot == std::string_view::npos) {
    return false;
  }
  const auto ext = file.substr(dot + 1);
  return std::find(extensions.begin(), extensions.end(), ext) != extensions.end();
}

// Does a word (checkpatch's \w+) start at pos?
inline bool is_word_start(std::string_view s, std::size_t pos) {
  return pos < s.size() && is_word(s[pos]) && (pos == 0 || !is_word(s[pos - 1]));
}
// The word that starts at pos (empty when none does).
inline std::string_view word_at(std::string_view s, std::size_t pos) {
  std::size_t end = pos;
  while (end < s.size() && is_word(s[end])) {
    ++end;
  }
  return s.substr(pos, end - pos);
}
// Does the whole word w occur in s (Perl's /\bw\b/)?
inline bool has_word(std::string_view s, std::string_view w) {
  for (std::size_t p = s.find(w); p != std::string_view::npos; p = s.find(w, p + 1)) {
    if ((p == 0 || !is_word(s[p - 1])) && (p + w.size() >= s.size() || !is_word(s[p + w.size()]))) {
      return true;
    }
  }
  return false;
}

// A 256-entry membership table for the bytes of chars, built at compile time: a rule that
// tests every byte of a line against a set looks the byte up instead of searching the set.
consteval std::array<bool, 256> byte_set(std::string_view chars) {
  std::array<bool, 256> set{};
  for (const char c : chars) {
    set[static_cast<unsigned char>(c)] = true;
  }
  return set;
}

inline std::string expand_tabs(std::string_view s) {
  std::string out;
  std::size_t n = 0;
  for (const char c : s) {
    if (c == '\t') {
      do {
        out += ' ';
        ++n;
      } while (n % 8 != 0);
    } else {
      out += c;
      ++n;
    }
  }
  return out;
}

// checkpatch's line_stats: (length, indent) of a diff line without its leader, tabs expanded.
inline std::pair<int, int> line_stats(std::string_view line) {
  const std::string expanded = expand_tabs(line.empty() ? line : line.substr(1));
  std::size_t white = 0;
  while (white < expanded.size() && is_space(expanded[white])) {
    ++white;
  }
  return {static_cast<int>(expanded.size()), static_cast<int>(white)};
}

}  // namespace patchflow::check::style
