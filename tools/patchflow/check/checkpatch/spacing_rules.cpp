// Spacing rules: around operators, casts, function names and brackets (SPACING).
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

void Engine::check_cast_spacing(const std::string& line) {
  for (std::size_t i = 1; i < line.size(); ++i) {
    if (line[i] != '(') {
      continue;
    }
    const std::size_t q = skip_spaces(line, i + 1);
    const std::size_t t = match_type(line, q);
    if (t == 0) {
      continue;
    }
    const std::size_t r = skip_spaces(line, q + t);
    if (r >= line.size() || line[r] != ')') {
      continue;
    }
    std::size_t w = r + 1;
    while (w < line.size() && (line[w] == ' ' || line[w] == '\t')) {
      ++w;
    }
    if (w == r + 1) {
      continue;
    }
    const std::string_view before = trim(std::string_view(line).substr(1, i - 1));
    if (ends_with(before, "sizeof") || ends_with(before, "__alignof__")) {
      continue;
    }
    if (w < line.size() && (line[w] == '=' || line[w] == '{')) {
      continue;
    }
    if (w + 1 == line.size() && line[w] == '\\') {
      continue;
    }
    const std::size_t id = match_ident(line, w);
    const auto next = std::string_view(line).substr(w, id);
    if (id > 0 && (is_modifier_word(next) || next == "__attribute__")) {
      continue;
    }
    chk("SPACING", "No space is necessary after a cast");
    return;
  }
}

void Engine::check_function_spacing(const std::string& line) {
  std::size_t search = 0;
  while (search < line.size()) {
    const auto paren = line.find('(', search);
    if (paren == std::string::npos) {
      return;
    }
    std::size_t ws = paren;
    while (ws > 0 && is_space(line[ws - 1])) {
      --ws;
    }
    if (ws == paren || ws == 0 || !is_word(line[ws - 1])) {
      search = paren + 1;
      continue;
    }
    std::size_t start = ws;
    while (start > 0 && is_word(line[start - 1])) {
      --start;
    }
    while (start < ws && is_digit(line[start])) {
      ++start;
    }
    if (start == ws) {
      search = paren + 1;
      continue;
    }
    const std::string name = line.substr(start, ws - start);
    const std::string_view before = std::string_view(line).substr(0, start);
    search = paren + 1;
    static constexpr std::array<std::string_view, 14> k_allowed = {
        "if",       "for",          "while",         "switch", "return",        "case",
        "volatile", "__volatile__", "__attribute__", "format", "__extension__", "asm",
        "__asm__",  "scoped_guard"};
    if (std::find(k_allowed.begin(), k_allowed.end(), name) != k_allowed.end()) {
      continue;
    }
    const std::size_t h = skip_spaces(before, 1);
    if (h < before.size() && before[h] == '#') {
      const auto kw = before.substr(skip_spaces(before, h + 1));
      if (starts_with(kw, "define") && is_blank(kw.substr(6))) {
        continue;
      }
      if (starts_with(kw, "elif") && is_blank(kw.substr(4))) {
        continue;
      }
    }
    if (ends_with_type(std::string(before) + name)) {
      continue;
    }
    warn("SPACING", "space prohibited between function name and open parenthesis '('");
  }
}

