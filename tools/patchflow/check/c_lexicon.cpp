#include "patchflow/check/c_lexicon.hpp"

#include <array>

namespace patchflow::check::lexicon {
namespace {

thread_local const LearnedTypes* t_learned = nullptr;

bool is_learned(const std::vector<std::string>& names, std::string_view word) {
  for (const auto& name : names) {
    if (name == word) {
      return true;
    }
  }
  return false;
}

std::string_view word_at(std::string_view s, std::size_t pos) {
  std::size_t end = pos;
  while (end < s.size() && is_word(s[end])) {
    ++end;
  }
  return s.substr(pos, end - pos);
}

bool is_integer_word(std::string_view w) {
  return w == "char" || w == "short" || w == "int" || w == "long" || w == "signed" ||
         w == "unsigned";
}

}  // namespace

std::size_t skip_spaces(std::string_view s, std::size_t pos) {
  while (pos < s.size() && is_space(s[pos])) {
    ++pos;
  }
  return pos;
}

std::size_t match_ident(std::string_view s, std::size_t pos) {
  if (pos >= s.size() || !is_ident_start(s[pos])) {
    return 0;
  }
  std::size_t end = pos;
  while (end < s.size() && is_word(s[end])) {
    ++end;
  }
  for (;;) {  // token pasting: a ## b
    std::size_t p = skip_spaces(s, end);
    if (s.substr(p, 2) != "##") {
      break;
    }
    p = skip_spaces(s, p + 2);
    if (p >= s.size() || !is_ident_start(s[p])) {
      break;
    }
    while (p < s.size() && is_word(s[p])) {
      ++p;
    }
    end = p;
  }
  return end - pos;
}

std::size_t match_constant(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) {
    return 0;
  }
  const bool starts_number =
      is_digit(s[pos]) || (s[pos] == '.' && pos + 1 < s.size() && is_digit(s[pos + 1]));
  if (!starts_number) {
    return 0;
  }
  std::size_t end = pos;
  while (end < s.size() && (is_word(s[end]) || s[end] == '.')) {
    // exponent sign: 1e-5
    if ((s[end] == 'e' || s[end] == 'E' || s[end] == 'p' || s[end] == 'P') && end + 1 < s.size() &&
        s[end + 1] == '-') {
      ++end;
    }
    ++end;
  }
  return end - pos;
}

void set_learned_types(const LearnedTypes* learned) { t_learned = learned; }

bool is_type_word(std::string_view w) {
  if (t_learned != nullptr && is_learned(t_learned->types, w)) {
    return true;
  }
  static constexpr std::array<std::string_view, 36> k_words = {
      "void",   "char",    "short",  "int",     "long",   "float",  "double", "bool",
      "signed", "unsigned", "_Bool", "u8",      "u16",    "u32",    "u64",    "s8",
      "s16",    "s32",     "s64",    "__u8",    "__u16",  "__u32",  "__u64",  "__s8",
      "__s16",  "__s32",   "__s64",  "uchar",   "ushort", "uint",   "ulong",  "u_char",
      "u_short", "u_int",  "u_long", "FILE"};
  // most words asked about start with none of the list's first letters
  static constexpr std::string_view k_firsts = "vcsilfdbu_F";
  if (!w.empty() && k_firsts.find(w[0]) != std::string_view::npos) {
    for (const auto word : k_words) {
      if (w == word) {
        return true;
      }
    }
  }
  for (const std::string_view prefix : {"__be", "__le", "be", "le"}) {
    if (w.size() > prefix.size() && w.substr(0, prefix.size()) == prefix) {
      const auto bits = w.substr(prefix.size());
      if (bits == "16" || bits == "32" || bits == "64" || bits == "8") {
        return true;
      }
    }
  }
  if (w.size() > 2 && is_ident_start(w[0]) &&
      (w.ends_with("_t") || w.ends_with("_handler") || w.ends_with("_handler_fn"))) {
    return true;
  }
  return false;
}

