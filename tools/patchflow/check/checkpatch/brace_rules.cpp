// Brace and control-flow rules: OPEN_BRACE, ELSE_AFTER_BRACE, BRACES, SUSPECT_CODE_INDENT,
// RETURN_PARENTHESES, conditions and trailing statements.
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

namespace {

// End of Perl's /^(?:\s*\n[+-])*\s*/s on s: whitespace, where each diff marker that follows a
// newline counts as whitespace too (at most max_markers of them).
std::size_t skip_space_and_markers(std::string_view s, int max_markers) {
  std::size_t p = 0;
  for (;;) {
    while (p < s.size() && is_space(s[p])) {
      ++p;
    }
    if (max_markers > 0 && p > 0 && p < s.size() && s[p - 1] == '\n' &&
        (s[p] == '+' || s[p] == '-')) {
      ++p;
      --max_markers;
      continue;
    }
    return p;
  }
}

bool starts_with_word(std::string_view s, std::size_t p, std::string_view word) {
  return starts_with(s.substr(std::min(p, s.size())), word) &&
         (p + word.size() >= s.size() || !is_word(s[p + word.size()]));
}

// Perl's s/(^|\n)./$1/g: the statement without the diff marker of each line.
std::string without_markers(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((i == 0 || s[i - 1] == '\n') && s[i] != '\n') {
      continue;
    }
    out += s[i];
  }
  return out;
}

