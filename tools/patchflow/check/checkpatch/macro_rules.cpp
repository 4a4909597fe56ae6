// #define rules: COMPLEX_MACRO, MULTISTATEMENT_MACRO_USE_DO_WHILE, MACRO_ARG_REUSE,
// MACRO_ARG_PRECEDENCE, MACRO_ARG_UNUSED, MACRO_WITH_FLOW_CONTROL and, outside a #define,
// LINE_CONTINUATIONS, as checkpatch.pl words them.
#include <vector>

#include "patchflow/check/checkpatch/engine.hpp"

namespace patchflow::check::style {
namespace {

// checkpatch's unanchored /$Declare/: some word of s ends in a type name (/int\b/ matches in
// "uint" and "print"), or "struct", "union" occur anywhere, or "enum <name>".
bool mentions_type(std::string_view s) {
  if (s.find("struct") != std::string_view::npos || s.find("union") != std::string_view::npos) {
    return true;
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!is_word_start(s, i)) {
      continue;
    }
    const std::string_view w = word_at(s, i);
    for (std::size_t k = 0; k < w.size(); ++k) {
      if (is_ident_start(w[k]) && is_type_word(w.substr(k))) {
        return true;
      }
    }
    if (w.ends_with("enum")) {
      const std::size_t q = skip_spaces(s, i + w.size());
      if (q > i + w.size() && match_ident(s, q) > 0) {
        return true;
      }
    }
    i += w.size();
  }
  return false;
}

// -?$Constant or $Ident filling s from pos to end; true when it does.
bool is_ident_or_constant(std::string_view s) {
  if (s.empty()) {
    return false;
  }
  if (match_ident(s, 0) == s.size()) {
    return true;
  }
  const std::size_t p = s[0] == '-' ? 1 : 0;
  return match_constant(s, p) > 0 && p + match_constant(s, p) == s.size();
}

bool is_constant_at(std::string_view s, std::size_t pos, std::size_t* end) {
  const std::size_t c = match_constant(s, pos);
  *end = pos + c;
  return c > 0;
}

// The macro exceptions and shapes that need no enclosing (checkpatch's list, in order).
bool is_simple_macro_body(std::string_view d) {
  if (d.empty()) {
    return true;
  }
  if ((d.back() == ',' || d.back() == ';') && is_ident_or_constant(d.substr(0, d.size() - 1))) {
    return true;
  }
  {  // ^[!~-]?(?:$Lval|$Constant)$
    const std::size_t p = (d[0] == '!' || d[0] == '~' || d[0] == '-') ? 1 : 0;
    if ((match_lval(d, p) > 0 && p + match_lval(d, p) == d.size()) ||
        (match_constant(d, p) > 0 && p + match_constant(d, p) == d.size())) {
      return true;
    }
  }
  if (d == "'X'" || d == "'XX'") {
    return true;
  }
  if (mentions_type(d)) {
    return true;
  }
  for (const std::string_view named : {"module_param_named", "MODULE_PARM_DESC", "DECLARE_PER_CPU",
                                       "DEFINE_PER_CPU", "static_assert", "__typeof__("}) {
    if (d.find(named) != std::string_view::npos) {
      return true;
    }
  }
  for (std::size_t dot = d.find('.'); dot != std::string_view::npos; dot = d.find('.', dot + 1)) {
    const std::size_t id = match_ident(d, dot + 1);  // \.$Ident\s*=
    const std::size_t eq = skip_spaces(d, dot + 1 + id);
    if (id > 0 && eq < d.size() && d[eq] == '=') {
      return true;
    }
  }
  if (d.front() == '"' || d.back() == '"' || d.front() == '[') {
    return true;
  }
  if (d[0] == '#') {  // ^(?:\#\s*$Ident|\#\s*$Constant)\s*$
    const std::size_t p = skip_spaces(d, 1);
    std::size_t n = match_ident(d, p);
    if (n == 0) {
      n = match_constant(d, p);
    }
    if (n > 0 && is_blank(d.substr(p + n))) {
      return true;
    }
  }
  const std::string_view first = word_at(d, 0);
  if (first == "case") {
    return true;
  }
  std::size_t end = 0;
  if (first == "do") {
    std::size_t p = skip_spaces(d, 2);
    if (p < d.size() && d[p] == '{') {
      return true;
    }
    if (is_constant_at(d, p, &end)) {  // do 1u while 1u;?
      p = skip_spaces(d, end);
      if (word_at(d, p) == "while" && is_constant_at(d, skip_spaces(d, p + 5), &end)) {
        const auto rest = d.substr(end);
        if (rest.empty() || rest == ";") {
          return true;
        }
      }
    }
  }
  if (first == "while") {  // while 1u 1u
    std::size_t p = skip_spaces(d, 5);
    if (is_constant_at(d, p, &end) && is_constant_at(d, skip_spaces(d, end), &end) &&
        is_blank(d.substr(end))) {
      return true;
    }
  }
  if (first == "for") {  // for 1u, for 1u bar()
    std::size_t p = skip_spaces(d, 3);
    if (is_constant_at(d, p, &end)) {
      if (end == d.size()) {
        return true;
      }
      const std::size_t q = skip_spaces(d, end);
      if (q > end && is_ident_or_constant(d.substr(q))) {
        return true;
      }
    }
  }
  return starts_with(d, "({");
}

// Replaces the first match of an innermost (...), {...} or x[...] with "1u", in that order of
// preference, as checkpatch flattens a macro body; false when there was none.
bool flatten_once(std::string& d) {
  for (const auto& [open, close] : {std::pair{'(', ')'}, std::pair{'{', '}'}, std::pair{'[', ']'}}) {
    for (std::size_t i = 0; i < d.size(); ++i) {
      if (d[i] != open) {
        continue;
      }
      const std::size_t j = d.find_first_of(std::string{open, close}, i + 1);
      if (j == std::string::npos || d[j] != close) {
        continue;
      }
      if (open == '[') {
        if (i == 0) {
          continue;
        }
        d.replace(i - 1, j - i + 2, "1u");
      } else {
        d.replace(i, j - i + 1, "1u");
      }
      return true;
    }
  }
  return false;
}

// The end of the sanitised string "XX" starting at i ('"'), or npos.
std::size_t string_end(const std::string& d, std::size_t i) {
  std::size_t j = i + 1;
  while (j < d.size() && (d[j] == 'X' || d[j] == '\t')) {
    ++j;
  }
  return j < d.size() && d[j] == '"' ? j + 1 : std::string::npos;
}

// $String\s*$Ident, else $Ident\s*$String, collapsed to the string (obvious concatenation),
// as checkpatch prefers them; false when there was none.
bool flatten_string_once(std::string& d) {
  for (std::size_t i = d.find('"'); i != std::string::npos; i = d.find('"', i + 1)) {
    const std::size_t end = string_end(d, i);
    if (end == std::string::npos) {
      continue;
    }
    const std::size_t after = skip_spaces(d, end);
    if (const std::size_t id = match_ident(d, after); id > 0) {
      d.erase(end, after + id - end);
      return true;
    }
    i = end - 1;
  }
  for (std::size_t i = d.find('"'); i != std::string::npos; i = d.find('"', i + 1)) {
    const std::size_t end = string_end(d, i);
    if (end == std::string::npos) {
      continue;
    }
    std::size_t b = i;
    if (b > 0 && (d[b - 1] == 'L' || d[b - 1] == 'u') && (b < 2 || !is_word(d[b - 2]))) {
      --b;
    }
    std::size_t k = b;
    while (k > 0 && is_space(d[k - 1])) {
      --k;
    }
    std::size_t w = k;
    while (w > 0 && is_word(d[w - 1])) {
      --w;
    }
    if (w < k && is_ident_start(d[w])) {
      d.erase(w, b - w);
      return true;
    }
    i = end - 1;
  }
  return false;
}

// $Operators at pos; its length or 0.
std::size_t match_perl_operator(std::string_view s, std::size_t pos) {
  static constexpr std::string_view k_two[] = {"<=", ">=", "==", "!=", "=>", "->", "<<",
                                               ">>", "&&", "||", "++", "--"};
  for (const auto op : k_two) {
    if (s.substr(pos, 2) == op) {
      return 2;
    }
  }
  return pos < s.size() && std::string_view("<>!~,^&|+-*/%").find(s[pos]) != std::string_view::npos
             ? 1
             : 0;
}

// Removes every arg occurrence that is no real use: sizeof(arg), #arg, arg## and the like.
std::string without_harmless_uses(const std::string& stmt, const std::string& arg) {
  std::string out = stmt;
  static constexpr std::string_view k_keywords[] = {
      "__must_be_array", "offsetof", "sizeof", "sizeof_field", "__stringify", "typeof",
      "__typeof__"};
  const auto arg_at = [&](const std::string& s, std::size_t p) {
    p = skip_spaces(s, p);
    while (p < s.size() && s[p] == '(') {
      ++p;
    }
    p = skip_spaces(s, p);
    if (s.compare(p, arg.size(), arg) == 0 &&
        (p + arg.size() >= s.size() || !is_word(s[p + arg.size()]))) {
      return p + arg.size();
    }
    return std::string::npos;
  };
  for (std::size_t i = 0; i < out.size(); ++i) {
    std::size_t after = std::string::npos;
    if (is_word_start(out, i)) {
      const std::string_view w = word_at(out, i);
      bool keyword = w.starts_with("__builtin") && w.size() > 9;
      for (const auto k : k_keywords) {
        keyword = keyword || w == k;
      }
      if (keyword) {
        after = arg_at(out, i + w.size());
      } else if (w == "typecheck") {
        std::size_t p = skip_spaces(out, i + w.size());
        if (p < out.size() && out[p] == '(') {
          p = skip_spaces(out, p + 1);
          const std::size_t t = match_type(out, p);
          p = skip_spaces(out, p + t);
          if (t > 0 && p < out.size() && out[p] == ',') {
            after = arg_at(out, p + 1);
          }
        }
      }
    } else if (out[i] == '#' && i > 0 && is_word(out[i - 1])) {
      std::size_t p = i;
      while (p < out.size() && out[p] == '#') {
        ++p;
      }
      after = arg_at(out, p);
    }
    if (after != std::string::npos) {
      out.erase(i, after - i);
    }
  }
  for (std::size_t i = out.find('#'); i != std::string::npos; i = out.find('#', i)) {
    std::size_t p = i;
    while (p < out.size() && out[p] == '#') {
      ++p;
    }
    p = skip_spaces(out, p);
    if (out.compare(p, arg.size(), arg) == 0 &&
        (p + arg.size() >= out.size() || !is_word(out[p + arg.size()]))) {
      out.erase(i, p + arg.size() - i);
    } else {
      i = p;
    }
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (is_word_start(out, i) && out.compare(i, arg.size(), arg) == 0 &&
        (i + arg.size() >= out.size() || !is_word(out[i + arg.size()]))) {
      const std::size_t p = skip_spaces(out, i + arg.size());
      if (out.compare(p, 2, "##") == 0) {
        out.erase(i, p + 2 - i);
      }
    }
  }
  return out;
}

}  // namespace