bool is_modifier_word(std::string_view w) {
  if (t_learned != nullptr && is_learned(t_learned->modifiers, w)) {
    return true;
  }
  static constexpr std::array<std::string_view, 40> k_words = {
      "const",        "volatile",      "__percpu",       "__nocast",     "__safe",
      "__bitwise",    "__packed__",    "__packed2__",    "__naked",      "__maybe_unused",
      "__always_unused", "__noreturn", "__used",         "__cold",       "__pure",
      "__noclone",    "__deprecated",  "__read_mostly",  "__ro_after_init", "__kprobes",
      "__init",       "__initdata",    "__initconst",    "__devinit",    "__cpuinit",
      "__meminit",    "__weak",        "__user",         "__kernel",     "__force",
      "__iomem",      "__must_check",  "__ref",          "__refconst",   "__refdata",
      "__rcu",        "__private",     "fastcall",       "____cacheline_aligned",
      "____cacheline_aligned_in_smp"};
  if (w.empty() || (w[0] != '_' && w[0] != 'c' && w[0] != 'v' && w[0] != 'f')) {
    return false;  // no listed word starts otherwise
  }
  for (const auto word : k_words) {
    if (w == word) {
      return true;
    }
  }
  return false;
}

bool is_storage_word(std::string_view w) {
  return w == "extern" || w == "static" || w == "asmlinkage";
}

bool is_inline_word(std::string_view w) {
  return w == "inline" || w == "__always_inline" || w == "noinline" || w == "__inline" ||
         w == "__inline__";
}

std::size_t match_nonptr_type(std::string_view s, std::size_t pos) {
  std::size_t p = pos;
  // leading qualifiers: "const", attributes
  for (;;) {
    const auto w = word_at(s, p);
    if (w.empty() || !is_modifier_word(w)) {
      break;
    }
    const std::size_t after = p + w.size();
    if (after >= s.size() || !is_space(s[after])) {
      break;
    }
    p = skip_spaces(s, after);
  }
  const auto w = word_at(s, p);
  if (w.empty() || !is_ident_start(w[0])) {
    return 0;
  }
  std::size_t end = 0;
  if (w == "struct" || w == "union" || w == "enum") {
    std::size_t q = p + w.size();
    if (q >= s.size() || !is_space(s[q])) {
      return 0;
    }
    q = skip_spaces(s, q);
    const std::size_t id = match_ident(s, q);
    if (id == 0) {
      return 0;
    }
    end = q + id;
  } else if (w == "typeof" || w == "__typeof__") {
    std::size_t q = skip_spaces(s, p + w.size());
    if (q >= s.size() || s[q] != '(') {
      return 0;
    }
    const auto close = s.find(')', q);
    if (close == std::string_view::npos) {
      return 0;
    }
    end = close + 1;
  } else if (is_integer_word(w)) {
    end = p + w.size();
    for (;;) {  // "unsigned long long int"
      std::size_t q = skip_spaces(s, end);
      if (q == end) {
        break;
      }
      const auto next = word_at(s, q);
      if (next.empty() || !is_integer_word(next)) {
        break;
      }
      end = q + next.size();
    }
  } else if (is_type_word(w)) {
    end = p + w.size();
  } else {
    return 0;
  }
  // trailing qualifiers: "int const"
  for (;;) {
    std::size_t q = skip_spaces(s, end);
    if (q == end) {
      break;
    }
    const auto next = word_at(s, q);
    if (next.empty() || !is_modifier_word(next)) {
      break;
    }
    end = q + next.size();
  }
  return end - pos;
}

std::size_t match_type(std::string_view s, std::size_t pos) {
  const std::size_t base = match_nonptr_type(s, pos);
  if (base == 0) {
    return 0;
  }
  std::size_t end = pos + base;
  // pointer stars, "const" after a star, [] and the spaces between them
  for (;;) {
    const std::size_t before = end;
    while (end < s.size() && (is_space(s[end]) || s[end] == '*')) {
      ++end;
    }
    if (s.substr(end, 2) == "[]") {
      end += 2;
      continue;
    }
    const auto w = word_at(s, end);
    if (end > before && (is_modifier_word(w) || is_inline_word(w))) {
      end += w.size();
      continue;
    }
    if (end == before) {
      break;
    }
    break;
  }
  return end - pos;
}

