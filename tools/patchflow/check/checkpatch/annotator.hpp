#pragma once
#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "patchflow/check/c_lexicon.hpp"
#include "patchflow/check/checkpatch/text.hpp"

namespace patchflow::check::style {

using namespace lexicon;  // NOLINT: the matchers are the rules' vocabulary

// checkpatch's annotate_values: a type letter per character (V value, N operator, E statement
// start, T type, C comma, c cast) and the unary/binary and colon kinds, to judge operators.
class Annotator {
 public:
  void reset() {
    m_preprocessor = false;
    m_pending = '_';
    m_paren = {'E'};
    m_pend_colon = 'O';
  }
  // Sets res and var to the types and variants of stream s, both stream-sized. Out parameters,
  // not a returned pair: called for every C line, the caller's buffers keep their capacity.
  void annotate(std::string_view s, char type, std::string& res, std::string& var) {
    res.clear();
    var.assign(s.size(), '_');
    std::size_t pos = 0;
    while (pos < s.size()) {
      if (m_paren.empty()) {
        m_paren.push_back('E');
      }
      const std::size_t len = step(s, pos, type, var);
      res.append(len, type);
      pos += len;
    }
  }

 private:
  char pop() {
    const char t = m_paren.back();
    m_paren.pop_back();
    return t;
  }
  std::size_t step(std::string_view s, std::size_t pos, char& type, std::string& var) {
    const char c = s[pos];
    if (is_space(c)) {
      std::size_t end = pos;
      bool newline = false;
      while (end < s.size() && is_space(s[end])) {
        newline = newline || s[end] == '\n';
        ++end;
      }
      if (newline && m_preprocessor) {
        type = pop();
        m_preprocessor = false;
      }
      return end - pos;
    }
    if (c == '(' && m_pending == '_') {
      const std::size_t q = skip_spaces(s, pos + 1);
      const std::size_t t = match_type(s, q);
      if (t > 0) {
        const std::size_t r = skip_spaces(s, q + t);
        if (r < s.size() && s[r] == ')') {
          m_paren.push_back(type);
          type = 'c';
          return r - pos;
        }
      }
    }
    // a type starts with a letter or '_' (match_nonptr_type): other bytes need no lookup
    if (const std::size_t t = is_ident_start(c) ? match_type(s, pos) : 0; t > 0) {
      const std::size_t q = skip_spaces(s, pos + t);
      if (q >= s.size() || match_ident(s, q) > 0 || s[q] == ',' || s[q] == ')' || s[q] == '(') {
        type = 'T';
        return t;
      }
    }
    if (is_ident_start(c)) {
      std::size_t w = pos;
      while (w < s.size() && is_word(s[w])) {
        ++w;
      }
      const auto word = s.substr(pos, w - pos);
      if (is_modifier_word(word)) {
        type = 'T';
        return skip_spaces(s, w) - pos;
      }
    }
    if (c == '#') {
      const std::size_t kw = skip_spaces(s, pos + 1);
      const auto rest = s.substr(kw);
      auto word_is = [&](std::string_view w) {
        return starts_with(rest, w) && (rest.size() == w.size() || !is_word(rest[w.size()]));
      };
      if (word_is("define")) {
        std::size_t q = skip_spaces(s, kw + 6);
        q += match_ident(s, q);
        m_preprocessor = true;
        m_paren.push_back(type);
        if (q < s.size() && s[q] == '(') {
          m_pending = 'N';
        }
        type = 'E';
        return q - pos;
      }
      if (word_is("undef") || word_is("include")) {
        m_preprocessor = true;
        m_paren.push_back(type);
        std::size_t q = kw + (word_is("undef") ? 5 : 7);
        if (word_is("undef")) {
          q = skip_spaces(s, q);
          q += match_ident(s, q);
        }
        return q - pos;
      }
      for (const std::string_view w : {"ifdef", "ifndef", "if"}) {
        if (starts_with(rest, w)) {
          m_preprocessor = true;
          m_paren.push_back(type);
          m_paren.push_back(type);
          type = 'E';
          return kw + w.size() - pos;
        }
      }
      for (const std::string_view w : {"else", "elif"}) {
        if (starts_with(rest, w)) {
          m_preprocessor = true;
          m_paren.push_back(m_paren.back());
          type = 'E';
          return kw + w.size() - pos;
        }
      }
      if (starts_with(rest, "endif")) {
        m_preprocessor = true;
        pop();
        m_paren.push_back(type);
        type = 'E';
        return kw + 5 - pos;
      }
    }
    if (c == '\\' && pos + 1 < s.size() && s[pos + 1] == '\n') {
      return 2;
    }
    if (is_ident_start(c)) {
      const std::size_t id = match_ident(s, pos);
      const auto word = s.substr(pos, id);
      const std::size_t after = skip_spaces(s, pos + id);
      const bool call = after < s.size() && s[after] == '(';
      if (word == "__attribute__") {
        m_pending = type;
        type = 'N';
        return id;
      }
      if (word == "sizeof") {
        if (call) {
          m_pending = 'V';
        }
        type = 'N';
        return id;
      }
      if (word == "if" || word == "while" || word == "for") {
        m_pending = 'E';
        type = 'N';
        return id;
      }
      if (starts_with(word, "case")) {
        m_pend_colon = 'C';
        type = 'N';
        return 4;
      }
      if (word == "return" || word == "else" || word == "goto" || word == "typeof" ||
          word == "__typeof__") {
        type = 'N';
        return id;
      }
      if (call) {
        type = 'V';
        m_pending = 'V';
        return id;
      }
      if (after < s.size() && s[after] == ':') {
        std::size_t q = skip_spaces(s, after + 1);
        bool bitfield = false;
        if (q < s.size() && is_digit(s[q])) {
          while (q < s.size() && is_digit(s[q])) {
            ++q;
          }
          q = skip_spaces(s, q);
          bitfield = q < s.size() && (s[q] == ',' || s[q] == '=' || s[q] == ';');
        }
        if ((bitfield && type == 'C') || type == 'T') {
          m_pend_colon = 'B';
        } else if (type == 'E') {
          m_pend_colon = 'L';
        }
        type = 'V';
        return after - pos;
      }
      type = 'V';
      return id;
    }
    if (const std::size_t k = match_constant(s, pos); k > 0) {
      type = 'V';
      return k;
    }
    if (c == '(') {
      m_paren.push_back(m_pending);
      m_pending = '_';
      type = 'N';
      return 1;
    }
    if (c == ')') {
      const char t = pop();
      if (t != '_') {
        type = t;
      }
      return 1;
    }
    // Every byte of every C line gets here: a first-character test spares most of them the
    // 11 assignment and 23 operator comparisons below (nearly half of the annotator's time).
    static constexpr std::array<std::string_view, 11> k_assignments = {
        "*=", "/=", "%=", "+=", "-=", "<<=", ">>=", "&=", "^=", "|=", "="};
    if (std::string_view("*/%+-<>&^|=").find(c) != std::string_view::npos) {
      for (const auto a : k_assignments) {
        if (starts_with(s.substr(pos), a)) {
          type = 'N';
          return a.size();
        }
      }
    }
    if (c == ';' || c == '{' || c == '}') {
      type = 'E';
      m_pend_colon = 'O';
      return 1;
    }
    if (c == ',') {
      type = 'C';
      return 1;
    }
    if (c == '?' || c == '[') {
      type = 'N';
      return 1;
    }
    if (c == ':') {
      var[pos] = m_pend_colon;
      type = (m_pend_colon == 'C' || m_pend_colon == 'L') ? 'E' : 'N';
      m_pend_colon = 'O';
      return 1;
    }
    const auto next = pos + 1 < s.size() ? s[pos + 1] : '\0';
    if ((c == '-' && next != '-' && next != '>') || (c == '+' && next != '+') || c == '*' ||
        c == '&') {
      var[pos] = type == 'V' ? 'B' : 'U';
      type = 'N';
      return (c == '&' && next == '&') ? 2 : 1;
    }
    static constexpr std::array<std::string_view, 23> k_operators = {
        "<=", ">=", "==", "!=", "=>", "->", "<<", ">>", "<", ">", "!", "~",
        "&&", "||", ",",  "^",  "++", "--", "&",  "|",  "+", "-", "*"};
    // bytes no operator starts with (letters are gone by now, but '.', quotes, digits' leftovers
    // and a fuzzer's any byte are not) skip the 23 comparisons: a fifth of the annotator's time
    static constexpr auto k_operator_starts = [] {
      std::array<bool, 256> starts{};
      for (const auto op : k_operators) {
        starts[static_cast<unsigned char>(op[0])] = true;
      }
      return starts;
    }();
    if (!k_operator_starts[static_cast<unsigned char>(c)]) {
      if (c == '/' || c == '%') {
        type = 'N';
      }
      return 1;
    }
    for (const auto op : k_operators) {
      if (op[0] == c && starts_with(s.substr(pos), op)) {
        if (op != "++" && op != "--") {
          type = 'N';
        }
        return op.size();
      }
    }
    if (c == '/' || c == '%') {
      type = 'N';
      return 1;
    }
    return 1;
  }

