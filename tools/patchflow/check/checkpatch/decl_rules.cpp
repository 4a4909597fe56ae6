// Declaration rules: STATIC_CONST_CHAR_ARRAY, ARRAY_SIZE, POINTER_LOCATION, PREFER_KERNEL_TYPES,
// PREFER_DEFINED_ATTRIBUTE_MACRO, SIZEOF_PARENTHESIS, AVOID_EXTERNS, FUNCTION_ARGUMENTS and
// LINE_SPACING's "missing a blank line after declarations", as checkpatch.pl words them.
#include <array>

#include "patchflow/check/checkpatch/engine.hpp"
#include "patchflow/core/regex.hpp"

namespace patchflow::check::style {
namespace {

// checkpatch's $Declare at pos: (?:$Storage\s+(?:$Inline\s+)?)?$Type; its length or 0.
std::size_t match_declare(std::string_view s, std::size_t pos) {
  std::size_t p = pos;
  if (const auto w = word_at(s, p); is_storage_word(w) && p + w.size() < s.size() &&
                                    is_space(s[p + w.size()])) {
    p = skip_spaces(s, p + w.size());
    if (const auto i = word_at(s, p); is_inline_word(i) && p + i.size() < s.size() &&
                                      is_space(s[p + i.size()])) {
      p = skip_spaces(s, p + i.size());
    }
  }
  const std::size_t type = match_type(s, p);
  return type == 0 ? 0 : p + type - pos;
}

// (?:__)?(?:[us]_?)?int_?(?:8|16|32|64)_t
bool is_c99_typedef(std::string_view w) {
  if (w.starts_with("__")) {
    w.remove_prefix(2);
  }
  if (!w.empty() && (w[0] == 'u' || w[0] == 's')) {
    w.remove_prefix(1);
    if (w.starts_with("_")) {
      w.remove_prefix(1);
    }
  }
  if (!w.starts_with("int")) {
    return false;
  }
  w.remove_prefix(3);
  if (w.starts_with("_")) {
    w.remove_prefix(1);
  }
  return w == "8_t" || w == "16_t" || w == "32_t" || w == "64_t";
}

// checkpatch's $declaration_macros at pos (after the indentation)
bool is_declaration_macro(std::string_view s, std::size_t pos) {
  std::size_t p = pos;
  if (const auto w = word_at(s, p); is_storage_word(w) && p + w.size() < s.size() &&
                                    is_space(s[p + w.size()])) {
    p = skip_spaces(s, p + w.size());
  }
  const auto w = word_at(s, p);
  const std::size_t paren = skip_spaces(s, p + w.size());
  if (w.empty() || paren >= s.size() || s[paren] != '(') {
    return false;
  }
  static const Regex k_macro(
      "(?:[A-Z_][A-Z0-9]*_){0,2}(?:DEFINE|DECLARE)(?:_[A-Z0-9]+){1,6}|[HLP]?LIST_HEAD|"
      "(?:SKCIPHER_REQUEST|SHASH_DESC|AHASH_REQUEST)_ON_STACK|XA_STATE|XA_STATE_ORDER");
  return k_macro.matches(w);
}

bool is_c90_keyword(std::string_view w) {
  static constexpr std::array<std::string_view, 12> k_words = {
      "do", "for", "while", "if", "else", "return", "goto", "continue", "switch", "default",
      "case", "break"};
  for (const auto k : k_words) {
    if (w == k) {
      return true;
    }
  }
  return false;
}

// Does s, after "+" and its indentation, look like a declaration (the four shapes checkpatch
// accepts: $Declare $Ident, a function pointer, "foo bar" or "foo *bar", a declaration macro)?
bool is_declaration(std::string_view s) {
  if (s.size() < 2 || s[0] != '+' || !is_space(s[1])) {
    return false;
  }
  const std::size_t p = skip_spaces(s, 1);
  if (const std::size_t d = match_declare(s, p); d > 0) {
    std::size_t q = skip_spaces(s, p + d);
    if (const std::size_t id = match_ident(s, q); id > 0) {
      const std::size_t r = skip_spaces(s, q + id);
      if (r < s.size() && std::string_view("=,;:[").find(s[r]) != std::string_view::npos) {
        return true;
      }
    }
    if (q < s.size() && s[q] == '(') {  // int (*fn)(...)
      q = skip_spaces(s, q + 1);
      if (q < s.size() && s[q] == '*') {
        q = skip_spaces(s, q + 1);
        if (const std::size_t id = match_ident(s, q); id > 0) {
          std::size_t r = skip_spaces(s, q + id);
          if (r < s.size() && s[r] == ')') {
            r = skip_spaces(s, r + 1);
            if (r < s.size() && std::string_view("=,;:[(").find(s[r]) != std::string_view::npos) {
              return true;
            }
          }
        }
      }
    }
  }
  if (const std::size_t id = match_ident(s, p); id > 0) {  // foo bar; foo *bar;
    std::size_t q = p + id;
    const std::size_t spaces = skip_spaces(s, q);
    bool separated = spaces > q;
    q = spaces;
    if (q < s.size() && s[q] == '*') {
      q = skip_spaces(s, q + 1);
      separated = true;
    }
    if (separated) {
      if (const std::size_t id2 = match_ident(s, q); id2 > 0) {
        const std::size_t r = skip_spaces(s, q + id2);
        if (r < s.size() && std::string_view("=,;[").find(s[r]) != std::string_view::npos) {
          return true;
        }
      }
    }
  }
  return is_declaration_macro(s, p);
}

// The same line without $Attribute and $Sparse words, as checkpatch compares them.
std::string without_attributes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (is_word_start(s, i)) {
      const auto w = word_at(s, i);
      if (!is_modifier_word(w) || w == "fastcall") {
        out.append(w);
      }
      i += w.size();
      continue;
    }
    out += s[i++];
  }
  return out;
}

