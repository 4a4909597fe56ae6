// Comment rules: block comment style and C99 comments.
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

bool Engine::is_edge_in_string(std::string_view r) {
  std::size_t q = 0;
  while ((q = r.find('"', q)) != std::string_view::npos) {
    const auto close = r.find('"', q + 1);
    if (close == std::string_view::npos) {
      return false;
    }
    const auto inner = r.substr(q + 1, close - q - 1);
    if (contains(inner, "/*") || contains(inner, "*/")) {
      return true;
    }
    q = close;  // the closing quote may open the next string
  }
  return false;
}

bool Engine::starts_comment_line(std::string_view r) {
  if (r.empty()) {
    return false;
  }
  std::size_t p = 1;
  while (p < r.size() && is_space(r[p])) {
    ++p;
  }
  auto boundary = [&](std::size_t q) { return q >= r.size() || is_space(r[q]); };
  if (r.substr(p, 2) == "**") {
    std::size_t q = p;
    while (q < r.size() && r[q] == '*') {
      ++q;
    }
    return boundary(q);
  }
  // " *" needs a space right before the star; \s* may give one back
  for (std::size_t q = 1; q < r.size() && is_space(r[q]); ++q) {
    if (r[q] == ' ' && q + 1 < r.size() && r[q + 1] == '*' && boundary(q + 2)) {
      return true;
    }
  }
  return false;
}

void Engine::check_block_comments(const std::string& line, std::string_view raw) {
  const std::string& prevline = m_prevline;
  const std::string& prevraw = m_prevrawline;
  auto ends_in_comment = [](const std::string& l) {
    std::size_t e = l.size();
    while (e > 0 && (l[e - 1] == ' ' || l[e - 1] == '\t')) {
      --e;
    }
    return e > 0 && l[e - 1] == k_comment;
  };
  auto ends_with_close = [](std::string_view l) {
    std::size_t e = l.size();
    while (e > 0 && (l[e - 1] == ' ' || l[e - 1] == '\t')) {
      --e;
    }
    return e >= 2 && l.substr(e - 2, 2) == "*/";
  };
  auto leading_star = [](std::string_view l) {
    std::size_t p = 1;
    while (p < l.size() && (l[p] == ' ' || l[p] == '\t')) {
      ++p;
    }
    return !l.empty() && l[0] == '+' && p < l.size() && l[p] == '*';
  };
  const bool added = starts_with(raw, "+");
  const bool prev_opens =
      starts_with(prevraw, "+") && contains(prevraw, "/*") && !ends_with_close(prevraw);
  if (ends_in_comment(prevline) && prev_opens && added && !leading_star(raw)) {
    warn("BLOCK_COMMENT_STYLE", "Block comments use * on subsequent lines");
  }
  if (added && ends_with_close(raw)) {
    std::size_t e = raw.size();
    while (e > 0 && (raw[e - 1] == ' ' || raw[e - 1] == '\t')) {
      --e;
    }
    const std::string_view upto = raw.substr(0, e);  // ends in "*/"
    std::size_t p = 1;
    while (p < upto.size() && (upto[p] == ' ' || upto[p] == '\t')) {
      ++p;
    }
    const bool only_close = upto.substr(p) == "*/";
    const bool inline_comment =
        upto.find("/*") != std::string_view::npos && upto.find("/*") + 2 <= upto.size() - 2;
    const bool stars = upto.size() >= 3 && upto[upto.size() - 3] == '*';
    const bool non_blank = upto.size() - 2 > p;
    if (!only_close && !inline_comment && !stars && non_blank) {
      warn("BLOCK_COMMENT_STYLE", "Block comments use a trailing */ on a separate line");
    }
  }
  if (ends_in_comment(prevline) && added && leading_star(raw)) {
    std::size_t p = 1;
    while (p < line.size() && (line[p] == ' ' || line[p] == '\t')) {
      ++p;
    }
    const bool leading_comment = p < line.size() && line[p] == k_comment;
    const bool prev_star = leading_star(prevraw);
    if (leading_comment && (prev_opens || prev_star)) {
      // the column of the first '*' (or of "/*"'s star) on the previous line
      std::string old_indent;
      std::size_t q = 1;
      while (q < prevraw.size() && (prevraw[q] == ' ' || prevraw[q] == '\t')) {
        ++q;
      }
      if (q < prevraw.size() && prevraw[q] == '/' && q + 1 < prevraw.size() &&
          prevraw[q + 1] == '*') {
        old_indent = expand_tabs(prevraw.substr(1, q + 1 - 1));
      } else if (q < prevraw.size() && prevraw[q] == '*') {
        old_indent = expand_tabs(prevraw.substr(1, q - 1));
      } else {
        const auto star = prevraw.find('*', 1);
        std::size_t s = star;
        if (s != std::string::npos && s > 1 && prevraw[s - 1] == '/') {
          // "(.*/?)\*" keeps the slash in the captured indent
        }
        old_indent = expand_tabs(std::string_view(prevraw).substr(1, s - 1));
      }
      std::size_t r = 1;
      while (r < raw.size() && (raw[r] == ' ' || raw[r] == '\t')) {
        ++r;
      }
      const std::string new_indent = expand_tabs(raw.substr(1, r - 1));
      if (old_indent.size() != new_indent.size()) {
        warn("BLOCK_COMMENT_STYLE", "Block comments should align the * on each line");
      }
    }
  }
}

}  // namespace patchflow::check::style
