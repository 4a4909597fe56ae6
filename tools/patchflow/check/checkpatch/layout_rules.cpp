// Rules added for parity with checkpatch.pl on real patches: Kconfig help text
// (CONFIG_DESCRIPTION), blank lines (LINE_SPACING), CamelCase names (CAMELCASE) and 1 << n
// defines (BIT_MACRO).
#include <algorithm>

#include "patchflow/check/checkpatch/engine.hpp"
#include "patchflow/core/regex.hpp"

namespace patchflow::check::style {
namespace {

bool has_camel(std::string_view s) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    const char a = s[i];
    const char b = s[i + 1];
    if ((a >= 'A' && a <= 'Z' && b >= 'a' && b <= 'z') ||
        (a >= 'a' && a <= 'z' && b >= 'A' && b <= 'Z')) {
      return true;
    }
  }
  return false;
}

// ^\+\s*<word>\b for one of words
bool added_starts_with_word(std::string_view line, std::initializer_list<std::string_view> words) {
  if (!starts_with(line, "+")) {
    return false;
  }
  const std::size_t p = skip_spaces(line, 1);
  for (const auto w : words) {
    if (line.substr(p, w.size()) == w &&
        (p + w.size() == line.size() || !is_word(line[p + w.size()]))) {
      return true;
    }
  }
  return false;
}

// A CamelCase name checkpatch.pl does not report: generated defines, SI units, Page<foo> ...
bool camel_exempt(const std::string& var) {
  static const Regex k_exempt(
      "^(?:[A-Z]+_){1,5}[A-Z]{1,3}[a-z].*|^(?:Clear|Set|TestClear|TestSet|)Page[A-Z].*|"
      "^ETHTOOL_LINK_MODE_.*|^(?:[a-z0-9_]*|[A-Z0-9_]*)?_?[a-z][A-Z](?:_[a-z0-9_]+|_[A-Z0-9_]+)?$|"
      "^(?:[a-z_]*?)_?(?:[KMGT]iB|[KMGT]?Hz)(?:_[a-z_]+)?$");
  return var == "_Generic" || k_exempt.matches(var);
}

}  // namespace

void Engine::check_config_description(const std::string& line) {
  if (!contains(m_realfile, "Kconfig") ||
      !added_starts_with_word(line, {"config", "menuconfig", "choice"})) {
    return;
  }
  bool needs_help = false;
  bool has_help = false;
  int help_length = 0;
  for (std::size_t ln = static_cast<std::size_t>(m_linenr); ln < m_lines.size(); ++ln) {
    std::string_view f = m_lines[ln];
    if (starts_with(f, "-")) {
      continue;
    }
    if (!starts_with(f, "+") && !starts_with(f, " ")) {
      break;
    }
    if (starts_with(f, "+")) {
      const std::size_t p = skip_spaces(f, 1);
      bool prompt = false;  // ^\+\s*(?:bool|tristate|prompt)\s*["']
      for (const std::string_view kw : {"bool", "tristate", "prompt"}) {
        if (f.substr(p, kw.size()) == kw) {
          const std::size_t q = skip_spaces(f, p + kw.size());
          prompt = prompt || (q < f.size() && (f[q] == '"' || f[q] == '\''));
        }
      }
      if (prompt) {
        needs_help = true;
        continue;
      }
      if (f.substr(p, 4) == "help" && is_blank(f.substr(p + 4))) {
        has_help = true;
        continue;
      }
    }
    f.remove_prefix(1);
    if (const auto hash = f.find('#'); hash != std::string_view::npos) {
      f = f.substr(0, hash);
    }
    f = f.substr(skip_spaces(f, 0));
    if (f.empty()) {
      continue;
    }
    bool block_end = false;
    for (const std::string_view kw : {"config", "menuconfig", "choice", "endchoice", "if", "endif",
                                      "menu", "endmenu", "source"}) {
      if (starts_with(f, kw) && (f.size() == kw.size() || !is_word(f[kw.size()]))) {
        block_end = true;
      }
    }
    if (block_end) {
      break;
    }
    if (has_help) {
      ++help_length;
    }
  }
  if (needs_help && help_length < m_options.min_conf_desc_length) {
    warn("CONFIG_DESCRIPTION",
         "please write a help paragraph that fully describes the config symbol with at least " +
             std::to_string(m_options.min_conf_desc_length) + " lines");
  }
}

