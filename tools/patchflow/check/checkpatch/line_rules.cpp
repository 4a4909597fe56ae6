// Rules on one added line as text: whitespace, line length, licence tags, embedded file
// names, indentation.
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

void Engine::check_hunk_line(const std::string& line, std::string_view raw) {
  const bool added = starts_with(raw, "+");
  if (added && contains(line, "\r")) {
    error("DOS_LINE_ENDINGS", "DOS line endings");
  } else if (added && raw.size() > 1 && is_space(raw.back())) {
    error("TRAILING_WHITESPACE", "trailing whitespace");
  }
  check_fsf_address(raw);
  check_config_description(line);
  check_rgmii_mode(line, raw);
  check_license_tag(line, raw);
  if (added && m_realfile.size() > 0 && embeds_filename(raw)) {
    warn("EMBEDDED_FILENAME", "It's generally not useful to have the filename in the file");
  }
  if (m_options.u_boot) {
    check_u_boot_line(line, raw);
  }
  if (!has_extension(m_realfile, {"h", "c", "rs", "s", "S", "sh", "dtsi", "dts"})) {
    return;
  }
  check_misplaced_license(line, raw);
  if (added && m_length > m_options.max_line_length) {
    check_long_line(line, raw);
  }
  if (added && static_cast<std::size_t>(m_linenr) < m_raw.size() &&
      starts_with(m_raw[static_cast<std::size_t>(m_linenr)], "\\ No newline at end of file")) {
    warn("MISSING_EOF_NEWLINE", "adding a line without newline at end of file");
  }
  if (!has_extension(m_realfile, {"h", "c", "pl", "dtsi", "dts"})) {
    return;
  }
  if (added) {
    check_indentation(line, raw);
  }
  check_parenthesis_alignment(line);
  check_block_comments(line, raw);
  check_line_spacing(line);
  if (added && starts_with(raw, "+ ")) {
    const std::size_t p = line.find_first_not_of(' ', 1);
    const bool exempt = p != std::string::npos &&
                        (line[p] == k_comment || line[p] == '#' ||
                         (match_ident(line, p) > 0 && p + match_ident(line, p) < line.size() &&
                          line[p + match_ident(line, p)] == ':'));
    if (!exempt) {
      warn("LEADING_SPACE", "please, no spaces at the start of a line");
    }
  }
  if (!has_extension(m_realfile, {"h", "c"})) {
    return;
  }
  if (added) {
    check_open_ended_line(line);
    std::string& sline = m_hunk_sline;
    sline.assign(line);
    std::replace(sline.begin(), sline.end(), k_comment, ' ');
    track_context_function(sline);
    check_unnecessary_else(sline);
  }
  check_c_line(line);
}