  bool m_preprocessor = false;
  char m_pending = '_';
  std::vector<char> m_paren{'E'};
  char m_pend_colon = 'O';
};

// The operators checkpatch splits a line on, in its order (first alternative wins).
inline std::size_t match_operator(std::string_view s, std::size_t pos) {
  static constexpr std::array<std::string_view, 39> k_ops = {
      "<<=", ">>=", "<=", ">=", "==", "!=", "+=", "-=", "*=", "/=", "%=", "^=", "|=",
      "&=",  "=>",  "->", "<<", ">>", "<",  ">",  "=",  "!",  "~",  "&&", "||", ",",
      "^",   "++",  "--", "&",  "|",  "+",  "-",  "*",  "/",  "%",  "?:", "?",  ":"};
  const auto rest = s.substr(pos);
  // called for every byte of every added line: most bytes start no operator, so a cheap first
  // test spares them the 39 comparisons
  if (rest.empty() ||
      std::string_view("<>=!+-*/%^|&~,?:;").find(rest[0]) == std::string_view::npos) {
    return 0;
  }
  for (const auto op : k_ops) {
    if (starts_with(rest, op)) {
      return op.size();
    }
  }
  return rest.empty() || rest[0] != ';' ? 0 : 1;
}

}  // namespace patchflow::check::style