void Engine::check_line_spacing(const std::string& line) {
  if (!starts_with(line, "+")) {
    return;
  }
  const std::string_view prev = m_prevline;
  const std::string_view body = std::string_view(line).substr(1);
  if ((starts_with(prev, "+}") || starts_with(prev, " }")) &&
      (is_blank(prev.substr(2)) || (prev.substr(2, 1) == ";" && is_blank(prev.substr(3))))) {
    const std::size_t p = skip_spaces(line, 1);
    const std::string_view rest = std::string_view(line).substr(p);
    bool exempt = is_blank(body) || starts_with(rest, "EXPORT_SYMBOL") ||
                  starts_with(rest, "early_param") || starts_with(rest, "ALLOW_ERROR_INJECTION") ||
                  istarts_with(rest, "module_") || starts_with(rest, "DECLARE") ||
                  starts_with(rest, "__setup");
    if (!exempt && starts_with(rest, "#")) {
      const std::string_view d = rest.substr(skip_spaces(rest, 1));
      exempt = starts_with(d, "end") || starts_with(d, "elif") || starts_with(d, "else");
    }
    if (!exempt) {  // ^\+[a-z_]*init
      std::size_t q = 1;
      while (q < line.size() && ((line[q] >= 'a' && line[q] <= 'z') || line[q] == '_')) {
        ++q;
      }
      for (std::size_t k = 1; k + 4 <= q && !exempt; ++k) {
        exempt = line.compare(k, 4, "init") == 0;
      }
    }
    if (!exempt) {  // ^\+\s*(?:static\s+)?[A-Z_]*ATTR
      std::string_view r = rest;
      if (starts_with(r, "static") && r.size() > 6 && is_space(r[6])) {
        r = r.substr(skip_spaces(r, 6));
      }
      std::size_t q = 0;
      while (q < r.size() && ((r[q] >= 'A' && r[q] <= 'Z') || r[q] == '_')) {
        ++q;
      }
      for (std::size_t k = 0; k + 4 <= q && !exempt; ++k) {
        exempt = r.substr(k, 4) == "ATTR";
      }
    }
    if (!exempt && starts_with(rest, "builtin_")) {
      std::size_t q = 8;
      while (q < rest.size() && is_word(rest[q])) {
        ++q;
      }
      exempt = contains(rest.substr(8, q - 8), "driver");
    }
    if (!exempt) {
      chk("LINE_SPACING", "Please use a blank line after function/struct/union/enum declarations");
    }
  }
  if ((starts_with(prev, "+") || starts_with(prev, " ")) && is_blank(prev.substr(1)) &&
      is_blank(body) && m_last_blank_line != m_linenr - 1) {
    chk("LINE_SPACING", "Please don't use multiple blank lines");
    m_last_blank_line = m_linenr;
  }
  std::string sline(line);
  std::replace(sline.begin(), sline.end(), k_comment, ' ');
  check_declaration_spacing(sline);
}

void Engine::check_camelcase(const std::string& line) {
  if (!m_check || !has_camel(line)) {
    return;
  }
  std::size_t p = 0;
  while (p < line.size()) {
    std::size_t n = match_constant(line, p);
    if (n == 0) {
      n = match_lval(line, p);
      if (n == 0) {
        ++p;
        continue;
      }
      const std::string var = line.substr(p, n);
      if (has_camel(var) && !camel_exempt(var)) {
        for (std::size_t w = 0; w < var.size();) {
          if (!is_ident_start(var[w]) || (w > 0 && is_word(var[w - 1]))) {
            ++w;
            continue;
          }
          std::size_t e = w;
          while (e < var.size() && is_word(var[e])) {
            ++e;
          }
          const std::string word = var.substr(w, e - w);
          w = e;
          if (!has_camel(word) || m_camelcase_seen.count(word) != 0) {
            continue;
          }
          if (m_options.tree != nullptr) {
            const std::string declared = camelcase_answer(*m_options.tree, word);
            if (m_options.lookups != nullptr) {
              m_options.lookups->push_back({"camelcase", word, declared});
            }
            if (declared == "1") {
              continue;
            }
          }
          m_camelcase_seen.insert(word);
          chk("CAMELCASE", "Avoid CamelCase: <" + word + ">");
        }
      }
    }
    p += n;
  }
}

