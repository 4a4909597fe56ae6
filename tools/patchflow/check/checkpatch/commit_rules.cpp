// GIT_COMMIT_ID: a commit the message cites must be written `commit <12+ hex> ("<title>")`, with
// the title the repository gives it. Without a repository checkpatch.pl only judges the form
// (and suggests a placeholder id and title).
#include "patchflow/check/checkpatch/engine.hpp"

namespace patchflow::check::style {
namespace {

bool is_lower_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }

std::size_t hex_run(std::string_view s, std::size_t p, bool any_case = true) {
  std::size_t e = p;
  while (e < s.size() && (any_case ? is_hex(s[e]) : is_lower_hex(s[e]))) {
    ++e;
  }
  return e - p;
}

// Each "commit" (any case) that starts a word: the offset just after it.
template <typename Fn>
void each_commit_word(std::string_view lower, Fn&& fn) {
  for (std::size_t at = lower.find("commit"); at != std::string_view::npos;
       at = lower.find("commit", at + 1)) {
    if (at == 0 || !is_word(lower[at - 1])) {
      if (fn(at, at + 6)) {
        return;
      }
    }
  }
}

// \bcommit\s+[0-9a-f]{min,}\b (case-insensitive): the offset of the id, or npos.
std::size_t commit_then_id(std::string_view lower, std::size_t min) {
  std::size_t found = std::string_view::npos;
  each_commit_word(lower, [&](std::size_t, std::size_t after) {
    const std::size_t id = skip_spaces(lower, after);
    const std::size_t n = hex_run(lower, id);
    if (id > after && n >= min && (id + n == lower.size() || !is_word(lower[id + n]))) {
      found = id;
      return true;
    }
    return false;
  });
  return found;
}

// (?:\s|^)[0-9a-f]{12,40}(?:[\s"'\(\[]|$): a bare id of 12-40 digits.
bool has_bare_id(std::string_view lower) {
  for (std::size_t p = 0; p < lower.size(); ++p) {
    if (!is_hex(lower[p]) || (p > 0 && !is_space(lower[p - 1]))) {
      continue;
    }
    const std::size_t n = hex_run(lower, p);
    const std::size_t e = p + n;
    if (n >= 12 && n <= 40 &&
        (e == lower.size() || is_space(lower[e]) || lower[e] == '"' || lower[e] == '\'' ||
         lower[e] == '(' || lower[e] == '[')) {
      return true;
    }
    p = e;
  }
  return false;
}

// [\<\[][0-9a-f]{12,40}[\>\]]
bool has_bracketed_id(std::string_view lower) {
  for (std::size_t p = 0; p + 1 < lower.size(); ++p) {
    if (lower[p] != '<' && lower[p] != '[') {
      continue;
    }
    const std::size_t n = hex_run(lower, p + 1);
    for (std::size_t k = 12; k <= std::min<std::size_t>(n, 40); ++k) {
      const std::size_t e = p + 1 + k;
      if (e < lower.size() && (lower[e] == '>' || lower[e] == ']')) {
        return true;
      }
    }
  }
  return false;
}

// \bfixes:\s*[0-9a-f]{12,40}
bool has_fixes_id(std::string_view lower) {
  for (std::size_t at = lower.find("fixes:"); at != std::string_view::npos;
       at = lower.find("fixes:", at + 1)) {
    if (at == 0 || !is_word(lower[at - 1])) {
      if (hex_run(lower, skip_spaces(lower, at + 6)) >= 12) {
        return true;
      }
    }
  }
  return false;
}

bool ends_with_commit_word(std::string_view lower) {
  const std::string_view t = trim_right(lower);
  return ends_with(t, "commit") && (t.size() == 6 || !is_word(t[t.size() - 7]));
}

}  // namespace

std::optional<std::optional<CheckpatchTree::Commit>> Engine::lookup_commit(
    std::string_view id) const {
  if (m_options.tree == nullptr || !m_options.tree->find_commit) {
    return std::nullopt;
  }
  auto found = m_options.tree->find_commit(id);
  if (m_options.lookups != nullptr) {
    m_options.lookups->push_back(
        {"commit", std::string(id), found ? found->id + " " + found->title : std::string()});
  }
  return found;
}

