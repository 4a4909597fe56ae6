// Type rules: learning typedef'd names, NEW_TYPEDEFS, UNSPECIFIED_INT, VOLATILE and
// printk levels.
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

void Engine::learn_possible(const std::string& name) {
  std::vector<std::string> words;
  std::string word;
  for (const char ch : name + " ") {
    if (is_space(ch)) {
      if (!word.empty()) {
        words.push_back(word);
        word.clear();
      }
    } else {
      word += ch;
    }
  }
  if (words.empty()) {
    return;
  }
  auto not_permitted = [](const std::string& w) {
    return is_modifier_word(w) || is_storage_word(w) || is_type_word(w) ||
           starts_with(w, "DEFINE_") || w == "goto" || w == "return" || w == "case" ||
           w == "else" || w == "asm" || w == "__asm__" || w == "do" || starts_with(w, "#") ||
           w == "typedef" || w == "struct" || w == "enum" || w == "union" || w == "signed" ||
           w == "unsigned" || w == "long" || w == "short" || w == "int" || w == "char";
  };
  if (words.size() == 1) {
    if (!not_permitted(words[0])) {
      m_learned.types.push_back(words[0]);
    }
    return;
  }
  if (words[0] == "typedef" || words[0] == "struct" || words[0] == "enum") {
    return;
  }
  for (const auto& w : words) {
    if (!not_permitted(w)) {
      m_learned.modifiers.push_back(w);
    }
  }
}

void Engine::learn_types(const std::string& stat) {
  const std::string s = stat.substr(0, stat.find('{'));
  if (s.empty()) {
    return;
  }
  std::size_t p = skip_spaces(s, 1);
  const std::size_t first_id = match_ident(s, p);
  const std::size_t after_first = skip_spaces(s, p + first_id);
  const bool call = first_id > 0 && after_first < s.size() && s[after_first] == '(';
  const bool is_else = s.compare(p, 4, "else") == 0 && first_id == 4;
  if (!call && !is_else) {
    // skip storage, inline and const words
    auto skip_word = [&](std::size_t at, auto predicate) {
      const std::size_t id = match_ident(s, at);
      if (id > 0 && predicate(std::string_view(s).substr(at, id)) && at + id < s.size() &&
          is_space(s[at + id])) {
        return skip_spaces(s, at + id);
      }
      return at;
    };
    std::size_t q = skip_word(p, is_storage_word);
    q = skip_word(q, is_inline_word);
    q = skip_word(q, [](std::string_view w) { return w == "const"; });
    bool learned = false;
    if (m_prev_values == 'E') {
      // ident ident ... [*] name [modifier] (; = , ()
      std::vector<std::pair<std::size_t, std::size_t>> ids;  // (start, length)
      std::vector<bool> star_before;
      std::size_t r = q;
      bool stars = false;
      while (r < s.size()) {
        const std::size_t id = match_ident(s, r);
        if (id == 0) {
          break;
        }
        ids.emplace_back(r, id);
        star_before.push_back(stars);
        r = skip_spaces(s, r + id);
        stars = false;
        while (r < s.size() && s[r] == '*') {
          stars = true;
          r = skip_spaces(s, r + 1);
        }
      }
      for (std::size_t j = 1; j < ids.size() && !learned; ++j) {
        bool ok = true;
        for (std::size_t k = 1; k < j; ++k) {
          ok = ok && !star_before[k];
        }
        if (!ok) {
          break;
        }
        std::size_t t = skip_spaces(s, ids[j].first + ids[j].second);
        if (j + 1 < ids.size() &&
            is_modifier_word(std::string_view(s).substr(ids[j + 1].first, ids[j + 1].second))) {
          t = skip_spaces(s, ids[j + 1].first + ids[j + 1].second);
        }
        if (t < s.size() && std::string_view(";=,(").find(s[t]) != std::string_view::npos) {
          learn_possible(
              s.substr(ids[0].first, ids[j - 1].first + ids[j - 1].second - ids[0].first));
          learned = true;
        }
      }
    }
    if (!learned && p == 1 && first_id > 0) {
      const std::size_t id = match_ident(s, q);
      const std::size_t after = skip_spaces(s, q + id);
      if (id > 0 && (after >= s.size() || s[after] != ':')) {
        learn_possible(s.substr(q, id));
      }
    }
  }
  // (foo *) casts
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '(') {
      continue;
    }
    const std::size_t id = match_ident(s, i + 1);
    if (id == 0) {
      continue;
    }
    std::size_t r = i + 1 + id;
    const std::size_t start = r;
    while (r < s.size() && (is_space(s[r]) || s[r] == '*')) {
      ++r;
    }
    if (r > start && r < s.size() && s[r] == ')') {
      learn_possible(s.substr(i + 1, id));
    }
  }
}