// (?:$Compare|$Assignment|$Operators) ending the text (after trailing spaces)
bool ends_with_operator(std::string_view s) {
  s = trim_right(s);
  return !s.empty() && std::string_view("<>=!~,^+-*/%&|").find(s.back()) != std::string_view::npos;
}

}  // namespace

void Engine::check_declaration_spacing(const std::string& sline) {
  const std::string_view prev = m_prevline;
  std::size_t plus = 0;
  std::string_view indent;
  while ((plus = prev.find('+', plus)) != std::string_view::npos) {
    const std::size_t end = skip_spaces(prev, plus + 1);
    if (end > plus + 1 && end < prev.size()) {
      indent = prev.substr(plus + 1, end - plus - 1);
      break;
    }
    ++plus;
  }
  if (indent.empty() || !starts_with(sline, "+") ||
      std::string_view(sline).substr(1, indent.size()) != indent ||
      sline.size() <= indent.size() + 1 || is_space(sline[indent.size() + 1])) {
    return;
  }
  const std::string sl = without_attributes(sline);
  const std::string pl = without_attributes(prev);
  if (!is_declaration(pl)) {
    return;
  }
  const std::string_view pl_view = pl;
  const std::size_t pp = skip_spaces(pl_view, 1);
  const std::string_view pl_trim = trim_right(pl_view);
  if (is_c90_keyword(word_at(pl_view, pp)) || ends_with_operator(pl_view) ||
      ends_with(pl_trim, "{") || ends_with(pl_view, "\\")) {
    return;
  }
  if (is_declaration(sl) || sl.size() < 2 || !is_space(sl[1])) {
    return;
  }
  const std::string_view s = sl;
  std::size_t p = skip_spaces(s, 1);
  std::string_view first = word_at(s, p);
  if (first == "static") {
    p = skip_spaces(s, p + first.size());
    first = word_at(s, p);
  }
  if (first == "const") {
    p = skip_spaces(s, p + first.size());
    first = word_at(s, p);
  }
  if (first == "union" || first == "struct" || first == "enum" || first == "typedef") {
    return;
  }
  const std::size_t q = skip_spaces(s, 1);
  if (q >= s.size() || std::string_view("{}.#\"?:([").find(s[q]) != std::string_view::npos) {
    return;
  }
  if (const std::size_t id = match_ident(s, q); id > 0) {  // bitfield continuation
    std::size_t r = skip_spaces(s, q + id);
    if (r < s.size() && s[r] == ':') {
      r = skip_spaces(s, r + 1);
      const std::size_t digits = r;
      while (r < s.size() && is_digit(s[r])) {
        ++r;
      }
      r = skip_spaces(s, r);
      if (r > digits && r < s.size() && (s[r] == ',' || s[r] == ';')) {
        return;
      }
    }
  }
  if (std::string_view("<>=!~,^+-*/%&|").find(s[q]) != std::string_view::npos) {
    return;
  }
  warn("LINE_SPACING", "Missing a blank line after declarations");
}