void Engine::check_fsf_address(std::string_view raw) {
  // Every hunk line comes here; only one holding "write to the free" (in any case) or one of
  // the street numbers can match, so the others skip the lower-case copy.
  if (!contains(raw, "675") && !contains(raw, "59") && !contains(raw, "51")) {
    static constexpr std::string_view k_free = "write to the free";
    const auto it = std::search(raw.begin(), raw.end(), k_free.begin(), k_free.end(),
                                [](char a, char b) {
                                  return (a >= 'A' && a <= 'Z' ? static_cast<char>(a - 'A' + 'a')
                                                               : a) == b;
                                });
    if (it == raw.end()) {
      return;
    }
  }
  const std::string lower = to_lower(raw);
  auto word_then = [&](std::string_view first, std::string_view second) {
    std::size_t pos = 0;
    while ((pos = lower.find(first, pos)) != std::string::npos) {
      const bool left = pos == 0 || !is_word(lower[pos - 1]);
      std::size_t q = pos + first.size();
      const std::size_t spaces = skip_spaces(lower, q);
      if (left && spaces > q && starts_with(std::string_view(lower).substr(spaces), second)) {
        return true;
      }
      pos = q;
    }
    return false;
  };
  bool found = false;
  {
    std::size_t pos = lower.find("write to the free");
    found = pos != std::string::npos && (pos == 0 || !is_word(lower[pos - 1]));
  }
  if (!found) {
    found = (word_then("675", "mass") && contains(lower, "mass")) ||
            (word_then("59", "temple") && contains(lower, "temple")) ||
            (word_then("51", "franklin") && contains(lower, "franklin"));
    if (found) {
      // the second word must be followed by whitespace and the third
      found = false;
      for (const auto& [a, b, c] : std::array<std::array<std::string_view, 3>, 3>{
               {{"675", "mass", "ave"}, {"59", "temple", "pl"}, {"51", "franklin", "st"}}}) {
        std::size_t pos = 0;
        while ((pos = lower.find(a, pos)) != std::string::npos) {
          const bool left = pos == 0 || !is_word(lower[pos - 1]);
          std::size_t q = skip_spaces(lower, pos + a.size());
          if (left && q > pos + a.size() && starts_with(std::string_view(lower).substr(q), b)) {
            std::size_t r = skip_spaces(lower, q + b.size());
            if (r > q + b.size() && starts_with(std::string_view(lower).substr(r), c)) {
              found = true;
            }
          }
          pos += a.size();
        }
      }
    }
  }
  if (found) {
    error("FSF_MAILING_ADDRESS",
          "Do not include the paragraph about writing to the Free Software Foundation's "
          "mailing address from the sample GPL notice. The FSF has changed addresses in the "
          "past, and may do so again. Linux already includes a copy of the GPL.");
  }
}

void Engine::check_license_tag(const std::string& /*line*/, std::string_view raw) {
  if (m_realline != m_checklicenseline) {
    return;
  }
  {
    std::size_t p = raw.empty() ? 0 : 1;
    p = skip_spaces(raw, p);
    if (!raw.empty() && (raw[0] == ' ' || raw[0] == '+') && raw.substr(p, 2) == "#!") {
      const std::size_t q = skip_spaces(raw, p + 2);
      if (q < raw.size() && raw[q] == '/') {
        m_checklicenseline = 2;
        return;
      }
    }
  }
  if (!starts_with(raw, "+")) {
    return;
  }
  std::string comment;
  if (has_extension(m_realfile, {"h", "s", "S"})) {
    comment = "/*";
  } else if (has_extension(m_realfile, {"c", "rs", "dts", "dtsi"})) {
    comment = "//";
  } else if (m_checklicenseline == 2 ||
             has_extension(m_realfile, {"sh", "pl", "py", "awk", "tc", "yaml"})) {
    comment = "#";
  } else if (has_extension(m_realfile, {"rst"})) {
    comment = "..";
  }
  const bool has_tag = contains(raw, "SPDX-License-Identifier:");
  if (has_extension(m_realfile, {"c", "h", "s", "S"}) && has_tag) {
    const std::size_t p = skip_spaces(raw, 1);
    if (!starts_with(raw.substr(p), comment)) {
      warn("SPDX_LICENSE_TAG", "Improper SPDX comment style for '" + m_realfile +
                                   "', please use '" + comment + "' instead");
    }
  }
  if (!comment.empty() && !starts_with(raw.substr(1), comment + " SPDX-License-Identifier: ")) {
    warn("SPDX_LICENSE_TAG", "Missing or malformed SPDX-License-Identifier tag in line " +
                                 std::to_string(m_checklicenseline));
  }
}

void Engine::check_misplaced_license(const std::string& line, std::string_view raw) {
  if (m_realline == m_checklicenseline) {
    return;
  }
  const std::string_view tag = "SPDX-License-Identifier:";
  const auto pos = raw.find(tag);
  if (pos == std::string_view::npos || (pos > 0 && is_word(raw[pos - 1]))) {
    return;
  }
  for (std::size_t i = pos; i < pos + tag.size(); ++i) {
    if (i >= line.size() || line[i] != k_comment) {
      return;
    }
  }
  warn("SPDX_LICENSE_TAG", "Misplaced SPDX-License-Identifier tag - use line " +
                               std::to_string(m_checklicenseline) + " instead");
}