void Engine::check_macro(const std::string& line) {
  // ^.\s*\#\s*define\s*$Ident(\()?
  std::size_t h = skip_spaces(line, 1);
  const bool is_define = h < line.size() && line[h] == '#' &&
                         starts_with(std::string_view(line).substr(skip_spaces(line, h + 1)),
                                     "define") &&
                         match_ident(line, skip_spaces(line, skip_spaces(line, h + 1) + 6)) > 0;
  if (ends_with(m_realfile, "/vmlinux.lds.h")) {
    return;
  }
  if (!is_define) {
    const auto ends_in_backslash = [](std::string_view l) {
      return l.size() >= 2 && l.back() == '\\';
    };
    if (!ends_in_backslash(m_prevline) && starts_with(line, "+") && ends_in_backslash(line) &&
        !(line[skip_spaces(line, 1)] == '#') && !has_word(line, "__asm__") &&
        !has_word(line, "asm")) {
      warn("LINE_CONTINUATIONS", "Avoid unnecessary line continuations");
    }
    return;
  }
  const Statement st = statement_block(m_linenr, m_realcnt, 0);
  const std::string& ctx = st.stat;
  const bool has_flow = has_word(ctx, "goto") || has_word(ctx, "return");
  bool has_arg_concat = ctx.find("##") != std::string::npos;
  if (has_arg_concat) {  // ## glued to __VA_ARGS__ or args does not count
    std::size_t p = ctx.find("##");
    while (p != std::string::npos) {
      const std::size_t q = skip_spaces(ctx, p + 2);
      const std::string_view w = word_at(ctx, q);
      if (w == "__VA_ARGS__" || w == "args") {
        has_arg_concat = false;
        break;
      }
      p = ctx.find("##", p + 2);
    }
  }

  // strip "+#define NAME(args) "
  std::string dstat = st.stat;
  std::size_t p = skip_spaces(dstat, 1);
  p = skip_spaces(dstat, p + 1);  // '#'
  p = skip_spaces(dstat, p + 6);  // "define"
  p += match_ident(dstat, p);
  std::string define_args;
  bool has_args = false;
  if (p < dstat.size() && dstat[p] == '(') {
    const auto close = dstat.find(')', p);
    if (close != std::string::npos) {
      define_args = dstat.substr(p + 1, close - p - 1);
      has_args = true;
      p = close + 1;
    }
  }
  p = skip_spaces(dstat, p);
  dstat.erase(0, p);
  const std::string define_stmt_raw = dstat;

  std::vector<std::string> args;
  if (has_args) {
    std::string cleaned;
    for (std::size_t i = 0; i < define_args.size(); ++i) {
      if (is_space(define_args[i])) {
        continue;
      }
      if (define_args[i] == '\\') {
        if (i + 1 < define_args.size() && define_args[i + 1] == '+') {
          ++i;
        }
        continue;
      }
      cleaned += define_args[i];
    }
    for (const auto& part : text::split(cleaned, ',')) {
      args.emplace_back(part);
    }
    if (!cleaned.empty() && cleaned.back() == ',') {
      // Perl's split drops trailing empty fields
      while (!args.empty() && args.back().empty()) {
        args.pop_back();
      }
    }
  }

  std::string d;
  for (const char c : dstat) {
    if (c != k_comment) {
      d += c;
    }
  }
  for (std::size_t i = d.find("\\\n"); i != std::string::npos; i = d.find("\\\n", i)) {
    d.erase(i, std::min<std::size_t>(3, d.size() - i));
  }
  d = std::string(trim(d));
  while (flatten_once(d)) {
  }
  while (flatten_string_once(d)) {
  }
  const bool trace = [&] {
    const std::size_t t = skip_spaces(ctx, skip_spaces(ctx, skip_spaces(ctx, 1) + 1) + 6);
    const auto w = word_at(ctx, t);
    return w == "TRACE_SYSTEM" || w == "TRACE_INCLUDE_FILE" || w == "TRACE_INCLUDE_PATH";
  }();
  if (!d.empty() && !is_simple_macro_body(d) && !trace) {
    if (word_at(d, skip_spaces(d, 0)) == "if") {
      error("MULTISTATEMENT_MACRO_USE_DO_WHILE",
            "Macros starting with if should be enclosed by a do - while loop to avoid possible "
            "if/else logic defects");
    } else if (d.find(';') != std::string::npos) {
      warn("MULTISTATEMENT_MACRO_USE_DO_WHILE",
           "Non-declarative macros with multiple statements should be enclosed in a do - while "
           "loop");
    } else {
      error("COMPLEX_MACRO", "Macros with complex values should be enclosed in parentheses");
    }
  }

  // the body on one line, without comments and continuation backslashes
  std::string define_stmt;
  bool first = true;
  for (const auto l : text::split_lines(define_stmt_raw)) {
    std::string_view part = l;
    if (ends_with(part, "\\")) {
      part.remove_suffix(1);
    }
    if (first) {
      define_stmt = std::string(part);
      first = false;
    } else if (starts_with(part, "+") || starts_with(part, " ")) {
      define_stmt += std::string(part.substr(1));
    }
  }
  std::string collapsed;
  for (const char c : define_stmt) {
    if (c == k_comment) {
      continue;
    }
    if (is_space(c)) {
      if (collapsed.empty() || collapsed.back() != ' ') {
        collapsed += ' ';
      }
    } else {
      collapsed += c;
    }
  }
  define_stmt = std::string(trim(collapsed));

  for (const auto& arg : args) {
    if (arg.find("...") != std::string::npos || to_lower(arg) == "type" || arg.empty()) {
      continue;
    }
    const std::string tmp = without_harmless_uses(define_stmt, arg);
    int uses = 0;
    std::size_t first_use = std::string::npos;
    for (std::size_t i = tmp.find(arg); i != std::string::npos; i = tmp.find(arg, i + 1)) {
      if ((i == 0 || !is_word(tmp[i - 1])) &&
          (i + arg.size() >= tmp.size() || !is_word(tmp[i + arg.size()]))) {
        ++uses;
        if (first_use == std::string::npos) {
          first_use = i;
        }
      }
    }
    if (uses > 1) {
      chk("MACRO_ARG_REUSE", "Macro argument reuse '" + arg + "' - possible side-effects?");
    }
    if (first_use != std::string::npos) {
      // ($Operators)?\s*\b$arg\b\s*($Operators)? at the first use
      std::size_t b = first_use;
      while (b > 0 && is_space(tmp[b - 1])) {
        --b;
      }
      std::string before;
      for (std::size_t len : {2, 1}) {
        if (b >= len && match_perl_operator(tmp, b - len) == len) {
          before = tmp.substr(b - len, len);
          break;
        }
      }
      const std::size_t a = skip_spaces(tmp, first_use + arg.size());
      const std::size_t after_len = match_perl_operator(tmp, a);
      const std::string after = tmp.substr(a, after_len);
      if ((!before.empty() && before != ",") || (!after.empty() && after != ",")) {
        chk("MACRO_ARG_PRECEDENCE", "Macro argument '" + arg + "' may be better as '(" + arg +
                                        ")' to avoid precedence issues");
      }
    }
    // Perl's truth: an empty body and a body of "0" are both false
    if (!define_stmt.empty() && define_stmt != "0" && !has_word(define_stmt, arg)) {
      warn("MACRO_ARG_UNUSED", "Argument '" + arg + "' is not used in function-like macro");
    }
  }
  if (has_flow && !has_arg_concat) {
    warn("MACRO_WITH_FLOW_CONTROL", "Macros with flow control statements should be avoided");
  }
}

}  // namespace patchflow::check::style