void Engine::check_git_commit_id(const std::string& line) {
  if (!m_in_commit_log || m_possible_stack_dump) {
    return;
  }
  const std::string lower = to_lower(line);
  const std::string_view lead = std::string_view(lower).substr(skip_spaces(lower, 0));
  for (const std::string_view tag :
       {"link:", "patchwork:", "http:", "https:", "buglink:", "base-commit:"}) {
    if (starts_with(lead, tag)) {
      return;
    }
  }
  if (starts_with(line, "This reverts commit ") && hex_run(line, 20, false) >= 7) {
    return;
  }
  const bool commit_at_end = ends_with_commit_word(lower);
  const bool next_is_id = commit_at_end && static_cast<std::size_t>(m_linenr) < m_raw.size() &&
                          hex_run(m_raw[static_cast<std::size_t>(m_linenr)],
                                  skip_spaces(m_raw[static_cast<std::size_t>(m_linenr)], 0)) >= 5;
  const bool cites = commit_then_id(lower, 5) != std::string::npos || next_is_id;
  if (!cites && !(has_bare_id(lower) && !has_bracketed_id(lower) && !has_fixes_id(lower))) {
    return;
  }
  char init_char = 'c';
  std::string orig_commit;
  bool is_short = true;
  bool is_long = false;
  bool bad_case = true;
  bool bad_space = true;
  std::string orig_desc = "commit description";
  bool has_quotes = false;

  std::string input = line;
  if (commit_then_id(lower, 5) != std::string::npos || commit_at_end) {
    for (int n = 0; n < 2; ++n) {
      // \bcommit\s+[0-9a-f]{5,}\s*($balanced_parens)
      bool found = false;
      const std::string in_lower = to_lower(input);
      each_commit_word(in_lower, [&](std::size_t, std::size_t after) {
        const std::size_t id = skip_spaces(in_lower, after);
        const std::size_t len = hex_run(in_lower, id);
        if (id == after || len < 5) {
          return false;
        }
        const std::size_t open = skip_spaces(in_lower, id + len);
        const std::size_t span = match_balanced_parens(input, open);
        if (span == 0) {
          return false;
        }
        orig_desc = input.substr(open + 1, span - 2);
        if (orig_desc.size() >= 2 && orig_desc.front() == '"' && orig_desc.back() == '"') {
          orig_desc = orig_desc.substr(1, orig_desc.size() - 2);
          has_quotes = true;
        }
        found = true;
        return true;
      });
      if (found || static_cast<std::size_t>(m_linenr + n) >= m_lines.size()) {
        break;
      }
      input += " " + std::string(trim(m_raw[static_cast<std::size_t>(m_linenr + n)]));
    }
  }

  const std::string in_lower = to_lower(input);
  if (const std::size_t id = commit_then_id(in_lower, 5); id != std::string::npos) {
    // the first \b(c)ommit\s+([0-9a-f]{5,})\b
    std::size_t word = id;
    while (word > 0 && is_space(in_lower[word - 1])) {
      --word;
    }
    init_char = input[word - 6];
    orig_commit = in_lower.substr(id, hex_run(in_lower, id));
    each_commit_word(in_lower, [&](std::size_t at, std::size_t after) {
      const std::size_t p = skip_spaces(in_lower, after);
      if (p == after) {
        return false;
      }
      const std::size_t n = hex_run(in_lower, p);
      is_short = is_short && n < 12;
      is_long = is_long || n >= 41;
      if (n > 0 && p == after + 1 && input[after] == ' ') {
        bad_space = false;
      }
      if ((input[at] == 'c' || input[at] == 'C') && input.compare(at + 1, 5, "ommit") == 0) {
        const std::size_t lower_n = hex_run(input, p, false);
        const std::size_t e = p + lower_n;
        if (lower_n >= 6 ||
            (lower_n == 5 && e < input.size() && !(input[e] >= 'A' && input[e] <= 'F'))) {
          bad_case = false;
        }
      }
      return false;
    });
  } else {
    // \b([0-9a-f]{12,40})\b
    for (std::size_t p = 0; p < in_lower.size(); ++p) {
      if (!is_word(in_lower[p])) {
        continue;
      }
      std::size_t e = p;
      while (e < in_lower.size() && is_word(in_lower[e])) {
        ++e;
      }
      const std::size_t n = hex_run(in_lower, p);
      if (n == e - p && n >= 12 && n <= 40) {
        orig_commit = in_lower.substr(p, n);
        break;
      }
      p = e;
    }
  }

  std::string id = "0123456789ab";
  std::string description = orig_desc;
  if (const auto answer = lookup_commit(orig_commit); answer.has_value()) {
    if (!answer->has_value()) {
      id.clear();
    } else {
      id = (*answer)->id.substr(0, 12);
      description = (*answer)->title;
    }
  }
  if (!id.empty() &&
      (is_short || is_long || bad_space || bad_case || orig_desc != description || !has_quotes) &&
      m_last_git_commit_id_linenr != m_linenr - 1) {
    error("GIT_COMMIT_ID",
          "Please use git commit description style 'commit <12+ chars of sha1> (\"<title "
          "line>\")' - ie: '" +
              std::string(1, init_char) + "ommit " + id + " (\"" + description + "\")'");
  }
  if (commit_at_end) {
    m_last_git_commit_id_linenr = m_linenr;
  }
}

}  // namespace patchflow::check::style