bool Engine::embeds_filename(std::string_view raw) const {
  std::size_t pos = 1;
  while ((pos = raw.find(m_realfile, pos)) != std::string_view::npos) {
    const std::size_t end = pos + m_realfile.size();
    const bool left = is_word(raw[pos]) ? (pos == 0 || !is_word(raw[pos - 1]))
                                        : (pos == 0 || is_word(raw[pos - 1]));
    const bool right = is_word(raw[end - 1]) ? (end >= raw.size() || !is_word(raw[end]))
                                             : (end < raw.size() && is_word(raw[end]));
    if (left && right) {
      return true;
    }
    ++pos;
  }
  return false;
}

bool Engine::is_string_token(std::string_view s, std::size_t pos, std::size_t& end) {
  std::size_t p = pos;
  if (p < s.size() && (s[p] == 'L' || s[p] == 'u') && p + 1 < s.size() && s[p + 1] == '"' &&
      (p == 0 || !is_word(s[p - 1]))) {
    ++p;
  }
  if (p >= s.size() || s[p] != '"') {
    return false;
  }
  ++p;
  while (p < s.size() && (s[p] == 'X' || s[p] == '\t')) {
    ++p;
  }
  if (p >= s.size() || s[p] != '"') {
    return false;
  }
  end = p + 1;
  return true;
}

void Engine::check_long_line(const std::string& line, std::string_view raw) {
  const int max = m_options.max_line_length;
  auto prefix_fits = [&](std::size_t cut) {
    return static_cast<int>(expand_tabs(std::string_view(line).substr(1, cut - 1)).size()) <= max;
  };
  const std::string_view body = std::string_view(line).substr(1);
  const std::size_t first = skip_spaces(line, 1);
  // a line (or #define) that is a single string
  {
    std::size_t end = 0;
    if (is_string_token(line, first, end)) {
      const auto rest = trim(std::string_view(line).substr(end));
      if (rest.empty() || rest == "," ||
          (starts_with(rest, ")") && ends_with(rest, ";") &&
           trim(rest.substr(1, rest.size() - 2)).empty())) {
        return;
      }
    }
  }
  if (contains(line, "EFI_GUID") || contains(line, "DEFINE_PER_CPU")) {
    return;
  }
  // URLs (rawline, so they count inside comments too)
  {
    std::size_t pos = raw.find("://");
    if (pos != std::string_view::npos && pos > 0 && pos + 3 < raw.size() &&
        !is_space(raw[pos + 3])) {
      std::size_t s = pos;
      while (s > 0 &&
             (is_word(raw[s - 1]) || raw[s - 1] == '.' || raw[s - 1] == '+' || raw[s - 1] == '-')) {
        --s;
      }
      while (s < pos && !((raw[s] >= 'a' && raw[s] <= 'z') || (raw[s] >= 'A' && raw[s] <= 'Z'))) {
        ++s;
      }
      if (s < pos) {
        return;
      }
    }
  }
  // logging functions ending in a string that starts before the limit
  if (ends_in_string_argument(line)) {
    const auto quote = line.rfind('"', line.rfind('"') - 1);
    if (quote != std::string::npos && is_log_call(body) && prefix_fits(quote)) {
      return;
    }
  }
  std::string type = "LONG_LINE";
  std::size_t comment_start = line.size();
  while (comment_start > 1 &&
         (line[comment_start - 1] == k_comment ||
          (is_space(line[comment_start - 1]) && comment_start < line.size()))) {
    --comment_start;
  }
  while (comment_start < line.size() && line[comment_start] != k_comment) {
    ++comment_start;
  }
  if (!line.empty() && line.back() == k_comment && prefix_fits(comment_start)) {
    type = "LONG_LINE_COMMENT";
  } else {
    std::string sline(line);
    std::replace(sline.begin(), sline.end(), k_comment, ' ');
    // a string, optionally followed by \ or , or ); at the end
    std::string_view t = trim(std::string_view(sline));
    std::string_view tail = t;
    if (ends_with(tail, "\\") || ends_with(tail, ",")) {
      tail = trim(tail.substr(0, tail.size() - 1));
    } else if (ends_with(tail, ";")) {
      auto u = trim(tail.substr(0, tail.size() - 1));
      if (ends_with(u, ")")) {
        tail = trim(u.substr(0, u.size() - 1));
      }
    }
    if (ends_with(tail, "\"")) {
      const auto open = tail.rfind('"', tail.size() - 2);
      if (open != std::string_view::npos) {
        const std::size_t cut = static_cast<std::size_t>(tail.data() + open - sline.data());
        std::size_t token_start = cut;
        if (token_start > 0 && (sline[token_start - 1] == 'L' || sline[token_start - 1] == 'u')) {
          --token_start;
        }
        std::size_t ws = cut;
        while (ws > 1 && is_space(sline[ws - 1])) {
          --ws;
        }
        if (prefix_fits(ws)) {
          type = "LONG_LINE_STRING";
        }
      }
    }
  }
  warn(type, "line length of " + std::to_string(m_length) + " exceeds " + std::to_string(max) +
                 " columns");
}

