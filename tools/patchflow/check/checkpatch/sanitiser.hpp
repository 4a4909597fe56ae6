#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "patchflow/check/checkpatch/text.hpp"

namespace patchflow::check::style {

// Strings become X, comments become k_comment, so rules do not fire on prose or literals.
class Sanitiser {
 public:
  void reset(bool in_comment) { m_quote = in_comment ? "*/" : ""; }
  std::string sanitise(std::string_view line) {
    std::string res(line);
    for (std::size_t off = 1; off < line.size(); ++off) {
      const char c = line[off];
      const auto two = line.substr(off, 2);
      if (m_quote.empty() && two == "/*") {
        m_quote = "*/";
        res[off] = res[off + 1] = k_comment;
        ++off;
        continue;
      }
      if (m_quote == "*/" && two == "*/") {
        m_quote.clear();
        res[off] = res[off + 1] = k_comment;
        ++off;
        continue;
      }
      if (m_quote.empty() && two == "//") {
        m_quote = "//";
        ++off;
        continue;
      }
      if ((m_quote == "'" || m_quote == "\"") && c == '\\') {
        res[off] = 'X';
        if (off + 1 < res.size()) {
          res[off + 1] = 'X';
        }
        ++off;
        continue;
      }
      if (c == '\'' || c == '"') {
        if (m_quote.empty()) {
          m_quote = std::string(1, c);
          continue;
        }
        if (m_quote[0] == c && m_quote.size() == 1) {
          m_quote.clear();
          continue;  // the closing quote is kept
        }
      }
      if (c == '\t') {
        continue;
      }
      if (m_quote == "*/" || m_quote == "//") {
        res[off] = k_comment;
      } else if (!m_quote.empty()) {
        res[off] = 'X';
      }
    }
    if (m_quote == "//") {
      m_quote.clear();
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
  std::string m_quote;
};

}  // namespace patchflow::check::style
