// Parenthesis and comparison rules: UNNECESSARY_PARENTHESES (around a dereferenced lvalue, a
// function pointer, a comparison inside an if condition, a doubly parenthesised if),
// CONSTANT_COMPARISON and COMPARISON_TO_NULL, as checkpatch.pl words them.
#include <algorithm>

#include "patchflow/check/checkpatch/engine.hpp"

namespace patchflow::check::style {
namespace {

// $Ident\s*(?:$Member\s*)+ at pos, with at least one member; its length or 0.
std::size_t match_member_lval(std::string_view s, std::size_t pos) {
  const std::size_t id = match_ident(s, pos);
  if (id == 0) {
    return 0;
  }
  std::size_t end = skip_spaces(s, pos + id);
  bool any = false;
  for (;;) {
    std::size_t next = 0;
    if (s.substr(end, 2) == "->") {
      const std::size_t m = match_ident(s, end + 2);
      next = m == 0 ? 0 : end + 2 + m;
    } else if (end < s.size() && s[end] == '.') {
      const std::size_t m = match_ident(s, end + 1);
      next = m == 0 ? 0 : end + 1 + m;
    } else if (end < s.size() && s[end] == '[') {
      const auto close = s.find(']', end);
      next = close == std::string_view::npos ? 0 : close + 1;
    }
    if (next == 0) {
      break;
    }
    end = skip_spaces(s, next);
    any = true;
  }
  return any ? end - pos : 0;
}

// $Compare at pos: <=|>=|==|!=|<|(?<!-)>; its length or 0.
std::size_t match_compare(std::string_view s, std::size_t pos) {
  const auto two = s.substr(pos, 2);
  if (two == "<=" || two == ">=" || two == "==" || two == "!=") {
    return 2;
  }
  if (pos < s.size() && (s[pos] == '<' || (s[pos] == '>' && (pos == 0 || s[pos - 1] != '-')))) {
    return 1;
  }
  return 0;
}

// $LvalOrFunc at pos: ((?:[\&\*]\s*)?$Lval)\s*($balanced_parens{0,1})\s*. Sets lval_end to
// the end of the lvalue part; returns the whole length or 0.
std::size_t match_lval_or_func(std::string_view s, std::size_t pos, std::size_t* lval_end) {
  std::size_t p = pos;
  if (p < s.size() && (s[p] == '&' || s[p] == '*')) {
    p = skip_spaces(s, p + 1);
  }
  const std::size_t lval = match_lval(s, p);
  if (lval == 0) {
    return 0;
  }
  if (lval_end != nullptr) {
    *lval_end = p + lval;
  }
  std::size_t end = skip_spaces(s, p + lval);
  if (const std::size_t parens = match_balanced_parens(s, end); parens > 0) {
    end = skip_spaces(s, end + parens);
  }
  return end - pos;
}

// $FuncArg at pos (a cast, then $LvalOrFunc, a constant or a string); its length or 0.
std::size_t match_function_argument(std::string_view s, std::size_t pos) {
  std::size_t p = pos;
  if (p < s.size() && s[p] == '(') {  // $Typecast: \s*(\(\s*$NonptrType\s*\)){0,1}\s*
    const std::size_t q = skip_spaces(s, p + 1);
    const std::size_t t = match_nonptr_type(s, q);
    const std::size_t r = skip_spaces(s, q + t);
    if (t > 0 && r < s.size() && s[r] == ')') {
      p = skip_spaces(s, r + 1);
    }
  }
  if (const std::size_t f = match_lval_or_func(s, p, nullptr); f > 0) {
    return p + f - pos;
  }
  if (const std::size_t c = match_constant(s, p); c > 0) {
    return p + c - pos;
  }
  if (p < s.size() && s[p] == '"') {
    const auto close = s.find('"', p + 1);
    return close == std::string_view::npos ? 0 : close + 1 - pos;
  }
  return 0;
}

}  // namespace

void Engine::check_unnecessary_parentheses(const std::string& line) {
  const std::string_view s = line;
  // &(foo->bar) and *(foo->bar)
  for (std::size_t k = 1; k < s.size(); ++k) {
    if (s[k] != '(') {
      continue;
    }
    std::size_t b = k;
    while (b > 0 && is_space(s[b - 1])) {
      --b;
    }
    const bool deref = (b > 0 && s[b - 1] == '&' && b >= 2 && s[b - 2] != '&') ||
                       (k > 0 && s[k - 1] == '*');
    if (!deref) {
      continue;
    }
    const std::size_t p = skip_spaces(s, k + 1);
    const std::size_t var = match_member_lval(s, p);
    const std::size_t close = skip_spaces(s, p + var);
    if (var > 0 && close < s.size() && s[close] == ')') {
      chk("UNNECESSARY_PARENTHESES",
          "Unnecessary parentheses around " + std::string(s.substr(p, var)));
      k = close;
    }
  }
  // (foo->bar)(): a function pointer, but not "if (foo->bar) ("
  for (std::size_t k = 0; k < s.size(); ++k) {
    bool after_if = false;
    std::size_t open = k;
    if (is_word_start(s, k) && s.substr(k, 2) == "if") {
      open = skip_spaces(s, k + 2);
      after_if = true;
    }
    if (open >= s.size() || s[open] != '(') {
      continue;
    }
    const std::size_t p = skip_spaces(s, open + 1);
    const std::size_t var = match_member_lval(s, p);
    if (var == 0 || p + var >= s.size() || s[p + var] != ')') {
      continue;
    }
    std::size_t q = p + var + 1;
    while (q < s.size() && (s[q] == ' ' || s[q] == '\t')) {
      ++q;
    }
    if (q < s.size() && s[q] == '(') {
      if (!after_if) {
        chk("UNNECESSARY_PARENTHESES", "Unnecessary parentheses around function pointer " +
                                           std::string(s.substr(open, p + var + 1 - open)));
      }
      break;
    }
  }
  // comparisons inside an if condition
  if (!m_stat || starts_with(m_realfile, "drivers/staging/")) {
    return;
  }
  const std::string_view stat = m_stat->stat;
  std::size_t p = stat.empty() ? 0 : skip_spaces(stat, 1);
  if (!is_word_start(stat, p) || stat.substr(p, 2) != "if" ||
      (p + 2 < stat.size() && is_word(stat[p + 2]))) {
    return;
  }
  p = skip_spaces(stat, p + 2);
  const std::size_t parens = match_balanced_parens(stat, p);
  if (parens == 0) {
    return;
  }
  const std::string_view test = stat.substr(p + 1, parens - 2);
  for (std::size_t k = 0; k < test.size(); ++k) {
    if (test[k] != '(') {
      continue;
    }
    if (k > 0) {
      // (?:^|[^\w\&\!\~])+\s*: a space before the '(' is of the class itself
      const char c = test[k - 1];
      if (!is_space(c) && (is_word(c) || c == '&' || c == '!' || c == '~')) {
        continue;
      }
    }
    const std::size_t start = skip_spaces(test, k + 1);
    std::size_t q = start;
    if (q < test.size() && (test[q] == '&' || test[q] == '!' || test[q] == '~')) {
      q = skip_spaces(test, q + 1);
    }
    const std::size_t lval = match_lval(test, q);
    if (lval == 0) {
      continue;
    }
    std::size_t end = skip_spaces(test, q + lval);
    if (const std::size_t cmp = match_compare(test, end); cmp > 0) {
      const std::size_t arg_at = skip_spaces(test, end + cmp);
      const std::size_t arg = match_function_argument(test, arg_at);
      if (arg > 0) {
        const std::size_t after = skip_spaces(test, arg_at + arg);
        if (after < test.size() && test[after] == ')') {
          end = arg_at + arg;
        }
      }
    }
    const std::size_t close = skip_spaces(test, end);
    if (close >= test.size() || test[close] != ')') {
      continue;
    }
    const std::string_view match = test.substr(start, end - start);
    k = close;
    const std::string_view word = trim(match);
    if (std::all_of(word.begin(), word.end(), [](char c) { return is_word(c); })) {
      continue;
    }
    chk("UNNECESSARY_PARENTHESES", "Unnecessary parentheses around '" + std::string(match) + "'");
  }
}

void Engine::check_if_parentheses(const std::string& line) {
  // \bif\s*((?:\(\s*){2,}) then the same count closing around one comparison
  const std::string_view s = line;
  for (std::size_t k = 0; k + 2 <= s.size(); ++k) {
    if (!is_word_start(s, k) || s.substr(k, 2) != "if" || (k + 2 < s.size() && is_word(s[k + 2]))) {
      continue;
    }
    std::size_t p = skip_spaces(s, k + 2);
    int count = 0;
    while (p < s.size() && s[p] == '(') {
      ++count;
      p = skip_spaces(s, p + 1);
    }
    if (count < 2) {
      continue;
    }
    const std::size_t left = match_lval_or_func(s, p, nullptr);
    if (left == 0) {
      return;
    }
    const std::size_t cmp_at = skip_spaces(s, p + left);
    const std::size_t cmp = match_compare(s, cmp_at);
    if (cmp == 0) {
      return;
    }
    const std::size_t right_at = skip_spaces(s, cmp_at + cmp);
    const std::size_t right = match_lval_or_func(s, right_at, nullptr);
    if (right == 0) {
      return;
    }
    std::size_t q = right_at + right;
    for (int i = 0; i < count; ++i) {
      q = skip_spaces(s, q);
      if (q >= s.size() || s[q] != ')') {
        return;
      }
      ++q;
    }
    const bool equal = s.substr(cmp_at, cmp) == "==";
    warn("UNNECESSARY_PARENTHESES",
         std::string("Unnecessary parentheses") + (equal ? " - maybe == should be = ?" : ""));
    return;
  }
}

void Engine::check_comparison_to_null(const std::string& line) {
  const std::string_view s = line;
  for (std::size_t k = 0; k < s.size(); ++k) {
    if (!is_word_start(s, k)) {
      continue;
    }
    std::size_t lval_end = 0;
    const std::size_t f = match_lval_or_func(s, k, &lval_end);
    if (f == 0) {
      continue;
    }
    std::size_t p = k + f;
    const auto op = s.substr(p, 2);
    if (op != "==" && op != "!=") {
      continue;
    }
    p = skip_spaces(s, p + 2);
    if (s.substr(p, 4) != "NULL" || (p + 4 < s.size() && is_word(s[p + 4]))) {
      continue;
    }
    chk("COMPARISON_TO_NULL", std::string("Comparison to NULL could be written \"") +
                                  (op == "==" ? "!" : "") + std::string(s.substr(k, lval_end - k)) +
                                  "\"");
    k = p + 3;
  }
}

}  // namespace patchflow::check::style