bool Engine::ends_in_string_argument(const std::string& line) {
  auto t = trim(std::string_view(line).substr(1));
  if (ends_with(t, ";")) {
    t = trim(t.substr(0, t.size() - 1));
    if (!ends_with(t, ")")) {
      return false;
    }
    t = trim(t.substr(0, t.size() - 1));
  } else if (ends_with(t, ",")) {
    t = trim(t.substr(0, t.size() - 1));
  }
  return ends_with(t, "\"") && std::count(t.begin(), t.end(), '"') >= 2;
}

bool Engine::is_log_call(std::string_view body) {
  const auto t = body.substr(skip_spaces(body, 0));
  const std::size_t id = match_ident(t, 0);
  if (id == 0) {
    return false;
  }
  const auto name = t.substr(0, id);
  if (skip_spaces(t, id) >= t.size() || t[skip_spaces(t, id)] != '(') {
    return false;
  }
  static constexpr std::array<std::string_view, 9> k_exact = {
      "printk",     "panic",    "WARN",        "WARN_ONCE", "WARN_RATELIMIT",
      "seq_printf", "seq_puts", "seq_vprintf", "TP_printk"};
  if (std::find(k_exact.begin(), k_exact.end(), name) != k_exact.end() ||
      starts_with(name, "printk_") || starts_with(name, "MODULE_")) {
    return true;
  }
  static constexpr std::array<std::string_view, 17> k_levels = {
      "printk",   "emerg", "alert", "crit", "err",   "warning", "warn", "notice",
      "info",     "debug", "dbg",   "vdbg", "devel", "cont",    "WARN", "err_ratelimited",
      "info_once"};
  const auto underscore = name.rfind('_');
  if (underscore == std::string_view::npos) {
    return false;
  }
  auto level = name.substr(underscore + 1);
  auto rest = name.substr(0, underscore);
  if (level == "ratelimited" || level == "once") {
    const auto u2 = rest.rfind('_');
    if (u2 == std::string_view::npos) {
      return false;
    }
    level = rest.substr(u2 + 1);
    rest = rest.substr(0, u2);
  }
  if (std::find(k_levels.begin(), k_levels.end(), level) == k_levels.end()) {
    return false;
  }
  return !rest.empty() && std::count(rest.begin(), rest.end(), '_') <= 1 &&
         std::all_of(rest.begin(), rest.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '_'; });
}