bool Engine::is_define_line(std::string_view l) {
  const std::size_t h = skip_spaces(l, l.empty() ? 0 : 1);
  if (h >= l.size() || l[h] != '#') {
    return false;
  }
  const auto kw = l.substr(skip_spaces(l, h + 1));
  return starts_with(kw, "define") && kw.size() > 6 && is_space(kw[6]);
}

void Engine::check_unspecified_int(const std::string& line) {
  for (const std::string_view word : {"unsigned", "signed"}) {
    std::size_t pos = 0;
    while ((pos = line.find(word, pos)) != std::string::npos) {
      const std::size_t end = pos + word.size();
      const bool whole =
          (pos == 0 || !is_word(line[pos - 1])) && (end >= line.size() || !is_word(line[end]));
      if (!whole || (word == "signed" && pos >= 2 && line.compare(pos - 2, 2, "un") == 0)) {
        pos = end;
        continue;
      }
      std::size_t p = skip_spaces(line, end);
      const auto next = std::string_view(line).substr(p);
      bool followed_by_int = false;
      for (const std::string_view t : {"char", "short", "int", "long"}) {
        if (starts_with(next, t) && (next.size() == t.size() || !is_word(next[t.size()]))) {
          followed_by_int = true;
        }
      }
      if (followed_by_int) {
        pos = end;
        continue;
      }
      std::string stars;
      while (p < line.size() && (line[p] == '*' || is_space(line[p]))) {
        if (line[p] == '*') {
          stars += '*';
        }
        ++p;
      }
      const std::size_t id = match_ident(line, p);
      std::size_t q = skip_spaces(line, p + id);
      const auto ident = std::string_view(line).substr(p, id);
      if (id > 0 && (is_type_word(ident) || is_modifier_word(ident))) {
        pos = end;
        continue;
      }
      if (q < line.size() && std::string_view("=,;[)(").find(line[q]) != std::string_view::npos) {
        const std::string pointer = stars.empty() ? "" : " " + stars;
        warn("UNSPECIFIED_INT", "Prefer '" + std::string(word) + " int" + pointer +
                                    "' to bare use of '" + std::string(word) + pointer + "'");
      }
      pos = end;
    }
  }
}

void Engine::check_typedef(const std::string& line) {
  const auto pos = line.find("typedef");
  if (pos == std::string::npos || (pos > 0 && is_word(line[pos - 1])) || pos + 7 >= line.size() ||
      !is_space(line[pos + 7])) {
    return;
  }
  const std::size_t t = skip_spaces(line, pos + 7);
  const std::size_t type = match_type(line, t);
  if (type > 0) {
    std::size_t p = skip_spaces(line, t + type);
    if (p < line.size() && line[p] == '(') {  // typedef int (*fn)(...)
      std::size_t q = skip_spaces(line, p + 1);
      if (q < line.size() && line[q] == '*') {
        q = skip_spaces(line, q + 1);
      }
      const std::size_t id = match_ident(line, q);
      const std::size_t r = skip_spaces(line, q + id);
      if (id > 0 && r < line.size() && line[r] == ')') {
        const std::size_t s = skip_spaces(line, r + 1);
        if (s < line.size() && line[s] == '(') {
          return;
        }
      }
    }
    const std::size_t id = match_ident(line, p);
    if (id > 0 && p > t + type - 1 && is_space(line[p - 1])) {
      const std::size_t r = skip_spaces(line, p + id);
      if (r < line.size() && line[r] == '(') {
        return;
      }
    }
  }
  // typedefs of the standard integer names and sparse __bitwise types are fine
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (is_ident_start(line[i]) && (i == 0 || !is_word(line[i - 1]))) {
      std::size_t e = i;
      while (e < line.size() && is_word(line[e])) {
        ++e;
      }
      const auto w = std::string_view(line).substr(i, e - i);
      if (w == "__bitwise" || is_standard_typedef(w)) {
        return;
      }
      i = e;
    }
  }
  warn("NEW_TYPEDEFS", "do not add new typedefs");
}

