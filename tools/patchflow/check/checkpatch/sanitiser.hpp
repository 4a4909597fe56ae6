#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "patchflow/check/checkpatch/text.hpp"

namespace patchflow::check::style {

// Strings become X, comments become k_comment, so rules do not fire on prose or literals.
class Sanitiser {
 public:
  void reset(bool in_comment) { m_quote = in_comment ? k_block : k_none; }
  std::string sanitise(std::string_view line) {
    std::string res(line);
    for (std::size_t off = 1; off < line.size(); ++off) {
      const char c = line[off];
      const char next = off + 1 < line.size() ? line[off + 1] : '\0';
      if (m_quote == k_none && c == '/' && next == '*') {
        m_quote = k_block;
        res[off] = res[off + 1] = k_comment;
        ++off;
        continue;
      }
      if (m_quote == k_block && c == '*' && next == '/') {
        m_quote = k_none;
        res[off] = res[off + 1] = k_comment;
        ++off;
        continue;
      }
      if (m_quote == k_none && c == '/' && next == '/') {
        m_quote = k_line;
        ++off;
        continue;
      }
      if ((m_quote == '\'' || m_quote == '"') && c == '\\') {
        res[off] = 'X';
        if (off + 1 < res.size()) {
          res[off + 1] = 'X';
        }
        ++off;
        continue;
      }
      if (c == '\'' || c == '"') {
        if (m_quote == k_none) {
          m_quote = c;
          continue;
        }
        if (m_quote == c) {
          m_quote = k_none;
          continue;  // the closing quote is kept
        }
      }
      if (c == '\t') {
        continue;
      }
      if (m_quote == k_block || m_quote == k_line) {
        res[off] = k_comment;
      } else if (m_quote != k_none) {
        res[off] = 'X';
      }
    }
    if (m_quote == k_line) {
      m_quote = k_none;
    }
    // #include <path> is a string too
    const std::size_t hash = skip_spaces(res, res.empty() ? 0 : 1);
    if (hash < res.size() && res[hash] == '#') {
      const std::size_t kw = skip_spaces(res, hash + 1);
      if (starts_with(std::string_view(res).substr(kw), "include")) {
        const auto lt = res.find('<', kw);
        const auto gt = res.rfind('>');
        if (lt != std::string::npos && gt != std::string::npos && gt > lt) {
          std::fill(res.begin() + static_cast<long>(lt) + 1, res.begin() + static_cast<long>(gt),
                    'X');
        }
      }
    }
    const auto slashes = res.find("//");
    if (slashes != std::string::npos) {
      std::fill(res.begin() + static_cast<long>(slashes), res.end(), k_comment);
    }
    return res;
  }

 private:
  // what closes the current quote: none, "*/", end of line ("//"), or the quote character
  static constexpr char k_none = '\0';
  static constexpr char k_block = '*';
  static constexpr char k_line = '/';
  char m_quote = k_none;
};

}  // namespace patchflow::check::style
