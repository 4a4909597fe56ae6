// String rules: SPLIT_STRING, EMBEDDED_FUNCTION_NAME (with the function a hunk is in, as
// checkpatch.pl tracks it), QUOTED_WHITESPACE_BEFORE_NEWLINE and CONCATENATED_STRING.
#include <algorithm>

#include "patchflow/check/checkpatch/engine.hpp"

namespace patchflow::check::style {
namespace {

// $String at pos ((?:\b[Lu])?"[X\t]*" on a sanitised line); its length or 0.
std::size_t match_string(std::string_view s, std::size_t pos) {
  std::size_t p = pos;
  if (p < s.size() && (s[p] == 'L' || s[p] == 'u') && (p == 0 || !is_word(s[p - 1]))) {
    ++p;
  }
  if (p >= s.size() || s[p] != '"') {
    return 0;
  }
  ++p;
  while (p < s.size() && (s[p] == 'X' || s[p] == '\t')) {
    ++p;
  }
  return p < s.size() && s[p] == '"' ? p + 1 - pos : 0;
}

// The first $String of the sanitised line, as written in the raw line (get_quoted_string).
std::string_view quoted_string(std::string_view line, std::string_view raw) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (const std::size_t n = match_string(line, i); n > 0) {
      return i + n <= raw.size() ? raw.substr(i, n) : std::string_view();
    }
  }
  return {};
}

}  // namespace

void Engine::track_context_function(const std::string& sline) {
  // ^\+\{\s*$ after ^\+(?:(?:(?:$Storage|$Inline)\s*)*\s*$Type\s*)?($Ident)\(
  if (starts_with(sline, "+{") && is_blank(std::string_view(sline).substr(2)) &&
      starts_with(m_prevline, "+")) {
    const std::string_view prev = m_prevline;
    std::size_t p = 1;
    for (;;) {
      std::size_t e = p;
      while (e < prev.size() && is_word(prev[e])) {
        ++e;
      }
      const auto w = prev.substr(p, e - p);
      if (w.empty() || !(is_storage_word(w) || is_inline_word(w))) {
        break;
      }
      p = skip_spaces(prev, e);
    }
    p = skip_spaces(prev, p);
    const auto name_after = [&](std::size_t at) -> std::string {
      const std::size_t id = match_ident(prev, at);
      return id > 0 && at + id < prev.size() && prev[at + id] == '(' ? std::string(prev.substr(at, id))
                                                                      : std::string();
    };
    std::string name;
    if (const std::size_t t = match_type(prev, p); t > 0) {
      name = name_after(skip_spaces(prev, p + t));
    }
    if (name.empty()) {
      name = name_after(1);
    }
    if (!name.empty()) {
      m_context_function = name;
    }
  }
  if (starts_with(sline, "+}") && is_blank(std::string_view(sline).substr(2))) {
    m_context_function.reset();
  }
}

void Engine::track_function_definition() {
  // ^.\s*(?:$Storage\s+)?$Type\s*($Ident)\s*$balanced_parens\s*{
  if (!m_stat) {
    return;
  }
  const std::string_view stat = m_stat->stat;
  std::size_t p = stat.empty() ? 0 : skip_spaces(stat, 1);
  std::size_t e = p;
  while (e < stat.size() && is_word(stat[e])) {
    ++e;
  }
  if (is_storage_word(stat.substr(p, e - p)) && e < stat.size() && is_space(stat[e])) {
    p = skip_spaces(stat, e);
  }
  const std::size_t t = match_type(stat, p);
  if (t == 0) {
    return;
  }
  const std::size_t at = skip_spaces(stat, p + t);
  const std::size_t id = match_ident(stat, at);
  const std::size_t open = skip_spaces(stat, at + id);
  const std::size_t parens = id == 0 ? 0 : match_balanced_parens(stat, open);
  const std::size_t brace = skip_spaces(stat, open + parens);
  if (parens > 0 && brace < stat.size() && stat[brace] == '{') {
    m_context_function = std::string(stat.substr(at, id));
  }
}

void Engine::check_strings(const std::string& line, std::string_view raw) {
  const std::string_view s = line;
  const std::size_t first = skip_spaces(s, 1);
  if (match_string(s, first) > 0 && ends_with(trim_right(m_prevline), "\"")) {
    // the previous string ends in an escape, ';' or '{': a string meant to go on
    const std::string_view prev = trim_right(m_prevrawline);
    bool exempt = false;
    if (ends_with(prev, "\"")) {
      std::string_view body = trim_right(prev.substr(0, prev.size() - 1));
      const std::string_view unspaced = prev.substr(0, prev.size() - 1);
      exempt = ends_with(body, ";") || ends_with(body, "{");
      // \\(?:[ntr]|[0-7]{1,3}|x[0-9a-fA-F]{1,2}) right before the quote
      for (std::size_t len = 2; len <= 4 && !exempt && len <= unspaced.size(); ++len) {
        const auto esc = unspaced.substr(unspaced.size() - len);
        if (esc[0] != '\\') {
          continue;
        }
        const auto rest = esc.substr(1);
        if (rest.size() == 1 && (rest[0] == 'n' || rest[0] == 't' || rest[0] == 'r')) {
          exempt = true;
        } else if (std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '7'; })) {
          exempt = true;
        } else if (rest[0] == 'x' && rest.size() >= 2 &&
                   std::all_of(rest.begin() + 1, rest.end(), [](char c) { return is_hex(c); })) {
          exempt = true;
        }
      }
    }
    if (!exempt) {
      warn("SPLIT_STRING", "quoted string split across lines");
    }
  }
  if (m_context_function) {
    const std::string_view quoted = quoted_string(s, raw);
    if (!quoted.empty() && has_word(quoted, *m_context_function) &&
        quoted.size() != m_context_function->size() + 2) {
      warn("EMBEDDED_FUNCTION_NAME", "Prefer using '\"%s...\", __func__' to using '" +
                                         *m_context_function +
                                         "', this function's name, in a string");
    }
  }
  // ^.*\".*\s\\n
  if (const std::size_t quote = raw.find('"'); quote != std::string_view::npos) {
    for (std::size_t p = raw.find("\\n", quote + 1); p != std::string_view::npos;
         p = raw.find("\\n", p + 1)) {
      if (p > quote + 1 && is_space(raw[p - 1])) {
        warn("QUOTED_WHITESPACE_BEFORE_NEWLINE", "unnecessary whitespace before a quoted newline");
        break;
      }
    }
  }
  bool concatenated = false;
  for (std::size_t i = 0; i < s.size() && !concatenated; ++i) {
    if (const std::size_t n = match_string(s, i); n > 0) {
      const std::size_t end = i + n;
      concatenated = end < s.size() && ((s[end] >= 'A' && s[end] <= 'Z') || s[end] == '_');
    }
  }
  if (!concatenated) {
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (!is_word(s[i])) {
        continue;
      }
      std::size_t e = i;
      while (e < s.size() && is_word(s[e])) {
        ++e;
      }
      // the run of word characters right before a string (the first such run)
      if (e < s.size() && s[e] == '"' && match_string(s, e) > 0) {
        const auto run = s.substr(i, e - i);
        concatenated = !(run == "L" || run == "u");
        break;
      }
      i = e;
    }
  }
  if (concatenated) {
    chk("CONCATENATED_STRING", "Concatenated strings should use spaces between elements");
  }
}

}  // namespace patchflow::check::style