void Engine::check_static_const_char_array(const std::string& line) {
  // \bstatic\s+const\s+char\s*\*\s*(\w+)\s*\[\s*\]\s*=
  const auto sequence = [&](std::size_t p, std::initializer_list<std::string_view> words,
                            bool pointer) -> std::size_t {
    for (const auto w : words) {
      if (word_at(line, p) != w) {
        return std::string::npos;
      }
      const std::size_t next = p + w.size();
      p = skip_spaces(line, next);
      if (w != words.end()[-1] && p == next) {
        return std::string::npos;
      }
    }
    if (pointer) {
      if (p >= line.size() || line[p] != '*') {
        return std::string::npos;
      }
      p = skip_spaces(line, p + 1);
    }
    std::size_t e = p;
    while (e < line.size() && is_word(line[e])) {
      ++e;
    }
    if (e == p) {
      return std::string::npos;
    }
    p = skip_spaces(line, e);
    if (line.substr(p, 1) != "[") {
      return std::string::npos;
    }
    p = skip_spaces(line, p + 1);
    if (line.substr(p, 1) != "]") {
      return std::string::npos;
    }
    p = skip_spaces(line, p + 1);
    return line.substr(p, 1) == "=" ? skip_spaces(line, p + 1) : std::string::npos;
  };
  // find(), not a test at every byte: most lines hold no "static"
  for (std::size_t i = line.find("static"); i != std::string::npos;
       i = line.find("static", i + 1)) {
    if (is_word_start(line, i) && word_at(line, i) == "static" &&
        sequence(i, {"static", "const", "char"}, true) != std::string::npos) {
      warn("STATIC_CONST_CHAR_ARRAY",
           "static const char * array should probably be static const char * const");
      break;
    }
  }
  {  // ^\+\s*const\s+(char|unsigned\s+char|_*u8|(?:[us]_)?int8_t)\s+\w+\s*\[\s*(?:\w+\s*)?\]\s*=\s*"
    static const Regex k_const(
        R"(^\+\s*const\s+(char|unsigned\s+char|_*u8|(?:[us]_)?int8_t)\s+\w+\s*\[\s*(?:\w+\s*)?\]\s*=\s*")");
    if (contains(line, "const") && contains(line, "\"") && k_const.search(line)) {
      warn("STATIC_CONST_CHAR_ARRAY", "const array should probably be static const");
    }
  }
  for (std::size_t i = line.find("static"); i != std::string::npos;
       i = line.find("static", i + 1)) {
    if (is_word_start(line, i) && word_at(line, i) == "static") {
      const std::size_t end = sequence(i, {"static", "char"}, false);
      if (end != std::string::npos && end < line.size() && line[end] == '"') {
        warn("STATIC_CONST_CHAR_ARRAY",
             "static char array declaration should probably be static const char");
        break;
      }
    }
  }
  {  // ^.\s+(?:static\s+|const\s+)?char\s+\*\s*\w+\s*\[\s*\]\s*=\s*\{
    static const Regex k_local(R"(^.\s+(?:static\s+|const\s+)?char\s+\*\s*\w+\s*\[\s*\]\s*=\s*\{)");
    if (contains(line, "char") && contains(line, "{") && k_local.search(line)) {
      warn("STATIC_CONST_CHAR_ARRAY", "char * array declaration might be better as static const");
    }
  }
  // sizeof(foo)/sizeof(foo[0])
  for (std::size_t pos = line.find("sizeof"); pos != std::string::npos;
       pos = line.find("sizeof", pos + 6)) {
    if (!is_word_start(line, pos)) {
      continue;
    }
    std::size_t p = skip_spaces(line, pos + 6);
    if (line.substr(p, 1) != "(") {
      continue;
    }
    p = skip_spaces(line, p + 1);
    const std::size_t lval = match_lval(line, p);
    const std::string array = line.substr(p, lval);
    std::size_t q = skip_spaces(line, p + lval);
    if (lval == 0 || line.substr(q, 1) != ")") {
      continue;
    }
    q = skip_spaces(line, q + 1);
    if (line.substr(q, 1) != "/") {
      continue;
    }
    q = skip_spaces(line, q + 1);
    if (line.substr(q, 6) != "sizeof") {
      continue;
    }
    q = skip_spaces(line, q + 6);
    if (line.substr(q, 1) != "(") {
      continue;
    }
    q = skip_spaces(line, q + 1);
    if (line.substr(q, array.size()) != array) {
      continue;
    }
    q = skip_spaces(line, q + array.size());
    if (line.substr(q, 1) != "[") {
      continue;
    }
    q = skip_spaces(line, q + 1);
    if (line.substr(q, 1) != "0") {
      continue;
    }
    q = skip_spaces(line, q + 1);
    if (line.substr(q, 1) != "]") {
      continue;
    }
    q = skip_spaces(line, q + 1);
    if (line.substr(q, 1) == ")") {
      warn("ARRAY_SIZE", "Prefer ARRAY_SIZE(" + array + ")");
      break;
    }
  }
}