void Engine::check_operator_spacing(const std::string& opline, const std::string& values,
                                    const std::string& vars) {
  // split into text/operator pairs
  std::vector<std::pair<std::size_t, std::size_t>> ops;  // (offset, length)
  for (std::size_t i = 0; i < opline.size();) {
    const std::size_t len = match_operator(opline, i);
    if (len > 0) {
      ops.emplace_back(i, len);
      i += len;
    } else {
      ++i;
    }
  }
  auto is_c = [](char ch) { return ch == k_comment; };
  for (std::size_t n = 0; n < ops.size(); ++n) {
    const auto [off, len] = ops[n];
    const std::string op = opline.substr(off, len);
    const std::size_t prev_end = n == 0 ? 0 : ops[n - 1].first + ops[n - 1].second;
    const std::string_view before_el = std::string_view(opline).substr(prev_end, off - prev_end);
    const std::size_t next_start = off + len;
    const std::size_t next_end = n + 1 < ops.size() ? ops[n + 1].first : opline.size();
    const std::string_view after_el =
        std::string_view(opline).substr(next_start, next_end - next_start);
    // Perl's split drops trailing empty fields: no element after a final operator
    const bool has_after = !(n + 1 == ops.size() && after_el.empty());
    const std::string_view ca = std::string_view(opline).substr(0, off);
    const std::string_view cc = std::string_view(opline).substr(next_start);

    char a = ' ';
    if (!before_el.empty()) {
      a = 'V';
    }
    if (!before_el.empty() && is_space(before_el.back())) {
      a = 'W';
    }
    if (!before_el.empty() && is_c(before_el.back())) {
      a = 'C';
    }
    if (!before_el.empty() && (before_el.back() == '[' || before_el.back() == '(')) {
      a = 'B';
    }
    if (before_el.empty()) {
      a = 'O';
    }
    if (is_blank(ca)) {
      a = 'E';
    }
    char c = 'E';
    if (has_after) {
      c = ' ';
      if (!after_el.empty()) {
        c = 'V';
      }
      if (!after_el.empty() && is_space(after_el.front())) {
        c = 'W';
      }
      if (!after_el.empty() && is_c(after_el.front())) {
        c = 'C';
      }
      if (!after_el.empty() &&
          (after_el.front() == ')' || after_el.front() == ']' || after_el.front() == ';')) {
        c = 'B';
      }
      if (after_el.empty()) {
        c = 'O';
      }
      const auto t = trim(after_el);
      if (t == "\\" && after_el.back() == '\\') {
        c = 'E';
      }
    }
    const std::string ctx = std::string(1, a) + "x" + std::string(1, c);
    const std::string at = " (ctx:" + ctx + ")";
    const char op_type = off < values.size() ? values[off] : 'E';
    const std::string opv = op + std::string(1, off < vars.size() ? vars[off] : '_');
    auto ctx_is = [&](std::string_view left, std::string_view right) {
      const bool l = left == "." || left.find(a) != std::string_view::npos;
      const bool r = right == "." || right.find(c) != std::string_view::npos;
      return l && r;
    };
    auto after_ws_is = [&](std::string_view chars) {
      const std::size_t p = skip_spaces(cc, 0);
      return p < cc.size() && chars.find(cc[p]) != std::string_view::npos;
    };

    if (op_type != 'V' && !ca.empty() && is_space(ca.back()) && after_ws_is(",)")) {
      continue;
    }
    if (op == ";") {
      if (!ctx_is(".", "WEBC") && !starts_with(cc, "\\") && !starts_with(cc, ";")) {
        error("SPACING", "space required after that '" + op + "'" + at);
      }
    } else if (opv == ":B") {
    } else if (op == "->") {
      if (a == 'W' || c == 'W') {
        error("SPACING", "spaces prohibited around that '" + op + "'" + at);
      }
    } else if (op == ",") {
      if (a == 'W') {
        error("SPACING", "space prohibited before that '" + op + "'" + at);
      }
      if (!ctx_is(".", "WEC") && !starts_with(cc, "}")) {
        error("SPACING", "space required after that '" + op + "'" + at);
      }
    } else if (opv == "*_") {
    } else if (op == "!" || op == "~" || opv == "*U" || opv == "-U" || opv == "&U" ||
               opv == "&&U") {
      const bool ca_ok = [&] {
        for (const std::string_view suffix : {")", "!", "~", "*", "-", "&", "|", "++", "--", "{"}) {
          if (ends_with(ca, suffix)) {
            return true;
          }
        }
        return false;
      }();
      if (!ctx_is("WEBC", ".") && !ca_ok) {
        error("SPACING", "space required before that '" + op + "'" + at);
      }
      const bool modifier_follows = [&] {
        const std::size_t p = skip_spaces(cc, 0);
        std::size_t e = p;
        while (e < cc.size() && is_word(cc[e])) {
          ++e;
        }
        return e > p && is_modifier_word(cc.substr(p, e - p));
      }();
      if (op == "*" && modifier_follows) {
      } else if (c == 'W') {
        error("SPACING", "space prohibited after that '" + op + "'" + at);
      }
    } else if (op == "++" || op == "--") {
      if (!(std::string_view("WEOBC").find(a) != std::string_view::npos && c != 'W') &&
          !(a != 'W' && std::string_view("WOBEC").find(c) != std::string_view::npos)) {
        error("SPACING", "space required one side of that '" + op + "'" + at);
      }
      if ((a == 'W' && (c == 'B' || c == 'E')) || (a == 'W' && starts_with(cc, ";"))) {
        error("SPACING", "space prohibited before that '" + op + "'" + at);
      }
      if (a == 'E' && c == 'W') {
        error("SPACING", "space prohibited after that '" + op + "'" + at);
      }
    } else if (op == "<<" || op == ">>" || op == "&" || op == "^" || op == "|" || op == "+" ||
               op == "-" || op == "*" || op == "/" || op == "%") {
      if (m_check) {
        if (has_after && !ctx_is("EW", "EW")) {
          chk("SPACING", "spaces preferred around that '" + op + "'" + at);
        } else if (!has_after && !(a == 'W' && (c == 'O' || c == 'E'))) {
          chk("SPACING", "space preferred before that '" + op + "'" + at);
        }
      } else if ((a == 'W' && std::string_view("WCE").find(c) == std::string_view::npos) ||
                 (std::string_view("WCE").find(a) == std::string_view::npos && c == 'W')) {
        error("SPACING", "need consistent spacing around '" + op + "'" + at);
      }
    } else if (opv == ":C" || opv == ":L") {
      if (a == 'W' && !ends_with(m_realfile, ".lds.h")) {
        error("SPACING", "space prohibited before that '" + op + "'" + at);
      }
    } else if (!ctx_is("EWC", "CWE")) {
      bool ok = false;
      if (op == "<" && looks_like_email_after(cc)) {
        ok = true;
      }
      if (op == ">" && looks_like_email_before(ca)) {
        ok = true;
      }
      if (op == ":" && (ends_with(ca, ":") || starts_with(cc, ":"))) {
        ok = true;
      }
      if (!ok) {
        const bool soft = (op == "?:" || op == "?" || op == ":") && a == 'V' && c == 'V';
        if (soft) {
          chk("SPACING", "spaces required around that '" + op + "'" + at);
        } else {
          error("SPACING", "spaces required around that '" + op + "'" + at);
        }
      }
    }
  }
}