void Engine::check_bit_macro(const std::string& line) {
  if (!m_check || starts_with(m_realfile, "include/uapi/")) {
    return;
  }
  for (std::size_t h = line.find('#'); h != std::string::npos; h = line.find('#', h + 1)) {
    std::size_t p = skip_spaces(line, h + 1);
    if (line.compare(p, 6, "define") != 0) {
      continue;
    }
    std::size_t q = skip_spaces(line, p + 6);
    if (q == p + 6) {
      continue;
    }
    const std::size_t name = q;
    while (q < line.size() && is_word(line[q])) {
      ++q;
    }
    const std::size_t after = skip_spaces(line, q);
    if (q == name || after == q) {
      continue;
    }
    p = after;
    if (p < line.size() && line[p] == '(') {
      p = skip_spaces(line, p + 1);
    }
    if (p >= line.size() || line[p] != '1') {
      continue;
    }
    p = skip_spaces(line, p + 1);
    const std::size_t suffix = p;
    while (p < line.size() && std::string_view("ulUL").find(line[p]) != std::string_view::npos) {
      ++p;
    }
    const bool ull = contains(to_lower(std::string_view(line).substr(suffix, p - suffix)), "ll");
    p = skip_spaces(line, p);
    if (line.compare(p, 2, "<<") != 0) {
      continue;
    }
    p = skip_spaces(line, p + 2);
    if (p < line.size() && (is_digit(line[p]) || is_ident_start(line[p]))) {
      chk("BIT_MACRO", std::string("Prefer using the BIT") + (ull ? "_ULL" : "") + " macro");
      return;
    }
  }
}

}  // namespace patchflow::check::style

namespace patchflow::check::style {
namespace {

// checkpatch's pos_last_openparen: the display column after the last '(' left open in rest,
// skipping arguments and balanced groups; -1 when every '(' is closed.
int last_open_paren_column(std::string_view rest) {
  const auto opens = std::count(rest.begin(), rest.end(), '(');
  const auto closes = std::count(rest.begin(), rest.end(), ')');
  if (opens == 0 || closes >= opens) {
    return -1;
  }
  std::size_t last = 0;
  for (std::size_t pos = 0; pos < rest.size(); ++pos) {
    std::size_t n = match_func_arg(rest, pos);
    if (n == 0) {
      n = match_balanced_parens(rest, pos);
    }
    if (n > 0) {
      pos += n - 1;
    } else if (rest[pos] == '(') {
      last = pos;
    } else if (rest.find('(', pos) == std::string_view::npos) {
      break;
    }
  }
  return static_cast<int>(expand_tabs(rest.substr(0, last)).size()) + 1;
}

// The start of a call or condition that a continuation line aligns with: at p, one of
// "else if (", "[type] name(", "(*name)(", "*lval = name(".
bool opens_call(std::string_view s, std::size_t p) {
  const auto then_paren = [&](std::size_t q) {
    q = skip_spaces(s, q);
    return q < s.size() && s[q] == '(';
  };
  // [$Declare\s*] ($Ident | \(\s*\*\s*$Ident\s*\)) \s* \(
  const auto name_then_paren = [&](std::size_t q) {
    if (const std::size_t n = match_ident(s, q); n > 0 && then_paren(q + n)) {
      return true;
    }
    if (q < s.size() && s[q] == '(') {
      std::size_t r = skip_spaces(s, q + 1);
      if (r < s.size() && s[r] == '*') {
        r = skip_spaces(s, r + 1);
        if (const std::size_t n = match_ident(s, r); n > 0) {
          r = skip_spaces(s, r + n);
          return r < s.size() && s[r] == ')' && then_paren(r + 1);
        }
      }
    }
    return false;
  };
  if (name_then_paren(p)) {
    return true;
  }
  std::size_t q = p;
  for (const std::string_view storage : {"static", "extern", "inline", "__always_inline"}) {
    if (s.substr(q, storage.size()) == storage && q + storage.size() < s.size() &&
        is_space(s[q + storage.size()])) {
      q = skip_spaces(s, q + storage.size());
    }
  }
  if (const std::size_t t = match_type(s, q); t > 0 && name_then_paren(skip_spaces(s, q + t))) {
    return true;
  }
  if (s.substr(p, 4) == "else") {
    const std::size_t r = skip_spaces(s, p + 4);
    if (r > p + 4 && s.substr(r, 2) == "if" && then_paren(r + 2)) {
      return true;
    }
  }
  // (?:\*\s*)*$Lval\s*=\s*$Ident\s*\(
  std::size_t r = p;
  while (r < s.size() && s[r] == '*') {
    r = skip_spaces(s, r + 1);
  }
  if (const std::size_t n = match_lval(s, r); n > 0) {
    r = skip_spaces(s, r + n);
    if (r < s.size() && s[r] == '=' && (r + 1 >= s.size() || s[r + 1] != '=')) {
      r = skip_spaces(s, r + 1);
      const std::size_t m = match_ident(s, r);
      return m > 0 && then_paren(r + m);
    }
  }
  return false;
}

}  // namespace

void Engine::check_parenthesis_alignment(const std::string& line) {
  if (!m_check || !starts_with(m_prevline, "+") || line.empty()) {
    return;
  }
  const std::string_view prev = m_prevline;
  const std::string_view t = trim_right(prev);
  if (!ends_with(t, "&&") && !ends_with(t, "||") && !ends_with(t, ",")) {
    return;
  }
  std::size_t start = 1;
  while (start < prev.size() && (prev[start] == ' ' || prev[start] == '\t')) {
    ++start;
  }
  if (!opens_call(prev, start)) {
    return;
  }
  std::size_t tabs = 1;
  while (tabs < prev.size() && prev[tabs] == '\t') {
    ++tabs;
  }
  const std::string old_indent(prev.substr(1, tabs - 1));
  const int pos = last_open_paren_column(prev.substr(tabs));
  if (pos < 0) {
    return;
  }
  std::size_t end = 1;
  while (end < line.size() && (line[end] == ' ' || line[end] == '\t')) {
    ++end;
  }
  const std::string_view new_indent = std::string_view(line).substr(1, end - 1);
  const std::string good_tab = old_indent + std::string(static_cast<std::size_t>(pos / 8), '\t') +
                               std::string(static_cast<std::size_t>(pos % 8), ' ');
  const std::string good_space = old_indent + std::string(static_cast<std::size_t>(pos), ' ');
  if (new_indent != good_tab && new_indent != good_space) {
    chk("PARENTHESIS_ALIGNMENT", "Alignment should match open parenthesis");
  }
}

}  // namespace patchflow::check::style