namespace {

// (\s*(?:$Modifier\b\s*|\*\s*)+) at pos: the stars and qualifiers between a type and a name.
std::size_t match_pointer_part(std::string_view s, std::size_t pos) {
  std::size_t p = pos;
  bool any = false;
  for (;;) {
    const std::size_t q = skip_spaces(s, p);
    if (q < s.size() && s[q] == '*') {
      p = skip_spaces(s, q + 1);
      any = true;
      continue;
    }
    const auto w = word_at(s, q);
    if (!w.empty() && (q == 0 || !is_word(s[q - 1])) && is_modifier_word(w)) {
      p = skip_spaces(s, q + w.size());
      any = true;
      continue;
    }
    break;
  }
  return any ? p - pos : 0;
}

// The pointer part as checkpatch wants it: one space before, none after, no space between stars.
std::string canonical_pointer(std::string to, bool space_modifier) {
  if (!to.empty() && !is_space(to[0])) {
    to.insert(0, " ");
  }
  while (!to.empty() && is_space(to.back())) {
    to.pop_back();
  }
  for (;;) {
    bool changed = false;
    for (std::size_t i = 0; i < to.size(); ++i) {
      if (to[i] != '*') {
        continue;
      }
      std::size_t j = i + 1;
      while (j < to.size() && is_space(to[j])) {
        ++j;
      }
      if (j > i + 1 && j < to.size() && to[j] == '*') {
        to.erase(i + 1, j - i - 1);
        changed = true;
        break;
      }
    }
    if (!changed) {
      break;
    }
  }
  if (space_modifier) {
    std::size_t b = to.size();
    while (b > 0 && is_word(to[b - 1])) {
      --b;
    }
    if (b < to.size() && is_modifier_word(std::string_view(to).substr(b))) {
      to += ' ';
    }
  }
  return to;
}

}  // namespace

void Engine::check_pointer_location(const std::string& line) {
  if (line.find('*') == std::string::npos && line.find("__") == std::string::npos &&
      line.find("const") == std::string::npos && line.find("volatile") == std::string::npos) {
    return;
  }
  const std::string_view s = line;
  // (char*[ const]): a cast
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '(') {
      continue;
    }
    const std::size_t t = match_nonptr_type(s, i + 1);
    if (t == 0) {
      continue;
    }
    const std::size_t from_at = i + 1 + t;
    const std::size_t part = match_pointer_part(s, from_at);
    if (part == 0 || from_at + part >= s.size() || s[from_at + part] != ')') {
      continue;
    }
    const std::string from(s.substr(from_at, part));
    const std::string to = canonical_pointer(from, false);
    if (from != to) {
      error("POINTER_LOCATION", "\"(foo" + from + ")\" should be \"(foo" + to + ")\"");
    }
    i = from_at + part;
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!is_word_start(s, i)) {
      continue;
    }
    const std::size_t t = match_nonptr_type(s, i);
    if (t == 0) {
      i += word_at(s, i).size();
      continue;
    }
    const std::size_t from_at = i + t;
    const std::size_t part = match_pointer_part(s, from_at);
    const std::size_t id = part == 0 ? 0 : match_ident(s, from_at + part);
    if (id == 0) {
      i += word_at(s, i).size();
      continue;
    }
    const std::string from(s.substr(from_at, part));
    const std::string to = canonical_pointer(from, true);
    if (from != to && !is_modifier_word(s.substr(from_at + part, id))) {
      error("POINTER_LOCATION", "\"foo" + from + "bar\" should be \"foo" + to + "bar\"");
    }
    i = from_at + part + id - 1;
  }
}