void Engine::check_misc_spacing(const std::string& line) {
  {  // "foo ;"
    const std::string_view t = trim(std::string_view(line).substr(1));
    if (ends_with(t, ";") && t.size() >= 3) {
      std::size_t e = t.size() - 1;
      std::size_t w = e;
      while (w > 0 && is_space(t[w - 1])) {
        --w;
      }
      if (w < e && w > 0) {
        warn("SPACING", "space prohibited before semicolon");
      }
    }
  }
  {  // "){", "else{", "do{"
    bool need = false;
    const auto brace = line.find("){");
    if (brace != std::string::npos && line.find('(') < brace) {
      // \($Type\){ is a compound literal
      const auto open = line.rfind('(', brace);
      const std::size_t q = skip_spaces(line, open + 1);
      const std::size_t t = match_type(line, q);
      need = !(t > 0 && skip_spaces(line, q + t) == brace);
      if (!need) {
        need = line.find("){", brace + 2) != std::string::npos;
      }
    }
    for (const std::string_view kw : {"else{", "do{"}) {
      const auto pos = line.find(kw);
      if (pos != std::string::npos && (pos == 0 || !is_word(line[pos - 1]))) {
        need = true;
      }
    }
    if (need) {
      error("SPACING", "space required before the open brace '{'");
    }
  }
  {  // "}foo"
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
      if (line[i] == '}') {
        const char n = line[i + 1];
        if (!is_space(n) && n != ',' && n != ';' && n != ')' && n != '}') {
          error("SPACING", "space required after that close brace '}'");
          break;
        }
      }
    }
  }
  {  // "[ " and " ]"
    const auto open = line.find('[');
    if (open != std::string::npos) {
      for (std::size_t i = open; i < line.size(); ++i) {
        if (line[i] == '[' && i + 1 < line.size() && is_space(line[i + 1])) {
          if (!is_blank(std::string_view(line).substr(i + 1))) {
            error("SPACING", "space prohibited after that open square bracket '['");
          }
          break;
        }
      }
    }
    for (std::size_t i = 1; i < line.size(); ++i) {
      if (line[i] == ']' && is_space(line[i - 1])) {
        error("SPACING", "space prohibited before that close square bracket ']'");
        break;
      }
    }
  }
  {  // "( " and " )"
    bool open_space = false;
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
      if (line[i] == '(' && is_space(line[i + 1])) {
        open_space = true;
        break;
      }
    }
    if (open_space) {
      // not "(" at the end (or before a continuation) and not "for ( ;"
      std::string_view t = std::string_view(line);
      while (!t.empty() && is_space(t.back())) {
        t.remove_suffix(1);
      }
      if (ends_with(t, "\\")) {
        t.remove_suffix(1);
        while (!t.empty() && is_space(t.back())) {
          t.remove_suffix(1);
        }
      }
      bool all_open_at_end = true;
      for (std::size_t i = 0; i + 1 < line.size(); ++i) {
        if (line[i] == '(' && is_space(line[i + 1])) {
          if (!(i + 1 == t.size())) {
            all_open_at_end = false;
          }
        }
      }
      const bool for_empty_init = [&] {
        std::size_t pos = 0;
        while ((pos = line.find("for", pos)) != std::string::npos) {
          std::size_t p = skip_spaces(line, pos + 3);
          if (p < line.size() && line[p] == '(') {
            std::size_t q = p + 1;
            if (q < line.size() && is_space(line[q])) {
              q = skip_spaces(line, q);
              if (q < line.size() && line[q] == ';') {
                return true;
              }
            }
          }
          pos += 3;
        }
        return false;
      }();
      if (!all_open_at_end && !for_empty_init) {
        error("SPACING", "space prohibited after that open parenthesis '('");
      }
    }
    bool close_space = false;
    for (std::size_t i = 1; i < line.size(); ++i) {
      if (line[i] == ')' && is_space(line[i - 1])) {
        close_space = true;
        break;
      }
    }
    if (close_space) {
      const std::size_t first = skip_spaces(line, 1);
      const bool starts_close = first < line.size() && line[first] == ')';
      bool for_empty = false;
      {
        const auto f = line.find("for");
        if (f != std::string::npos) {
          const std::size_t p = skip_spaces(line, f + 3);
          if (p < line.size() && line[p] == '(') {
            // for (...; )
            for (std::size_t i = p; i < line.size(); ++i) {
              if (line[i] == ';') {
                const std::size_t q = skip_spaces(line, i + 1);
                if (q > i + 1 && q < line.size() && line[q] == ')') {
                  for_empty = true;
                }
              }
            }
          }
        }
      }
      bool colon = false;
      for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == ':') {
          const std::size_t q = skip_spaces(line, i + 1);
          if (q > i + 1 && q < line.size() && line[q] == ')') {
            colon = true;
          }
        }
      }
      if (!starts_close && !for_empty && !colon) {
        error("SPACING", "space prohibited before that close parenthesis ')'");
      }
    }
  }
  {  // "if(" and friends
    for (const std::string_view kw : {"if", "while", "for", "switch"}) {
      std::size_t pos = 0;
      while ((pos = line.find(kw, pos)) != std::string::npos) {
        const std::size_t end = pos + kw.size();
        if ((pos == 0 || !is_word(line[pos - 1])) && end < line.size() && line[end] == '(') {
          error("SPACING", "space required before the open parenthesis '('");
          return;
        }
        pos = end;
      }
    }
  }
}

}  // namespace patchflow::check::style