bool Engine::is_standard_typedef(std::string_view w) {
  if (w == "FILE" || w == "atomic_t" || w == "uchar" || w == "ushort" || w == "uint" ||
      w == "ulong" || w == "u_char" || w == "u_short" || w == "u_int" || w == "u_long") {
    return true;
  }
  std::string_view s = w;
  if (starts_with(s, "__")) {
    s.remove_prefix(2);
  }
  for (const std::string_view prefix : {"u", "s", "be", "le"}) {  // u8 .. le64
    if (starts_with(s, prefix)) {
      const auto bits = s.substr(prefix.size());
      if (bits == "8" || bits == "16" || bits == "32" || bits == "64") {
        return true;
      }
    }
  }
  // (__)?([us]_?)?int_?(8|16|32|64)_t
  std::string_view t = s;
  if (!t.empty() && (t[0] == 'u' || t[0] == 's')) {
    t.remove_prefix(1);
    if (starts_with(t, "_")) {
      t.remove_prefix(1);
    }
  }
  if (starts_with(t, "int")) {
    t.remove_prefix(3);
    if (starts_with(t, "_")) {
      t.remove_prefix(1);
    }
    for (const std::string_view bits : {"8_t", "16_t", "32_t", "64_t"}) {
      if (t == bits) {
        return true;
      }
    }
  }
  return false;
}

void Engine::check_printk(const std::string& line) {
  std::size_t pos = 0;
  while ((pos = line.find("printk", pos)) != std::string::npos) {
    const std::size_t end = pos + 6;
    if ((pos == 0 || !is_word(line[pos - 1])) && (end >= line.size() || !is_word(line[end]))) {
      std::size_t p = skip_spaces(line, end);
      if (p < line.size() && line[p] == '(') {
        p = skip_spaces(line, p + 1);
        const bool leveled = starts_with(std::string_view(line).substr(p), "KERN_") && [&] {
          std::size_t q = p + 5;
          const std::size_t start = q;
          while (q < line.size() && line[q] >= 'A' && line[q] <= 'Z') {
            ++q;
          }
          return q > start && (q >= line.size() || !is_word(line[q]));
        }();
        if (!leveled) {
          warn("PRINTK_WITHOUT_KERN_LEVEL", "printk() should include KERN_<LEVEL> facility level");
        }
      }
    }
    pos = end;
  }
}

void Engine::check_volatile(const std::string& line) {
  std::size_t pos = 0;
  bool found = false;
  while ((pos = line.find("volatile", pos)) != std::string::npos) {
    const std::size_t end = pos + 8;
    if ((pos == 0 || !is_word(line[pos - 1])) && (end >= line.size() || !is_word(line[end]))) {
      found = true;
    }
    pos = end;
  }
  if (!found) {
    return;
  }
  // asm volatile / __asm__ __volatile__ is fine
  for (const std::string_view a : {"asm", "__asm__"}) {
    std::size_t at = 0;
    while ((at = line.find(a, at)) != std::string::npos) {
      const std::size_t end = at + a.size();
      if ((at == 0 || !is_word(line[at - 1])) && end < line.size() && is_space(line[end])) {
        const std::size_t v = skip_spaces(line, end);
        const auto rest = std::string_view(line).substr(v);
        for (const std::string_view vol : {"__volatile__", "volatile"}) {
          if (starts_with(rest, vol) && (rest.size() == vol.size() || !is_word(rest[vol.size()]))) {
            return;
          }
        }
      }
      at = end;
    }
  }
  warn("VOLATILE",
       "Use of volatile is usually wrong: see "
       "Documentation/process/volatile-considered-harmful.rst");
}

}  // namespace patchflow::check::style