int newlines(std::string_view s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

// checkpatch's statement_lines: lines of a statement once markers and outer blanks are gone.
int statement_lines(std::string_view stmt) { return newlines(trim(without_markers(stmt))) + 1; }

// checkpatch's statement_block_size: lines or statements inside a block's braces, the larger.
int statement_block_size(std::string_view stmt) {
  std::string s = without_markers(stmt);
  std::size_t p = skip_spaces(s, 0);
  if (p < s.size() && s[p] == '{') {
    s.erase(0, p + 1);
  }
  std::string_view t = trim_right(s);
  if (!t.empty() && t.back() == '}') {
    t.remove_suffix(1);
  }
  t = trim(t);
  const int statements = static_cast<int>(std::count(t.begin(), t.end(), ';'));
  return std::max(newlines(t) + 1, statements);
}

bool opens_block(std::string_view block) {
  const std::size_t p = skip_spaces(block, 0);
  return p < block.size() && block[p] == '{';
}

// /\b(?:if|for|while)\b/
bool has_loop_or_if(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (is_word(s[i]) && (i == 0 || !is_word(s[i - 1]))) {
      if (starts_with_word(s, i, "if") || starts_with_word(s, i, "for") ||
          starts_with_word(s, i, "while")) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

std::pair<int, std::vector<Engine::Chunk>> Engine::statement_full(int linenr, int remain,
                                                                  int off) const {
  std::vector<Chunk> chunks;
  Statement st = statement_block(linenr, remain, off);
  chunks.push_back({st.cond, st.stat});
  auto keyword_after = [](std::string_view cond, int markers, bool with_if) {
    const std::size_t p = skip_space_and_markers(cond, markers);
    return (with_if && starts_with_word(cond, p, "if")) || starts_with_word(cond, p, "else") ||
           starts_with_word(cond, p, "do");
  };
  if (!(st.remain_next > 0 && keyword_after(st.cond, 1, true))) {
    return {st.level, chunks};
  }
  for (;;) {
    st = statement_block(st.line_next, st.remain_next, st.off_next);
    if (!(st.remain_next > 0 && keyword_after(st.cond, 1 << 30, false))) {
      break;
    }
    chunks.push_back({st.cond, st.stat});
  }
  return {st.level, chunks};
}

void Engine::check_braces(const std::string& full_line, const std::string& sline) {
  // checkpatch drops C99 comments from $line before these rules
  const std::string line = full_line.substr(0, full_line.find("//"));
  // An if-chain: braces on no arm that needs them, or on some arms only.
  std::size_t last_if = std::string::npos;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if ((i == 0 || !is_word(line[i - 1])) && starts_with_word(line, i, "if")) {
      last_if = i;
    }
  }
  // /(^.*)\bif\b/ && $1 !~ /else\s*$/: not the "if" of an "else if" (its chain began above)
  if (last_if != std::string::npos && !ends_with(trim_right(line.substr(0, last_if)), "else")) {
    auto [level, chunks] = statement_full(m_linenr, m_realcnt, 1);
    if (chunks.size() > 1 && level == 0) {
      int allowed_arms = 0;
      int seen = 0;
      int ln = m_linenr - 1;
      for (auto& [cond, block] : chunks) {
        const int offset =
            newlines(std::string_view(cond).substr(0, skip_space_and_markers(cond, 1 << 30)));
        m_suppress_ifbraces.insert(ln + offset);
        ln += newlines(block);
        const std::string_view body =
            std::string_view(block).substr(std::min(cond.size(), block.size()));
        seen += opens_block(body);
        allowed_arms +=
            statement_lines(cond) > 1 || has_loop_or_if(body) || statement_block_size(body) > 1;
      }
      const int arms = static_cast<int>(chunks.size());
      if (seen != 0) {
        if (allowed_arms == 0) {
          warn("BRACES", "braces {} are not necessary for any arm of this statement");
        } else if (allowed_arms != arms && seen != arms) {
          chk("BRACES", "braces {} should be used on all arms of this statement");
        }
      }
    }
  }
  // One block: braces around a single statement.
  std::size_t keyword = std::string::npos;
  for (std::size_t i = 0; i < line.size() && keyword == std::string::npos; ++i) {
    if ((i == 0 || !is_word(line[i - 1])) &&
        (starts_with_word(line, i, "if") || starts_with_word(line, i, "while") ||
         starts_with_word(line, i, "for") || starts_with_word(line, i, "else"))) {
      keyword = i;
    }
  }
  if (m_suppress_ifbraces.count(m_linenr - 1) == 0 && keyword != std::string::npos) {
    bool allowed = ends_with(trim_right(line.substr(0, keyword)), "}");  // "} else"
    auto [level, chunks] = statement_full(m_linenr, m_realcnt, static_cast<int>(keyword));
    const Chunk& first = chunks.front();
    const std::string_view block =
        std::string_view(first.block).substr(std::min(first.cond.size(), first.block.size()));
    allowed = allowed || statement_lines(first.cond) > 1 || has_loop_or_if(block) ||
              statement_block_size(block) > 1;
    if (chunks.size() > 1) {
      const Chunk& next = chunks[1];
      allowed =
          allowed ||
          opens_block(
              std::string_view(next.block).substr(std::min(next.cond.size(), next.block.size())));
    }
    if (level == 0 && opens_block(block) && !allowed) {
      warn("BRACES", "braces {} are not necessary for single statement blocks");
    }
  }
  // "} else" or "else {" alone on a line
  {
    std::size_t p = skip_spaces(sline, 1);
    const bool close_else = p < sline.size() && sline[p] == '}' &&
                            trim(std::string_view(sline).substr(p + 1)) == "else";
    const bool else_open =
        starts_with_word(sline, p, "else") && trim(std::string_view(sline).substr(p + 4)) == "{";
    if (close_else || else_open) {
      chk("BRACES", "Unbalanced braces around else statement");
    }
  }
  // blank lines just inside braces
  const std::string_view body =
      std::string_view(line).substr(std::min<std::size_t>(1, line.size()));
  if (trim(body) == "}" && m_prevrawline.size() >= 1 &&
      is_blank(std::string_view(m_prevrawline).substr(1))) {
    chk("BRACES", "Blank lines aren't necessary before a close brace '}'");
  }
  const std::string_view raw = m_raw[static_cast<std::size_t>(m_linenr - 1)];
  if (is_blank(raw.substr(std::min<std::size_t>(1, raw.size())))) {
    const std::string_view prev = trim_right(m_prevline);
    if (prev.size() >= 2 && prev.back() == '{') {
      chk("BRACES", "Blank lines aren't necessary after an open brace '{'");
    }
  }
}

bool Engine::is_open_brace_line(const std::string& line) {
  const std::size_t p = skip_spaces(line, 1);
  return p < line.size() && line[p] == '{';
}

void Engine::check_open_brace_next_line(const std::string& line) {
  if (!has_conditional_keyword(line, true) || is_preprocessor(line)) {
    return;
  }
  auto [level, ctx_lines] = statement_level(m_linenr, m_realcnt);
  const int ctx_cnt = m_realcnt - static_cast<int>(ctx_lines.size());
  bool ctx_has_brace = false;
  for (const auto l : ctx_lines) {
    ctx_has_brace = ctx_has_brace || contains(l, "{");
  }
  int ctx_ln = m_linenr;
  int ctx_skip = m_realcnt;
  auto removed = [&](int ln) { return has_line(ln - 1) && starts_with(lines_at(ln - 1), "-"); };
  while (ctx_skip > ctx_cnt || (ctx_skip == ctx_cnt && removed(ctx_ln))) {
    if (!has_line(ctx_ln - 1) || !starts_with(lines_at(ctx_ln - 1), "-")) {
      --ctx_skip;
    }
    ++ctx_ln;
  }
  if (!ctx_has_brace && has_line(ctx_ln - 1)) {
    const std::string& next = lines_at(ctx_ln - 1);
    if (starts_with(next, "+") && is_open_brace_line(next)) {
      error("OPEN_BRACE", "that open brace { should be on the previous line");
    }
  }
}

bool Engine::is_preprocessor(std::string_view line) {
  const std::size_t p = skip_spaces(line, line.empty() ? 0 : 1);
  return p < line.size() && line[p] == '#';
}

bool Engine::has_conditional_keyword(std::string_view line, bool with_switch) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (!is_word(line[i]) || (i > 0 && is_word(line[i - 1]))) {
      continue;
    }
    std::size_t e = i;
    while (e < line.size() && is_word(line[e])) {
      ++e;
    }
    const auto w = line.substr(i, e - i);
    if (w == "do" || w == "else") {
      return true;
    }
    const bool loop = w == "if" || w == "while" || w == "for" || (with_switch && w == "switch");
    bool for_each = false;
    if (!loop) {
      const auto fe = w.find("for_each");
      for_each = fe != std::string_view::npos && fe + 8 < w.size() &&
                 std::all_of(w.begin(), w.end(),
                             [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
    }
    if (loop || for_each) {
      const std::size_t p = skip_spaces(line, e);
      if (p < line.size() && line[p] == '(') {
        return true;
      }
    }
    i = e;
  }
  return false;
}

void Engine::check_suspect_indent(const std::string& line) {
  if (!has_conditional_keyword(line, false) || is_preprocessor(line)) {
    return;
  }
  {  // not "} while"
    const auto brace = line.find('}');
    if (brace != std::string::npos) {
      const std::size_t w = skip_spaces(line, brace + 1);
      if (starts_with(std::string_view(line).substr(w), "while")) {
        return;
      }
    }
  }
  Statement st = m_stat ? *m_stat : statement_block(m_linenr, m_realcnt, 0);
  if (!m_stat) {
    m_stat = st;
  }
  std::string s = st.stat.substr(std::min(st.stat.size(), st.cond.size()));
  std::string c = st.cond;
  std::replace(s.begin(), s.end(), k_comment, ' ');
  std::replace(c.begin(), c.end(), k_comment, ' ');
  int cond_lines = static_cast<int>(std::count(c.begin(), c.end(), '\n'));
  {  // s/\n./\n/g
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      out += s[i];
      if (s[i] == '\n' && i + 1 < s.size()) {
        ++i;
      }
    }
    s = out;
  }
  for (;;) {  // \n\s+\\\n continuation lines
    bool changed = false;
    std::size_t pos = 0;
    while ((pos = s.find('\n', pos)) != std::string::npos) {
      std::size_t q = pos + 1;
      while (q < s.size() && is_space(s[q]) && s[q] != '\n') {
        ++q;
      }
      if (q > pos + 1 && q + 1 < s.size() && s[q] == '\\' && s[q + 1] == '\n') {
        s.erase(pos + 1, q + 1 - pos);
        ++cond_lines;
        changed = true;
      } else {
        ++pos;
      }
    }
    if (!changed) {
      break;
    }
  }
  bool continuation = false;
  bool check = false;
  {  // s/^.*\bdo\b//
    const auto nl = s.find('\n');
    const std::string_view first = std::string_view(s).substr(0, nl);
    std::size_t cut = std::string::npos;
    for (std::size_t i = 0; i + 1 < first.size() + 1 && i < first.size(); ++i) {
      if (first.substr(i, 2) == "do" && (i == 0 || !is_word(first[i - 1])) &&
          (i + 2 >= first.size() || !is_word(first[i + 2]))) {
        cut = i + 2;
      }
    }
    if (cut != std::string::npos) {
      s.erase(0, cut);
    }
  }
  {  // s/^\s*{//
    const std::size_t p = skip_spaces(s, 0);
    if (p < s.size() && s[p] == '{') {
      s.erase(0, p + 1);
    }
  }
  {  // s/^\s*\\//
    const std::size_t p = skip_spaces(s, 0);
    if (p < s.size() && s[p] == '\\') {
      s.erase(0, p + 1);
      continuation = true;
    }
  }
  auto leading_ws_has_newline = [](const std::string& t) {
    for (const char ch : t) {
      if (ch == '\n') {
        return true;
      }
      if (!is_space(ch)) {
        return false;
      }
    }
    return false;
  };
  auto drop_first_line = [](std::string& t) {
    const auto nl = t.find('\n');
    if (nl == std::string::npos) {
      return false;
    }
    t.erase(0, nl + 1);
    return true;
  };
  if (leading_ws_has_newline(s)) {
    drop_first_line(s);
    check = true;
    ++cond_lines;
  }
  const std::string_view prev = m_prevline;
  if ((is_define_line(prev) || ends_with(trim(prev), "\\")) && !continuation) {
    check = false;
  }
  int cond_ptr = -1;
  continuation = false;
  while (cond_ptr != cond_lines) {
    cond_ptr = cond_lines;
    const std::size_t p = skip_spaces(s, 0);
    if (p < s.size() && s[p] == '#') {
      const auto kw = std::string_view(s).substr(skip_spaces(s, p + 1));
      if (starts_with(kw, "else") || starts_with(kw, "elif")) {
        check = false;
      }
    }
    const bool label = [&] {
      const std::size_t id = match_ident(s, p);
      if (id == 0) {
        return false;
      }
      const std::size_t q = skip_spaces(s, p + id);
      return q < s.size() && s[q] == ':';
    }();
    if (continuation || leading_ws_has_newline(s) || (p < s.size() && s[p] == '#') || label) {
      const auto nl = s.find('\n');
      continuation = nl != std::string::npos && nl > 0 && s[nl - 1] == '\\';
      if (drop_first_line(s)) {
        ++cond_lines;
      }
    }
  }
  const std::string plus_s = "+" + s;
  const int sindent = line_stats(plus_s).second;
  const auto stat_real = raw_line(m_linenr, cond_lines);
  if (!stat_real || (!starts_with(st.stat, "+") && !starts_with(*stat_real, "+"))) {
    check = false;
  }
  if (check && !s.empty()) {
    const std::size_t p = skip_spaces(s, 0);
    const bool closes = p < s.size() && (s[p] == '}' || s[p] == '{' ||
                                         (starts_with(std::string_view(s).substr(p), "else") &&
                                          (p + 4 >= s.size() || !is_word(s[p + 4]))));
    if (sindent % 8 != 0 || sindent < m_indent || (sindent == m_indent && !closes) ||
        sindent > m_indent + 8) {
      warn("SUSPECT_CODE_INDENT", "suspect code indent for conditional statements (" +
                                      std::to_string(m_indent) + ", " + std::to_string(sindent) +
                                      ")");
    }
  }
}

void Engine::check_function_brace(const std::string& sline) {
  if (contains(sline, "}") || !contains(sline, "{")) {
    return;
  }
  if (is_define_line(sline)) {
    const auto d = sline.find("do");
    if (d != std::string::npos && sline.find('{', d) != std::string::npos) {
      return;
    }
  }
  for (std::size_t i = 1; i < sline.size(); ++i) {
    if (!is_ident_start(sline[i]) || is_word(sline[i - 1])) {
      continue;
    }
    const std::size_t t = match_type(sline, i);
    if (t == 0) {
      continue;
    }
    std::size_t p = skip_spaces(sline, i + t);
    const std::size_t id = match_ident(sline, p);
    if (id == 0) {
      continue;
    }
    p = skip_spaces(sline, p + id);
    const std::size_t parens = match_balanced_parens(sline, p);
    if (parens == 0) {
      continue;
    }
    p = skip_spaces(sline, p + parens);
    if (p < sline.size() && sline[p] == '{') {
      error("OPEN_BRACE", "open brace '{' following function definitions go on the next line");
      return;
    }
  }
}

void Engine::check_struct_brace(const std::string& line) {
  if (is_open_brace_line(line) && !m_prevline.empty()) {
    std::string_view prev = std::string_view(m_prevline).substr(1);
    prev = trim(prev);
    if (starts_with(prev, "typedef ")) {
      prev = trim(prev.substr(8));
    }
    for (const std::string_view kind : {"struct", "union", "enum"}) {
      if (starts_with(prev, kind) && (prev.size() == kind.size() || is_space(prev[kind.size()]))) {
        const auto rest = trim(prev.substr(kind.size()));
        if (rest.empty() || match_ident(rest, 0) == rest.size()) {
          error("OPEN_BRACE",
                "open brace '{' following " + std::string(kind) + " go on the same line");
        }
      }
    }
  }
}

void Engine::check_return_parentheses() {
  if (!m_stat) {
    return;
  }
  const std::string& stat = m_stat->stat;
  std::size_t p = skip_spaces(stat, 1);
  if (p >= stat.size() || !starts_with(std::string_view(stat).substr(p), "return")) {
    return;
  }
  p += 6;
  const std::size_t open = skip_spaces(stat, p);
  if (open >= stat.size() || stat[open] != '(') {
    return;
  }
  const std::size_t parens = match_balanced_parens(stat, open);
  const bool whole = parens > 0 && [&] {
    const std::size_t q = skip_spaces(stat, open + parens);
    return q < stat.size() && stat[q] == ';' && is_blank(std::string_view(stat).substr(q + 1));
  }();
  if (whole) {
    std::string value = stat.substr(open, parens);
    for (;;) {  // deparenthesize
      const auto t = trim(value);
      if (t.size() >= 2 && t.front() == '(' && t.back() == ')') {
        value = std::string(trim(t.substr(1, t.size() - 2)));
      } else {
        break;
      }
    }
    const std::size_t arg = match_func_arg(value, 0);
    if (arg > 0) {
      const std::size_t q = skip_spaces(value, arg);
      if (q >= value.size() || value[q] == '?') {
        error("RETURN_PARENTHESES", "return is not a function, parentheses are not required");
      }
    }
  } else if (open == p) {
    error("SPACING", "space required before the open parenthesis '('");
  }
}

void Engine::check_if_statements(const std::string& line) {
  if (!m_stat || is_preprocessor(line)) {
    return;
  }
  bool conditional = false;
  for (const std::string_view kw : {"if", "while", "for"}) {
    std::size_t pos = 0;
    while ((pos = line.find(kw, pos)) != std::string::npos) {
      const std::size_t end = pos + kw.size();
      const std::size_t p = skip_spaces(line, end);
      if ((pos == 0 || !is_word(line[pos - 1])) && p < line.size() && line[p] == '(' &&
          (end >= line.size() || !is_word(line[end]))) {
        conditional = true;
      }
      pos = end;
    }
  }
  if (!conditional) {
    return;
  }
  const std::string& c = m_stat->cond;
  {  // assignment in an if condition
    const auto ifpos = c.find("if");
    if (ifpos != std::string::npos) {
      for (std::size_t i = ifpos + 2; i + 1 < c.size(); ++i) {
        if (c[i] == '=' && c[i + 1] != '=' && i > 0 &&
            std::string_view("<>!=").find(c[i - 1]) == std::string_view::npos) {
          const std::size_t open = c.find('(', ifpos);
          if (open != std::string::npos && open < i &&
              is_blank(std::string_view(c).substr(ifpos + 2, open - ifpos - 2)) &&
              (ifpos == 0 || !is_word(c[ifpos - 1]))) {
            error("ASSIGN_IN_IF", "do not use assignment in if condition");
          }
          break;
        }
      }
    }
  }
  std::string s = m_stat->stat.substr(std::min(m_stat->stat.size(), c.size()));
  const auto nl = s.find('\n');
  if (nl != std::string::npos) {
    s.erase(nl);
  }
  s.erase(std::remove(s.begin(), s.end(), k_comment), s.end());
  std::string_view t = trim(s);
  if (starts_with(t, "{")) {
    t = trim(t.substr(1));
  }
  while (!t.empty() && t.back() == '\\') {
    t.remove_suffix(1);
  }
  const bool closing_while = [&] {
    const auto brace = c.find('}');
    return brace != std::string::npos &&
           starts_with(std::string_view(c).substr(skip_spaces(c, brace + 1)), "while");
  }();
  if (!c.empty() && !trim(t).empty() && !closing_while) {
    error("TRAILING_STATEMENTS", "trailing statements should be on next line");
  }
}

void Engine::check_else(const std::string& line) {
  const std::size_t first = skip_spaces(line, 1);
  std::size_t p = first;
  if (p < line.size() && line[p] == '}') {
    p = skip_spaces(line, p + 1);
  }
  const auto rest = std::string_view(line).substr(p);
  if (starts_with(rest, "else") && (rest.size() == 4 || !is_word(rest[4]))) {
    std::string s(rest.substr(4));
    s.erase(std::remove(s.begin(), s.end(), k_comment), s.end());
    const bool else_if = s.size() > 1 && is_space(s[0]) &&
                         starts_with(std::string_view(s).substr(skip_spaces(s, 0)), "if") &&
                         skip_spaces(s, 0) >= 1;
    std::string_view t = trim(s);
    if (starts_with(t, "{")) {
      t = trim(t.substr(1));
    }
    if (starts_with(t, "\\")) {
      t = trim(t.substr(1));
    }
    if (!else_if && !t.empty()) {
      error("TRAILING_STATEMENTS", "trailing statements should be on next line");
    }
  }
  {  // "} if"
    std::size_t pos = 0;
    while ((pos = line.find('}', pos)) != std::string::npos) {
      const std::size_t q = skip_spaces(line, pos + 1);
      if (starts_with(std::string_view(line).substr(q), "if") &&
          (q + 2 >= line.size() || !is_word(line[q + 2]))) {
        error("TRAILING_STATEMENTS",
              "trailing statements should be on next line (or did you mean 'else if'?)");
        break;
      }
      ++pos;
    }
  }
  {  // case/default with statements after the colon
    const auto r = std::string_view(line).substr(first);
    std::size_t colon = std::string_view::npos;
    if (starts_with(r, "case") && (r.size() == 4 || !is_word(r[4]))) {
      colon = r.rfind(':');
    } else if (starts_with(r, "default")) {
      const std::size_t q = skip_spaces(r, 7);
      if (q < r.size() && r[q] == ':') {
        colon = q;
      }
    }
    if (colon != std::string_view::npos && colon > 3) {
      std::string after(r.substr(colon + 1));
      after.erase(std::remove(after.begin(), after.end(), k_comment), after.end());
      std::string_view t = trim(after);
      if (starts_with(t, "{")) {
        t = trim(t.substr(1));
      }
      if (t == "\\") {
        t = {};
      }
      const auto after_ws = std::string_view(after).substr(skip_spaces(after, 0));
      const bool returns =
          starts_with(after_ws, "return") && after_ws.size() > 6 && is_space(after_ws[6]);
      if (!t.empty() && !returns) {
        error("TRAILING_STATEMENTS", "trailing statements should be on next line");
      }
    }
  }
  {  // "}\n else"
    const std::string_view prev = trim(m_prevline);
    if (ends_with(prev, "}") && starts_with(std::string_view(line).substr(first), "else") &&
        m_previndent == m_indent) {
      error("ELSE_AFTER_BRACE", "else should follow close brace '}'");
    }
  }
}

}  // namespace patchflow::check::style