namespace patchflow::check::style {

void Engine::check_open_ended_line(const std::string& line) {
  const std::string_view body = trim_right(std::string_view(line).substr(1));
  if (!body.empty() && (body.back() == '(' || body.back() == '[')) {
    chk("OPEN_ENDED_LINE", std::string("Lines should not end with a '") + body.back() + "'");
  }
}

void Engine::check_unnecessary_else(const std::string& sline) {
  // ^\+([\t]+)(?:}[ \t]*)?else(?:[ \t]*{)?\s*$
  std::size_t p = 1;
  while (p < sline.size() && sline[p] == '\t') {
    ++p;
  }
  const std::size_t tabs = p - 1 + 1;
  if (tabs == 1) {
    return;
  }
  if (p < sline.size() && sline[p] == '}') {
    p = sline.find_first_not_of(" \t", p + 1);
  }
  if (p == std::string::npos || sline.compare(p, 4, "else") != 0) {
    return;
  }
  std::size_t q = sline.find_first_not_of(" \t", p + 4);
  if (q != std::string::npos && sline[q] == '{') {
    ++q;
  }
  if (q != std::string::npos && !is_blank(std::string_view(sline).substr(q))) {
    return;
  }
  // ^\+\t{tabs}(break|return)\b
  const auto starts_at_depth = [tabs](std::string_view l, std::string_view word) {
    if (l.size() < tabs + 1 + word.size() || l.find_first_not_of('\t', 1) != tabs + 1) {
      return false;
    }
    const auto rest = l.substr(tabs + 1);
    return starts_with(rest, word) && (rest.size() == word.size() || !is_word(rest[word.size()]));
  };
  const std::string_view prev = m_prevline;
  if (!starts_with(prev, "+")) {
    return;
  }
  bool unnecessary = starts_at_depth(prev, "break");
  if (!unnecessary && starts_at_depth(prev, "return") && has_line(m_linenr)) {
    std::string next = lines_at(m_linenr);
    if (!next.empty() && (next[0] == ' ' || next[0] == '+')) {
      next[0] = '+';
      unnecessary = !starts_at_depth(next, "return");
    } else {
      unnecessary = true;
    }
  }
  if (unnecessary) {
    warn("UNNECESSARY_ELSE", "else is not generally useful after a break or return");
  }
}

}  // namespace patchflow::check::style