void Engine::check_indentation(const std::string& /*line*/, std::string_view raw) {
  // leading whitespace run after '+'
  std::size_t end = 1;
  while (end < raw.size() && is_space(raw[end])) {
    ++end;
  }
  const std::string_view lead = raw.substr(1, end - 1);
  const bool text_follows = end < raw.size();
  if ((contains(lead, " \t") && text_follows) || contains(lead, "        ")) {
    error("CODE_INDENT", "code indent should use tabs where possible");
  }
  if (contains(raw, " \t")) {
    warn("SPACE_BEFORE_TAB", "please, no space before tabs");
  }
  if (m_check) {
    const auto t = raw.substr(end);
    if (starts_with(t, "&&") || starts_with(t, "||")) {
      chk("LOGICAL_CONTINUATIONS", "Logical continuations should be on the previous line");
    }
  }
}

}  // namespace patchflow::check::style

namespace patchflow::check::style {

bool Engine::has_comment_near(int first_line, int end_line) const {
  // raw line n (1-based) or "" past either end
  const auto raw_at = [this](int n) -> std::string_view {
    return n >= 1 && n <= static_cast<int>(m_raw.size()) ? m_raw[static_cast<std::size_t>(n - 1)]
                                                         : std::string_view();
  };
  const auto has_c99 = [](std::string_view l, bool context_too) {
    if (l.empty() || !(l[0] == '+' || (context_too && l[0] == ' '))) {
      return false;
    }
    return l.find("//", 1) != std::string_view::npos;
  };
  if (has_c99(raw_at(end_line), false) || has_c99(raw_at(end_line - 1), true) ||
      has_c99(raw_at(end_line + 1), true)) {
    return true;
  }
  {  // .*(/\*.*\*/)\s*(?:\\\s*)?$: a comment closing the line itself
    std::string_view l = trim_right(raw_at(end_line));
    if (ends_with(l, "\\")) {
      l = trim_right(l.substr(0, l.size() - 1));
    }
    if (ends_with(l, "*/") && l.find("/*") != std::string_view::npos &&
        l.find("/*") + 2 <= l.size() - 2) {
      return true;
    }
  }
  bool in_comment = false;
  bool have = false;
  for (int n = first_line; n < end_line; ++n) {
    const std::string_view l = raw_at(n);
    if (n == first_line && l.size() > 1 && l[skip_spaces(l, 1)] == '*') {
      in_comment = true;
    }
    if (contains(l, "/*")) {
      in_comment = true;
    }
    if (!in_comment && have) {
      have = false;
    }
    if (in_comment) {
      have = true;
    }
    if (contains(l, "*/")) {
      in_comment = false;
    }
  }
  return have;
}

void Engine::check_rgmii_mode(const std::string& line, std::string_view raw) {
  if (!has_extension(m_realfile, {"dts", "dtsi", "dtso"}) || !starts_with(line, "+")) {
    return;
  }
  std::size_t p = skip_spaces(line, 1);
  std::string_view prop;
  for (const std::string_view name : {"phy-mode", "phy-connection-type"}) {
    if (line.compare(p, name.size(), name) == 0) {
      prop = name;
    }
  }
  if (prop.empty()) {
    return;
  }
  p = skip_spaces(line, p + prop.size());
  if (p >= line.size() || line[p] != '=') {
    return;
  }
  p = skip_spaces(line, p + 1);
  if (p >= line.size() || line[p] != '"' || has_comment_near(m_first_line, m_linenr)) {
    return;
  }
  const auto close = line.find('"', p + 1);
  if (close == std::string::npos || close >= raw.size()) {
    return;
  }
  const std::string mode(raw.substr(p, close + 1 - p));
  if (mode == "\"rgmii\"" || mode == "\"rgmii-rxid\"" || mode == "\"rgmii-txid\"") {
    warn("UNCOMMENTED_RGMII_MODE",
         std::string(prop) + " " + mode +
             " without comment -- delays on the PCB should be described, otherwise use "
             "\"rgmii-id\"");
  }
}

}  // namespace patchflow::check::style