std::size_t match_balanced_parens(std::string_view s, std::size_t pos) {
  if (pos >= s.size() || s[pos] != '(') {
    return 0;
  }
  int depth = 0;
  for (std::size_t i = pos; i < s.size(); ++i) {
    if (s[i] == '(') {
      ++depth;
    } else if (s[i] == ')') {
      if (--depth == 0) {
        return i + 1 - pos;
      }
    }
  }
  return 0;
}

std::size_t match_lval(std::string_view s, std::size_t pos) {
  const std::size_t id = match_ident(s, pos);
  if (id == 0) {
    return 0;
  }
  std::size_t end = pos + id;
  for (;;) {
    if (s.substr(end, 2) == "->") {
      const std::size_t m = match_ident(s, end + 2);
      if (m == 0) {
        break;
      }
      end += 2 + m;
    } else if (end < s.size() && s[end] == '.') {
      const std::size_t m = match_ident(s, end + 1);
      if (m == 0) {
        break;
      }
      end += 1 + m;
    } else if (end < s.size() && s[end] == '[') {
      const auto close = s.find(']', end);
      if (close == std::string_view::npos) {
        break;
      }
      end = close + 1;
    } else {
      break;
    }
  }
  return end - pos;
}

std::size_t match_func_arg(std::string_view s, std::size_t pos) {
  std::size_t p = skip_spaces(s, pos);
  // optional cast "(type)"
  if (p < s.size() && s[p] == '(') {
    const std::size_t q = skip_spaces(s, p + 1);
    const std::size_t t = match_nonptr_type(s, q);
    if (t > 0) {
      const std::size_t r = skip_spaces(s, q + t);
      if (r < s.size() && s[r] == ')') {
        p = skip_spaces(s, r + 1);
      }
    }
  }
  if (p >= s.size()) {
    return 0;
  }
  if (s[p] == '"') {
    const auto close = s.find('"', p + 1);
    return close == std::string_view::npos ? 0 : close + 1 - pos;
  }
  if (const std::size_t c = match_constant(s, p); c > 0) {
    return p + c - pos;
  }
  std::size_t q = p;
  if (s[q] == '&' || s[q] == '*') {
    q = skip_spaces(s, q + 1);
  }
  const std::size_t lval = match_lval(s, q);
  if (lval == 0) {
    return 0;
  }
  std::size_t end = skip_spaces(s, q + lval);
  if (const std::size_t parens = match_balanced_parens(s, end); parens > 0) {
    end = skip_spaces(s, end + parens);
  }
  return end - pos;
}

bool ends_with_type(std::string_view text) {
  std::size_t end = text.size();
  while (end > 0 && is_space(text[end - 1])) {
    --end;
  }
  std::size_t start = end;
  while (start > 0 && is_word(text[start - 1])) {
    --start;
  }
  const auto word = text.substr(start, end - start);
  if (word.empty()) {
    return false;
  }
  // checkpatch's /$Type$/ is not anchored at the start: "out_be32" ends in the type "be32"
  for (std::size_t k = 0; k < word.size(); ++k) {
    if (is_ident_start(word[k]) && is_type_word(word.substr(k))) {
      return true;
    }
  }
  // "struct foo", or "int __init" (a type followed by modifiers)
  std::size_t before = start;
  while (before > 0 && is_space(text[before - 1])) {
    --before;
  }
  std::size_t prev_start = before;
  while (prev_start > 0 && is_word(text[prev_start - 1])) {
    --prev_start;
  }
  const auto prev = text.substr(prev_start, before - prev_start);
  if (before < start && (prev == "struct" || prev == "union" || prev == "enum")) {
    return true;
  }
  if (is_modifier_word(word) || is_inline_word(word)) {
    return ends_with_type(text.substr(0, start));
  }
  return false;
}

}  // namespace patchflow::check::lexicon