void Engine::check_compiler_attributes(std::string_view raw) {
  if (contains(m_realfile, "include/uapi/")) {
    return;
  }
  const std::size_t at = raw.find("__attribute__");
  if (at == std::string_view::npos || (at > 0 && is_word(raw[at - 1]))) {
    return;
  }
  std::size_t p = skip_spaces(raw, at + 13);
  if (raw.substr(p, 1) != "(") {
    return;
  }
  p = skip_spaces(raw, p + 1);
  const std::size_t inner = match_balanced_parens(raw, p);
  if (inner == 0 || raw.substr(skip_spaces(raw, p + inner), 1) != ")") {
    return;
  }
  // s/\s*\(\s*(.*)\)\s*/$1/
  std::string_view attr = raw.substr(p + 1, inner - 2);
  attr = attr.substr(skip_spaces(attr, 0));
  struct Name {
    std::string_view attribute;
    std::string_view macro;
  };
  static constexpr std::array<Name, 23> k_names = {{
      {"alias", "__alias"},
      {"aligned", "__aligned"},
      {"always_inline", "__always_inline"},
      {"assume_aligned", "__assume_aligned"},
      {"cold", "__cold"},
      {"const", "__attribute_const__"},
      {"copy", "__copy"},
      {"designated_init", "__designated_init"},
      {"externally_visible", "__visible"},
      {"format", "printf|scanf"},
      {"gnu_inline", "__gnu_inline"},
      {"malloc", "__malloc"},
      {"mode", "__mode"},
      {"no_caller_saved_registers", "__no_caller_saved_registers"},
      {"noclone", "__noclone"},
      {"noinline", "noinline"},
      {"nonstring", "__nonstring"},
      {"noreturn", "__noreturn"},
      {"packed", "__packed"},
      {"pure", "__pure"},
      {"section", "__section"},
      {"used", "__used"},
      {"weak", "__weak"},
  }};
  for (std::size_t i = 0; i < attr.size();) {
    if (!is_word(attr[i])) {
      ++i;
      continue;
    }
    const std::string_view orig = word_at(attr, i);
    std::size_t q = skip_spaces(attr, i + orig.size());
    const std::size_t parens = match_balanced_parens(attr, q);
    const std::string_view params = parens > 0 ? attr.substr(q, parens) : std::string_view();
    i = parens > 0 ? q + parens : i + orig.size();
    std::string_view name = orig;
    while (!name.empty() && name.front() == '_') {
      name.remove_prefix(1);
    }
    while (!name.empty() && name.back() == '_') {
      name.remove_suffix(1);
    }
    for (const auto& n : k_names) {
      if (n.attribute != name) {
        continue;
      }
      std::string replacement;
      if (name == "format" && !params.empty()) {
        // ^\s*\(\s*(\w+)\s*,\s*(.*)
        std::size_t a = skip_spaces(params, 1);
        const std::string_view kind = word_at(params, a);
        std::size_t c = skip_spaces(params, a + kind.size());
        if (kind.empty() || params.substr(c, 1) != ",") {
          replacement = "__" + std::string(params);
        } else {
          c = skip_spaces(params, c + 1);
          replacement = "__" + std::string(kind) + "(" + std::string(params.substr(c));
        }
      } else {
        replacement = std::string(n.macro) + std::string(params);
      }
      warn("PREFER_DEFINED_ATTRIBUTE_MACRO", "Prefer " + replacement + " over __attribute__((" +
                                                 std::string(orig) + std::string(params) + "))");
    }
  }
  std::string_view a = attr;
  while (!a.empty() && a.front() == '_') {
    a.remove_prefix(1);
  }
  if (starts_with(a, "unused")) {
    warn("PREFER_DEFINED_ATTRIBUTE_MACRO",
         "__always_unused or __maybe_unused is preferred over __attribute__((__unused__))");
  }
}

void Engine::check_kernel_types(const std::string& line) {
  if (contains(m_realfile, "include/uapi/") || contains(m_realfile, "tools/") ||
      !contains(line, "int")) {
    return;
  }
  const std::string_view s = line;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!is_word_start(s, i)) {
      continue;
    }
    const std::size_t d = match_declare(s, i);
    if (d == 0) {
      continue;
    }
    const std::size_t q = skip_spaces(s, i + d);
    const std::size_t id = match_ident(s, q);
    const std::size_t r = skip_spaces(s, q + id);
    if (id == 0 || r >= s.size() || std::string_view("=;,[").find(s[r]) == std::string_view::npos) {
      continue;
    }
    const std::string_view type = s.substr(i, d);
    for (std::size_t k = 0; k < type.size(); ++k) {
      if (!is_word_start(type, k)) {
        continue;
      }
      const auto w = word_at(type, k);
      if (is_c99_typedef(w)) {
        std::string kernel(1, 'u');
        std::size_t u = 0;
        while (u < w.size() && w[u] == '_') {
          ++u;
        }
        if (u < w.size() && (w[u] == 's' || w[u] == 'i')) {
          kernel = "s";
        }
        const auto digits = w.find_first_of("123456789");
        kernel += std::string(w.substr(digits, w.find('_', digits) - digits));
        chk("PREFER_KERNEL_TYPES",
            "Prefer kernel type '" + kernel + "' over '" + std::string(w) + "'");
        return;
      }
      k += w.size();
    }
    return;
  }
}

void Engine::check_sizeof_parenthesis(const std::string& line) {
  for (std::size_t pos = line.find("sizeof"); pos != std::string::npos;
       pos = line.find("sizeof", pos + 6)) {
    if (!is_word_start(line, pos) || pos + 6 >= line.size() || !is_space(line[pos + 6])) {
      continue;
    }
    const std::size_t start = skip_spaces(line, pos + 6);
    std::size_t p = start;
    if (p < line.size() && line[p] == '*') {
      p = skip_spaces(line, p + 1);
    }
    const std::size_t lval = match_lval(line, p);
    if (lval > 0) {
      const std::string what = line.substr(start, p + lval - start);
      warn("SIZEOF_PARENTHESIS", "sizeof " + what + " should be sizeof(" + what + ")");
      return;
    }
  }
}

void Engine::check_externs(const std::string& line) {
  if (ends_with(m_realfile, ".h")) {
    const std::size_t p = skip_spaces(line, 1);
    if (word_at(line, p) == "extern" && p + 6 < line.size() && is_space(line[p + 6])) {
      const std::size_t t = skip_spaces(line, p + 6);
      const std::size_t type = match_type(line, t);
      const std::size_t q = skip_spaces(line, t + type);
      const std::size_t id = type == 0 ? 0 : match_ident(line, q);
      if (id > 0 && line.substr(skip_spaces(line, q + id), 1) == "(") {
        chk("AVOID_EXTERNS", "extern prototypes should be avoided in .h files");
      }
    }
  }
  if (!m_stat) {
    return;
  }
  const std::string_view stat = m_stat->stat;
  const std::size_t start = stat.empty() ? 0 : skip_spaces(stat, 1);
  if (ends_with(m_realfile, ".c") && !stat.empty()) {
    std::size_t t = start;
    const bool has_extern = word_at(stat, t) == "extern" && t + 6 < stat.size() &&
                            is_space(stat[t + 6]);
    if (has_extern) {
      t = skip_spaces(stat, t + 6);
    }
    const std::size_t type = match_type(stat, t);
    const std::size_t q = t + type;
    const std::size_t id = type == 0 || q == 0 || !is_space(stat[q - 1]) ? 0 : match_ident(stat, q);
    const std::size_t paren = skip_spaces(stat, q + id);
    if (id > 0 && paren < stat.size() && stat[paren] == '(') {
      std::string_view rest = stat;
      if (m_stat->cond.size() <= rest.size()) {
        rest.remove_prefix(m_stat->cond.size());
      }
      if (starts_with(rest.substr(skip_spaces(rest, 0)), ";")) {
        warn("AVOID_EXTERNS", "externs should be avoided in .c files");
      }
      if (stat.substr(q + id, paren - q - id).find('\n') != std::string_view::npos) {
        warn("FUNCTION_ARGUMENTS", "arguments for function declarations should follow identifier");
      }
    } else if (has_extern) {
      warn("AVOID_EXTERNS", "externs should be avoided in .c files");
    }
  }
}

}  // namespace patchflow::check::style
