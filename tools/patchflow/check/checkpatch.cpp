#include "patchflow/check/checkpatch.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <optional>
#include <set>
#include <tuple>

#include "patchflow/check/c_lexicon.hpp"
#include "patchflow/check/spelling.hpp"
#include "patchflow/patch/mbox.hpp"

namespace patchflow::check {
namespace {

using namespace lexicon;  // NOLINT: the matchers are this file's vocabulary

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}
std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}
bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && to_lower(s.substr(0, prefix.size())) == prefix;
}
std::string_view trim(std::string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && is_space(s[b])) {
    ++b;
  }
  while (e > b && is_space(s[e - 1])) {
    --e;
  }
  return s.substr(b, e - b);
}
// Is the whole string whitespace (Perl's /^\s*$/)?
bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return is_space(c); });
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool has_extension(std::string_view file, std::initializer_list<std::string_view> extensions) {
  const auto dot = file.rfind('.');
  if (dot == std::string_view::npos) {
    return false;
  }
  const auto ext = file.substr(dot + 1);
  return std::find(extensions.begin(), extensions.end(), ext) != extensions.end();
}

std::string expand_tabs(std::string_view s) {
  std::string out;
  std::size_t n = 0;
  for (const char c : s) {
    if (c == '\t') {
      do {
        out += ' ';
        ++n;
      } while (n % 8 != 0);
    } else {
      out += c;
      ++n;
    }
  }
  return out;
}

// checkpatch's line_stats: (length, indent) of a diff line without its leader, tabs expanded.
std::pair<int, int> line_stats(std::string_view line) {
  const std::string expanded = expand_tabs(line.empty() ? line : line.substr(1));
  std::size_t white = 0;
  while (white < expanded.size() && is_space(expanded[white])) {
    ++white;
  }
  return {static_cast<int>(expanded.size()), static_cast<int>(white)};
}

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
  // Returns (types, variants) for stream, both stream-sized.
  std::pair<std::string, std::string> annotate(std::string_view s, char type) {
    std::string res;
    std::string var(s.size(), '_');
    std::size_t pos = 0;
    while (pos < s.size()) {
      if (m_paren.empty()) {
        m_paren.push_back('E');
      }
      const std::size_t len = step(s, pos, type, var);
      res.append(len, type);
      pos += len;
    }
    return {res, var};
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
    if (const std::size_t t = match_type(s, pos); t > 0) {
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
    static constexpr std::array<std::string_view, 11> k_assignments = {
        "*=", "/=", "%=", "+=", "-=", "<<=", ">>=", "&=", "^=", "|=", "="};
    for (const auto a : k_assignments) {
      if (starts_with(s.substr(pos), a)) {
        type = 'N';
        return a.size();
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
    for (const auto op : k_operators) {
      if (starts_with(s.substr(pos), op)) {
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
std::size_t match_operator(std::string_view s, std::size_t pos) {
  static constexpr std::array<std::string_view, 39> k_ops = {
      "<<=", ">>=", "<=", ">=", "==", "!=", "+=", "-=", "*=", "/=", "%=", "^=", "|=",
      "&=",  "=>",  "->", "<<", ">>", "<",  ">",  "=",  "!",  "~",  "&&", "||", ",",
      "^",   "++",  "--", "&",  "|",  "+",  "-",  "*",  "/",  "%",  "?:", "?",  ":"};
  const auto rest = s.substr(pos);
  for (const auto op : k_ops) {
    if (starts_with(rest, op)) {
      return op.size();
    }
  }
  return rest.empty() || rest[0] != ';' ? 0 : 1;
}

struct Statement {
  std::string stat;
  std::string cond;
  int line_next = 0;  // 0-based index of the next line to read
  int remain_next = 0;
  int off_next = 0;
  int level = 0;
};

class Engine {
 public:
  Engine(std::string_view text, const CheckpatchOptions& options) : m_options(options) {
    std::size_t start = 0;
    while (start < text.size()) {
      const auto nl = text.find('\n', start);
      const auto end = nl == std::string_view::npos ? text.size() : nl;
      m_raw.emplace_back(text.substr(start, end - start));
      start = end + 1;
    }
  }

  std::vector<StyleFinding> run() {
    set_learned_types(&m_learned);
    sanitise_all();
    for (std::size_t i = 0; i < m_raw.size(); ++i) {
      process_line(static_cast<int>(i));
    }
    finish();
    set_learned_types(nullptr);
    return std::move(m_findings);
  }

 private:
  // ---- reporting
  void report(Severity level, std::string_view type, std::string message, bool at_line = true) {
    if (level == Severity::check && !m_check) {
      return;
    }
    StyleFinding f;
    f.level = level;
    f.type = std::string(type);
    f.message = std::move(message);
    if (at_line) {
      f.patch_line = m_linenr;
      if (m_realcnt != 0) {
        f.file = m_realfile;
        f.line = m_realline;
      }
    }
    m_findings.push_back(std::move(f));
  }
  void error(std::string_view type, std::string message) {
    report(Severity::error, type, std::move(message));
  }
  void warn(std::string_view type, std::string message) {
    report(Severity::warning, type, std::move(message));
  }
  void chk(std::string_view type, std::string message) {
    report(Severity::check, type, std::move(message));
  }

  const std::string& lines_at(int index) const { return m_lines[static_cast<std::size_t>(index)]; }
  bool has_line(int index) const { return index >= 0 && index < static_cast<int>(m_lines.size()); }

  // ---- first pass: sanitised copy of every hunk line
  static bool parse_hunk_header(std::string_view line, int& start, int& count) {
    if (!starts_with(line, "@@ -")) {
      return false;
    }
    std::size_t p = 4;
    while (p < line.size() && is_digit(line[p])) {
      ++p;
    }
    if (p < line.size() && line[p] == ',') {
      ++p;
      while (p < line.size() && is_digit(line[p])) {
        ++p;
      }
    }
    if (line.substr(p, 2) != " +") {
      return false;
    }
    p += 2;
    const std::size_t num = p;
    while (p < line.size() && is_digit(line[p])) {
      ++p;
    }
    if (p == num) {
      return false;
    }
    start = std::atoi(std::string(line.substr(num, p - num)).c_str());
    count = 1;
    if (p < line.size() && line[p] == ',') {
      const std::size_t c = ++p;
      while (p < line.size() && is_digit(line[p])) {
        ++p;
      }
      count = std::atoi(std::string(line.substr(c, p - c)).c_str());
    }
    return line.substr(p, 3) == " @@";
  }
  static bool is_hunk_body(std::string_view line) {
    return line.empty() || line[0] == '+' || line[0] == ' ';
  }

  void sanitise_all() {
    Sanitiser sanitiser;
    int realcnt = 0;
    m_lines.reserve(m_raw.size());
    for (std::size_t i = 0; i < m_raw.size(); ++i) {
      const std::string_view raw = m_raw[i];
      std::string line(raw);
      int start = 0;
      int count = 0;
      if (parse_hunk_header(raw, start, count)) {
        realcnt = count + 1;
        // Guess whether the hunk starts inside a comment: the first comment edge decides.
        std::string edge;
        int cnt = realcnt;
        for (std::size_t ln = i + 1; cnt > 0 && ln < m_raw.size(); ++ln) {
          const std::string_view r = m_raw[ln];
          if (starts_with(r, "-")) {
            continue;
          }
          --cnt;
          const auto open = r.find("/*");
          const auto close = r.find("*/");
          if (open != std::string_view::npos || close != std::string_view::npos) {
            if (!is_edge_in_string(r)) {
              edge = (open < close) ? "/*" : "*/";
              break;
            }
          }
        }
        bool in_comment = edge == "*/";
        if (edge.empty() && i + 1 < m_raw.size() && starts_comment_line(m_raw[i + 1])) {
          in_comment = true;
        }
        sanitiser.reset(in_comment);
      } else if (realcnt != 0 && is_hunk_body(raw)) {
        line = sanitiser.sanitise(raw);
      }
      m_lines.push_back(std::move(line));
      if (realcnt > 1) {
        if (is_hunk_body(m_lines.back())) {
          --realcnt;
        }
      } else {
        realcnt = 0;
      }
    }
  }
  // m@"[^"]*(?:/\*|\*/)[^"]*"@: the comment marker sits inside a string
  static bool is_edge_in_string(std::string_view r) {
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
  // ^.\s*(?:\*\*+| \*)(?:\s|$)
  static bool starts_comment_line(std::string_view r) {
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

  // ---- statement scanning (checkpatch's ctx_statement_block / ctx_block_get / raw_line)
  Statement statement_block(int linenr, int remain, int off) const {
    int line = linenr - 1;
    std::string blk;
    const int soff = off;
    int coff = off - 1;
    bool coff_set = false;
    int loff = 0;
    char type = ' ';  // ' ' stands for checkpatch's ''
    int level = 0;
    std::vector<std::pair<char, int>> stack;
    char p = '\0';
    char c = '\0';
    bool have_p = false;
    int len = 0;
    for (;;) {
      if (stack.empty()) {
        stack.emplace_back(' ', 0);
      }
      if (off >= len) {
        for (; remain > 0; ++line) {
          if (!has_line(line)) {
            break;
          }
          if (starts_with(lines_at(line), "-")) {
            continue;
          }
          --remain;
          loff = len;
          blk += lines_at(line);
          blk += '\n';
          len = static_cast<int>(blk.size());
          ++line;
          break;
        }
        if (off >= len) {
          break;
        }
        if (level == 0) {
          const std::size_t h = skip_spaces(blk, static_cast<std::size_t>(off) + 1);
          if (h < blk.size() && blk[h] == '#' &&
              starts_with(std::string_view(blk).substr(skip_spaces(blk, h + 1)), "define")) {
            ++level;
            type = '#';
          }
        }
      }
      have_p = off > soff || have_p;
      p = c;
      c = blk[static_cast<std::size_t>(off)];
      const std::string_view remainder = std::string_view(blk).substr(static_cast<std::size_t>(off));
      if (c == '#') {
        const auto kw = remainder.substr(skip_spaces(remainder, 1));
        auto directive = [&](std::string_view w) {
          return starts_with(kw, w) && (kw.size() == w.size() || !is_word(kw[w.size()]));
        };
        if ((directive("ifndef") || directive("ifdef") || directive("if")) && kw.size() > 2) {
          stack.emplace_back(type, level);
        } else if (directive("else") || directive("elif")) {
          const auto& prev = stack.size() >= 2 ? stack[stack.size() - 2] : stack.back();
          type = prev.first;
          level = prev.second;
        } else if (directive("endif")) {
          type = stack.back().first;
          level = stack.back().second;
          stack.pop_back();
        }
      }
      if (level == 0 && c == ';') {
        break;
      }
      if (level == 0 && !coff_set && (off == soff || is_space(p) || p == '}' || p == '+') &&
          starts_with(remainder, "else") && remainder.size() > 4 &&
          (is_space(remainder[4]) || remainder[4] == '{')) {
        const auto after = remainder.substr(skip_spaces(remainder, 4));
        if (!(starts_with(after, "if") && (after.size() == 2 || !is_word(after[2])) &&
              skip_spaces(remainder, 4) > 4)) {
          coff = off + 3;
          coff_set = true;
        }
      }
      if ((type == ' ' || type == '(') && c == '(') {
        ++level;
        type = '(';
      }
      if (type == '(' && c == ')') {
        --level;
        type = level != 0 ? '(' : ' ';
        if (level == 0 && coff < soff) {
          coff = off;
          coff_set = true;
        }
      }
      if ((type == ' ' || type == '{') && c == '{') {
        ++level;
        type = '{';
      }
      if (type == '{' && c == '}') {
        --level;
        type = level != 0 ? '{' : ' ';
        if (level == 0) {
          if (off + 1 < len && blk[static_cast<std::size_t>(off) + 1] == ';') {
            ++off;
          }
          break;
        }
      }
      if (type == '#' && c == '\n' && p != '\\') {
        --level;
        type = ' ';
        ++off;
        break;
      }
      ++off;
    }
    if (off == len) {
      loff = len + 1;
      ++line;
      --remain;
    }
    Statement result;
    auto substr = [&](int from, int count) -> std::string {
      if (count <= 0 || from >= static_cast<int>(blk.size())) {
        return "";
      }
      return blk.substr(static_cast<std::size_t>(from), static_cast<std::size_t>(count));
    };
    result.stat = substr(soff, off - soff + 1);
    result.cond = substr(soff, coff - soff + 1);
    result.line_next = line;
    result.remain_next = remain + 1;
    result.off_next = off - loff + 1;
    result.level = level;
    return result;
  }

  // ctx_block_get for parentheses (outer = 0): the raw lines of the statement's condition.
  std::pair<int, std::vector<std::string_view>> statement_level(int linenr, int remain) const {
    int level = 0;
    std::vector<int> stack{0};
    std::vector<std::string_view> res;
    for (int line = linenr - 1; remain > 0; ++line) {
      if (!has_line(line)) {
        break;
      }
      if (starts_with(m_raw[static_cast<std::size_t>(line)], "-")) {
        continue;
      }
      --remain;
      const std::string& l = lines_at(line);
      const std::size_t h = skip_spaces(l, l.empty() ? 0 : 1);
      if (h < l.size() && l[h] == '#') {
        const auto kw = std::string_view(l).substr(skip_spaces(l, h + 1));
        if ((starts_with(kw, "ifndef") || starts_with(kw, "ifdef") || starts_with(kw, "if")) &&
            kw.size() > 2 && (is_space(kw[2]) || is_space(kw[kw.size() > 5 ? 5 : 2]))) {
          stack.push_back(level);
        } else if (starts_with(kw, "else") || starts_with(kw, "elif")) {
          level = stack.size() >= 2 ? stack[stack.size() - 2] : stack.back();
        } else if (starts_with(kw, "endif")) {
          level = stack.back();
          stack.pop_back();
          if (stack.empty()) {
            stack.push_back(0);
          }
        }
      }
      for (const char ch : l) {
        if (ch == ')' && level > 0) {
          if (--level == 0) {
            break;
          }
        } else if (ch == '(') {
          ++level;
        }
      }
      res.push_back(m_raw[static_cast<std::size_t>(line)]);
      if (level == 0) {
        break;
      }
    }
    return {level, res};
  }

  std::optional<std::string_view> raw_line(int linenr, int count) const {
    int offset = linenr - 1;
    ++count;
    std::optional<std::string_view> line;
    while (count > 0) {
      if (offset >= static_cast<int>(m_raw.size())) {
        return std::nullopt;
      }
      line = m_raw[static_cast<std::size_t>(offset++)];
      if (starts_with(*line, "-")) {
        continue;
      }
      --count;
    }
    return line;
  }

  // ---- the main pass
  void process_line(int index) {
    m_linenr = index + 1;
    const std::string& line = m_lines[static_cast<std::size_t>(index)];
    const std::string_view raw = m_raw[static_cast<std::size_t>(index)];
    m_stat.reset();

    int start = 0;
    int count = 0;
    if (!m_in_commit_log && parse_hunk_header(line, start, count)) {
      m_is_patch = true;
      m_realline = start - 1;
      m_realcnt = count + 1;
      m_annotator.reset();
      m_prev_values = 'E';
      m_suppress_statement = 0;
      return;
    }
    if (line.empty() || line[0] == ' ' || line[0] == '+') {
      ++m_realline;
      if (m_realcnt != 0) {
        --m_realcnt;
      }
      std::tie(m_length, m_indent) = line_stats(raw);
      m_prevline = m_stashline;
      m_stashline = line;
      m_previndent = m_stashindent;
      m_stashindent = m_indent;
      m_prevrawline = m_stashrawline;
      m_stashrawline = std::string(raw);
    } else if (m_realcnt == 1) {
      --m_realcnt;
    }
    const bool hunk_line = m_realcnt != 0;

    if (starts_with(line, "diff --git ") || starts_with(line, "+++ ")) {
      std::string_view path;
      // a CRLF-mangled patch must not leave '\r' in the file name (checkpatch's \S+ stops there)
      std::string_view header = line;
      while (!header.empty() && header.back() == '\r') {
        header.remove_suffix(1);
      }
      if (header[0] == 'd') {
        const auto sp = header.find_last_of(" \t");
        path = header.substr(sp + 1);
      } else {
        auto rest = header.substr(4);
        rest = rest.substr(skip_spaces(rest, 0));
        path = rest.substr(0, std::min(rest.size(), rest.find_first_of(" \t")));
      }
      const auto slash = path.find('/');
      m_realfile = std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
      if (line[0] == 'd') {
        m_is_patch = m_is_patch || starts_with(line, "diff --git a/");
      }
      m_in_commit_log = false;
      m_check = m_options.strict || starts_with(m_realfile, "drivers/net/") ||
                starts_with(m_realfile, "net/") || starts_with(m_realfile, "drivers/staging/");
      m_checklicenseline = 1;
      return;
    }

    if (hunk_line) {
      ++m_lines_checked;
    }
    check_message_line(line, raw);

    if (!hunk_line || starts_with(line, "-")) {
      return;
    }
    check_hunk_line(line, raw);
  }

  void check_message_line(const std::string& line, std::string_view raw) {
    if (m_in_commit_log) {
      if (!is_blank(line)) {
        ++m_commit_log_lines;
      }
    } else if (m_has_commit_log && m_commit_log_lines < 2) {
      report(Severity::warning, "COMMIT_MESSAGE",
             "Missing commit description - Add an appropriate one", false);
      m_commit_log_lines = 2;
    }

    if (istarts_with(line, "from:")) {
      m_author = parse_author(raw, m_linenr);
    }
    const std::string_view trimmed_left = std::string_view(line).substr(skip_spaces(line, 0));
    if (istarts_with(trimmed_left, "signed-off-by:")) {
      ++m_signoff;
      m_in_commit_log = false;
      note_author_signoff(trim(trimmed_left.substr(14)));
    }
    if (line == "---") {
      m_has_patch_separator = true;
      m_in_commit_log = false;
    }
    if (starts_with(trim(line), "MAINTAINERS") && contains(line, "|")) {
      const auto t = trim(line);
      const auto rest = trim(t.substr(11));
      if (starts_with(rest, "|")) {
        m_reported_maintainer_file = true;
      }
    }
    if (!m_in_header_lines) {
      check_signature_style(line);
      check_fixes_tag(line);
    }
    if (m_in_header_lines && istarts_with(line, "subject:")) {
      check_email_subject(line);
    }
    if (m_realfile.empty() && !m_has_patch_separator && istarts_with(trim(line), "change-id:")) {
      error("GERRIT_CHANGE_ID", "Remove Gerrit Change-Id's before submitting upstream");
    }
    if (m_in_commit_log && !m_possible_stack_dump && looks_like_stack_dump(line)) {
      m_possible_stack_dump = true;
    }
    if (m_in_commit_log && !m_commit_log_long_line && line.size() > 75 &&
        !is_long_line_exempt(line)) {
      warn("COMMIT_LOG_LONG_LINE",
           "Prefer a maximum 75 chars per line (possible unwrapped commit description?)");
      m_commit_log_long_line = true;
    }
    if (m_in_commit_log && m_possible_stack_dump && is_blank(line)) {
      m_possible_stack_dump = false;
    }
    if (m_in_commit_log && starts_with(line, "#")) {
      warn("COMMIT_COMMENT_SYMBOL",
           "Commit log lines starting with '#' are dropped by git as comments");
    }
    if (!m_reported_maintainer_file && !m_in_commit_log && is_path_change(line)) {
      m_is_patch = true;
      m_reported_maintainer_file = true;
      warn("FILE_PATH_CHANGES", "added, moved or deleted file(s), does MAINTAINERS need updating?");
    }
    if (m_in_header_lines && m_realfile.empty() && !starts_header_line(raw)) {
      m_in_header_lines = false;
      m_in_commit_log = true;
      m_has_commit_log = true;
    }
    if (m_in_commit_log || starts_with(line, "+") || istarts_with(line, "subject:")) {
      check_spelling(raw);
    }
    if (m_in_commit_log) {
      check_unknown_commit_id(line);
    }
  }

  // ^(?:commit\b|from\b|[\w-]+:) or a continuation line (^\s+(?:\S|$))
  static bool starts_header_line(std::string_view raw) {
    if (!raw.empty() && is_space(raw[0])) {
      return true;
    }
    const auto lower = to_lower(raw.substr(0, 7));
    auto word = [&](std::string_view w) {
      return starts_with(lower, w) && (raw.size() == w.size() || !is_word(raw[w.size()]));
    };
    if (word("commit") || word("from")) {
      return true;
    }
    std::size_t p = 0;
    while (p < raw.size() && (is_word(raw[p]) || raw[p] == '-')) {
      ++p;
    }
    return p > 0 && p < raw.size() && raw[p] == ':';
  }

  static bool looks_like_stack_dump(std::string_view line) {
    const auto t = line.substr(skip_spaces(line, 0));
    if (starts_with(t, "WARNING:") || starts_with(t, "BUG:")) {
      return true;
    }
    if (starts_with(t, "[")) {  // [  123.456789] timestamps and [<ffffffff>] addresses
      const auto u = t.substr(skip_spaces(t, 1));
      std::size_t p = 0;
      while (p < u.size() && is_digit(u[p])) {
        ++p;
      }
      if (p > 0 && p < u.size() && u[p] == '.') {
        std::size_t q = p + 1;
        while (q < u.size() && is_digit(u[q])) {
          ++q;
        }
        if (q - p - 1 == 6) {
          return true;
        }
      }
      if (starts_with(t, "[<")) {
        std::size_t q = 2;
        while (q < t.size() && is_hex(t[q])) {
          ++q;
        }
        if (q >= 10 && q < t.size() && t[q] == '>') {
          return true;
        }
      }
    }
    return false;
  }

  static bool is_long_line_exempt(std::string_view line) {
    const auto t = line.substr(skip_spaces(line, 0));
    // file delta changes: "path | 12"
    {
      std::size_t p = 0;
      while (p < t.size() && (is_word(t[p]) || t[p] == '/' || t[p] == '.')) {
        ++p;
      }
      const auto rest = t.substr(p);
      const auto r2 = rest.substr(skip_spaces(rest, 0));
      if (p > 0 && r2.size() < rest.size() && starts_with(r2, "|")) {
        const auto r3 = r2.substr(skip_spaces(r2, 1));
        if (r2.size() > 1 && is_space(r2[1]) && !r3.empty() && is_digit(r3[0])) {
          return true;
        }
      }
    }
    // "dir/file:" at the start
    {
      std::size_t p = 0;
      std::size_t last_slash = std::string_view::npos;
      while (p < t.size() && (is_word(t[p]) || t[p] == '.' || t[p] == '-' || t[p] == '+' ||
                              t[p] == '/')) {
        if (t[p] == '/') {
          last_slash = p;
        }
        ++p;
      }
      if (last_slash != std::string_view::npos && last_slash + 1 < p && p < t.size() &&
          t[p] == ':') {
        return true;
      }
    }
    static constexpr std::array<std::string_view, 13> k_tags = {
        "fixes:",      "http:",          "https:",      "link:",      "closes:",
        "signed-off-by:", "co-developed-by:", "acked-by:", "tested-by:", "reviewed-by:",
        "reported-by:", "suggested-by:",  "to:"};
    for (const auto tag : k_tags) {
      if (istarts_with(t, tag)) {
        return true;
      }
    }
    return istarts_with(t, "cc:");
  }

  static bool is_path_change(std::string_view line) {
    auto mode_line = [&](std::string_view prefix) {
      if (!starts_with(line, prefix)) {
        return false;
      }
      const auto rest = trim(line.substr(prefix.size()));
      return !rest.empty() && std::all_of(rest.begin(), rest.end(), is_digit);
    };
    if (mode_line("new file mode") || mode_line("deleted file mode")) {
      return true;
    }
    for (const std::string_view prefix : {"rename from ", "rename to "}) {
      if (starts_with(line, prefix)) {
        const auto rest = trim(line.substr(prefix.size()));
        return !rest.empty() && std::all_of(rest.begin(), rest.end(), [](char c) {
          return is_word(c) || c == '/' || c == '.' || c == '-';
        });
      }
    }
    const auto open = line.find('{');
    if (open != std::string_view::npos) {
      const auto arrow = line.find("=>", open);
      const auto close = line.find('}', open);
      if (arrow != std::string_view::npos && close != std::string_view::npos && arrow < close) {
        auto path_chars = [](std::string_view s) {
          s = trim(s);
          return std::all_of(s.begin(), s.end(), [](char c) {
            return is_word(c) || c == '/' || c == '.' || c == '-';
          });
        };
        return path_chars(line.substr(open + 1, arrow - open - 1)) &&
               path_chars(line.substr(arrow + 2, close - arrow - 2));
      }
    }
    return false;
  }

  // ---- sign-offs
  struct Email {
    std::string name;
    std::string address;
  };
  static Email parse_email(std::string_view text) {
    Email e;
    const auto lt = text.find('<');
    const auto gt = text.rfind('>');
    if (lt != std::string_view::npos && gt != std::string_view::npos && gt > lt) {
      std::string name(trim(text.substr(0, lt)));
      name.erase(std::remove(name.begin(), name.end(), '"'), name.end());
      e.name = std::string(trim(name));
      e.address = std::string(trim(text.substr(lt + 1, gt - lt - 1)));
    } else {
      auto t = trim(text);
      const auto sp = t.find_first_of(" \t(");
      e.address = std::string(t.substr(0, sp));
    }
    return e;
  }
  std::string parse_author(std::string_view raw, int linenr) const {
    std::string author(raw.substr(5));
    for (std::size_t n = static_cast<std::size_t>(linenr); n < m_raw.size(); ++n) {
      const std::string_view next = m_raw[n];
      if (next.empty() || !(next[0] == ' ' || next[0] == '\t')) {
        break;
      }
      author += std::string(trim(next));
    }
    author = patch::decode_rfc2047(trim(author));
    author.erase(std::remove(author.begin(), author.end(), '"'), author.end());
    const Email e = parse_email(author);
    return e.name.empty() ? e.address : e.name + " <" + e.address + ">";
  }
  void note_author_signoff(std::string_view who) {
    if (m_author.empty() || m_author_signoff == 1) {
      return;
    }
    const Email sob = parse_email(who);
    const Email author = parse_email(m_author);
    const bool same_address = to_lower(sob.address) == to_lower(author.address);
    if (same_address && sob.name == author.name) {
      m_author_signoff = 1;
      return;
    }
    m_author_sob = std::string(who);
    if (same_address) {
      m_author_signoff = 3;
    } else if (sob.name == author.name) {
      auto strip_plus = [](std::string a) {
        const auto plus = a.find('+');
        const auto at = a.find('@');
        if (plus != std::string::npos && at != std::string::npos && plus < at) {
          a.erase(plus, at - plus);
        }
        return a;
      };
      m_author_signoff = strip_plus(sob.address) == strip_plus(author.address) ? 5 : 4;
    }
  }
  void check_signature_style(std::string_view line) {
    std::size_t p = skip_spaces(line, 0);
    const std::size_t tag_start = p;
    while (p < line.size() && (is_word(line[p]) || line[p] == '-')) {
      ++p;
    }
    if (p >= line.size() || line[p] != ':' || p == tag_start) {
      return;
    }
    const std::string tag(line.substr(tag_start, p - tag_start + 1));
    const std::string lower = to_lower(tag);
    static constexpr std::array<std::string_view, 9> k_standard = {
        "signed-off-by:", "co-developed-by:", "acked-by:", "tested-by:", "reviewed-by:",
        "reported-by:",   "suggested-by:",    "to:",       "cc:"};
    const bool standard =
        std::find(k_standard.begin(), k_standard.end(), lower) != k_standard.end();
    if (!standard && !ends_with(lower, "by:")) {
      return;
    }
    if (!standard) {
      warn("BAD_SIGN_OFF", "Non-standard signature: " + tag);
    }
    if (tag_start > 0) {
      warn("BAD_SIGN_OFF", "Do not use whitespace before " + capitalised(lower));
    }
    if (ends_with(lower, "-by:") && tag != capitalised(lower)) {
      warn("BAD_SIGN_OFF", "'" + capitalised(lower) + "' is the preferred signature form");
    }
    const std::size_t value = skip_spaces(line, p + 1);
    if (value != p + 2 || line[p + 1] != ' ') {
      warn("BAD_SIGN_OFF", "Use a single space after " + capitalised(lower));
    }
    std::string nospace;
    for (const char c : line) {
      if (!is_space(c)) {
        nospace += c;
      }
    }
    nospace = to_lower(nospace);
    if (!m_signatures.insert(nospace).second) {
      warn("BAD_SIGN_OFF", "Duplicate signature");
    }
    if (lower == "reported-by:" || lower == "reported-and-tested-by:") {
      const std::size_t next = static_cast<std::size_t>(m_linenr);
      if (next >= m_raw.size() || !istarts_with(m_raw[next], "closes:")) {
        warn("BAD_REPORTED_BY_LINK",
             "Reported-by: should be immediately followed by Closes: with a URL to the report");
      }
    }
  }
  static std::string capitalised(std::string lower) {
    if (!lower.empty() && lower[0] >= 'a' && lower[0] <= 'z') {
      lower[0] = static_cast<char>(lower[0] - 'a' + 'A');
    }
    return lower;
  }

  // Fixes: <12+ hex> ("subject"); without a repository checkpatch only judges the form.
  void check_fixes_tag(std::string_view line) {
    std::size_t p = skip_spaces(line, 0);
    if (!istarts_with(line.substr(p), "fixes")) {
      return;
    }
    const std::string_view tag_text = line.substr(p, line[p + 5 < line.size() ? p + 5 : p] == ':'
                                                         ? 6
                                                         : 5);
    p += tag_text.size();
    p = skip_spaces(line, p);
    if (istarts_with(line.substr(p), "commit")) {
      p = skip_spaces(line, p + 6);
    }
    std::size_t q = p;
    while (q < line.size() && is_hex(line[q]) && !(line[q] >= 'A' && line[q] <= 'F')) {
      ++q;
    }
    // case-insensitive hex, as checkpatch's /i
    q = p;
    while (q < line.size() && is_hex(line[q])) {
      ++q;
    }
    const std::size_t id_len = q - p;
    if (id_len < 5 || id_len > 40 || (q < line.size() && is_word(line[q]))) {
      return;
    }
    const std::string_view id = line.substr(p, id_len);
    const std::size_t paren = skip_spaces(line, q);
    const std::size_t paren_len = match_balanced_parens(line, paren);
    bool has_quotes = false;
    if (paren_len > 0) {
      const auto title = line.substr(paren + 1, paren_len - 2);
      has_quotes = title.size() >= 2 && title.front() == '"' && title.back() == '"';
    }
    const bool tag_case = tag_text != "Fixes:";
    const bool tag_space = !(tag_text.size() > 0 && p == (line.find(tag_text) + tag_text.size() + 1) &&
                             paren_len > 0 && paren == q + 1 && line[q] == ' ' &&
                             skip_spaces(line, 0) == 0);
    const bool id_length = id_len < 12;
    const bool id_case = std::any_of(id.begin(), id.end(), [](char c) { return c >= 'A' && c <= 'F'; });
    if (tag_case || tag_space || id_length || id_case || !has_quotes) {
      warn("BAD_FIXES_TAG",
           "Please use correct Fixes: style 'Fixes: <12+ chars of sha1> (\"<title line>\")' - ie: "
           "'Fixes: 0123456789ab (\"commit title\")'");
    }
  }

  void check_email_subject(std::string_view line) {
    const auto lower = to_lower(line);
    for (const std::string_view tool : {"checkpatch", "sparse", "smatch"}) {
      std::size_t pos = 0;
      while ((pos = lower.find(tool, pos)) != std::string::npos) {
        const std::size_t end = pos + tool.size();
        const bool left = pos == 0 || !is_word(lower[pos - 1]);
        const bool right = end < lower.size() && !is_word(lower[end]) && lower[end] != ':';
        if (left && right) {
          warn("EMAIL_SUBJECT",
               "A patch subject line should describe the change not the tool that found it");
          return;
        }
        pos = end;
      }
    }
  }

  void check_spelling(std::string_view raw) {
    for (const auto& hit : find_misspellings(raw)) {
      warn("TYPO_SPELLING", "'" + hit.word + "' may be misspelled - perhaps '" + hit.fix + "'?");
    }
  }

  // (^fixes:|\bcommit)\s+([0-9a-f]{6,40})\b: without a repository every id is unknown.
  void check_unknown_commit_id(std::string_view line) {
    const std::string lower = to_lower(line);
    std::size_t p = std::string::npos;
    if (starts_with(lower, "fixes:")) {
      p = 6;
    } else {
      std::size_t at = 0;
      while ((at = lower.find("commit", at)) != std::string::npos) {
        if (at == 0 || !is_word(lower[at - 1])) {
          p = at + 6;
          break;
        }
        at += 6;
      }
    }
    if (p == std::string::npos || p >= line.size() || !is_space(line[p])) {
      return;
    }
    const std::size_t q = skip_spaces(line, p);
    std::size_t e = q;
    while (e < line.size() && is_hex(line[e])) {
      ++e;
    }
    if (e - q < 6 || (e < line.size() && is_word(line[e]))) {
      return;
    }
    const std::size_t shown = std::min<std::size_t>(e - q, 40);
    if (e - q > 40) {
      return;
    }
    warn("UNKNOWN_COMMIT_ID", "Unknown commit id '" + std::string(line.substr(q, shown)) +
                                  "', maybe rebased or not pulled?");
  }

  // ---- rules on added lines
  void check_hunk_line(const std::string& line, std::string_view raw) {
    const bool added = starts_with(raw, "+");
    if (added && contains(line, "\r")) {
      error("DOS_LINE_ENDINGS", "DOS line endings");
    } else if (added && raw.size() > 1 && is_space(raw.back())) {
      error("TRAILING_WHITESPACE", "trailing whitespace");
    }
    check_fsf_address(raw);
    check_license_tag(line, raw);
    if (added && m_realfile.size() > 0 && embeds_filename(raw)) {
      warn("EMBEDDED_FILENAME", "It's generally not useful to have the filename in the file");
    }
    if (!has_extension(m_realfile, {"h", "c", "rs", "s", "S", "sh", "dtsi", "dts"})) {
      return;
    }
    check_misplaced_license(line, raw);
    if (added && m_length > m_options.max_line_length) {
      check_long_line(line, raw);
    }
    if (added && static_cast<std::size_t>(m_linenr) < m_raw.size() &&
        starts_with(m_raw[static_cast<std::size_t>(m_linenr)], "\\ No newline at end of file")) {
      warn("MISSING_EOF_NEWLINE", "adding a line without newline at end of file");
    }
    if (!has_extension(m_realfile, {"h", "c", "pl", "dtsi", "dts"})) {
      return;
    }
    if (added) {
      check_indentation(line, raw);
    }
    check_block_comments(line, raw);
    if (added && starts_with(raw, "+ ")) {
      const std::size_t p = line.find_first_not_of(' ', 1);
      const bool exempt = p != std::string::npos &&
                          (line[p] == k_comment || line[p] == '#' ||
                           (match_ident(line, p) > 0 && p + match_ident(line, p) < line.size() &&
                            line[p + match_ident(line, p)] == ':'));
      if (!exempt) {
        warn("LEADING_SPACE", "please, no spaces at the start of a line");
      }
    }
    if (!has_extension(m_realfile, {"h", "c"})) {
      return;
    }
    check_c_line(line);
  }

  void check_fsf_address(std::string_view raw) {
    const std::string lower = to_lower(raw);
    auto word_then = [&](std::string_view first, std::string_view second) {
      std::size_t pos = 0;
      while ((pos = lower.find(first, pos)) != std::string::npos) {
        const bool left = pos == 0 || !is_word(lower[pos - 1]);
        std::size_t q = pos + first.size();
        const std::size_t spaces = skip_spaces(lower, q);
        if (left && spaces > q && starts_with(std::string_view(lower).substr(spaces), second)) {
          return true;
        }
        pos = q;
      }
      return false;
    };
    bool found = false;
    {
      std::size_t pos = lower.find("write to the free");
      found = pos != std::string::npos && (pos == 0 || !is_word(lower[pos - 1]));
    }
    if (!found) {
      found = (word_then("675", "mass") && contains(lower, "mass")) ||
              (word_then("59", "temple") && contains(lower, "temple")) ||
              (word_then("51", "franklin") && contains(lower, "franklin"));
      if (found) {
        // the second word must be followed by whitespace and the third
        found = false;
        for (const auto& [a, b, c] : std::array<std::array<std::string_view, 3>, 3>{
                 {{"675", "mass", "ave"}, {"59", "temple", "pl"}, {"51", "franklin", "st"}}}) {
          std::size_t pos = 0;
          while ((pos = lower.find(a, pos)) != std::string::npos) {
            const bool left = pos == 0 || !is_word(lower[pos - 1]);
            std::size_t q = skip_spaces(lower, pos + a.size());
            if (left && q > pos + a.size() && starts_with(std::string_view(lower).substr(q), b)) {
              std::size_t r = skip_spaces(lower, q + b.size());
              if (r > q + b.size() && starts_with(std::string_view(lower).substr(r), c)) {
                found = true;
              }
            }
            pos += a.size();
          }
        }
      }
    }
    if (found) {
      error("FSF_MAILING_ADDRESS",
            "Do not include the paragraph about writing to the Free Software Foundation's "
            "mailing address from the sample GPL notice. The FSF has changed addresses in the "
            "past, and may do so again. Linux already includes a copy of the GPL.");
    }
  }

  void check_license_tag(const std::string& /*line*/, std::string_view raw) {
    if (m_realline != m_checklicenseline) {
      return;
    }
    {
      std::size_t p = raw.empty() ? 0 : 1;
      p = skip_spaces(raw, p);
      if (!raw.empty() && (raw[0] == ' ' || raw[0] == '+') && raw.substr(p, 2) == "#!") {
        const std::size_t q = skip_spaces(raw, p + 2);
        if (q < raw.size() && raw[q] == '/') {
          m_checklicenseline = 2;
          return;
        }
      }
    }
    if (!starts_with(raw, "+")) {
      return;
    }
    std::string comment;
    if (has_extension(m_realfile, {"h", "s", "S"})) {
      comment = "/*";
    } else if (has_extension(m_realfile, {"c", "rs", "dts", "dtsi"})) {
      comment = "//";
    } else if (m_checklicenseline == 2 ||
               has_extension(m_realfile, {"sh", "pl", "py", "awk", "tc", "yaml"})) {
      comment = "#";
    } else if (has_extension(m_realfile, {"rst"})) {
      comment = "..";
    }
    const bool has_tag = contains(raw, "SPDX-License-Identifier:");
    if (has_extension(m_realfile, {"c", "h", "s", "S"}) && has_tag) {
      const std::size_t p = skip_spaces(raw, 1);
      if (!starts_with(raw.substr(p), comment)) {
        warn("SPDX_LICENSE_TAG", "Improper SPDX comment style for '" + m_realfile +
                                     "', please use '" + comment + "' instead");
      }
    }
    if (!comment.empty() && !starts_with(raw.substr(1), comment + " SPDX-License-Identifier: ")) {
      warn("SPDX_LICENSE_TAG", "Missing or malformed SPDX-License-Identifier tag in line " +
                                   std::to_string(m_checklicenseline));
    }
  }

  void check_misplaced_license(const std::string& line, std::string_view raw) {
    if (m_realline == m_checklicenseline) {
      return;
    }
    const std::string_view tag = "SPDX-License-Identifier:";
    const auto pos = raw.find(tag);
    if (pos == std::string_view::npos || (pos > 0 && is_word(raw[pos - 1]))) {
      return;
    }
    for (std::size_t i = pos; i < pos + tag.size(); ++i) {
      if (i >= line.size() || line[i] != k_comment) {
        return;
      }
    }
    warn("SPDX_LICENSE_TAG", "Misplaced SPDX-License-Identifier tag - use line " +
                                 std::to_string(m_checklicenseline) + " instead");
  }

  bool embeds_filename(std::string_view raw) const {
    std::size_t pos = 1;
    while ((pos = raw.find(m_realfile, pos)) != std::string_view::npos) {
      const std::size_t end = pos + m_realfile.size();
      const bool left = is_word(raw[pos]) ? (pos == 0 || !is_word(raw[pos - 1]))
                                          : (pos == 0 || is_word(raw[pos - 1]));
      const bool right = is_word(raw[end - 1]) ? (end >= raw.size() || !is_word(raw[end]))
                                               : (end < raw.size() && is_word(raw[end]));
      if (left && right) {
        return true;
      }
      ++pos;
    }
    return false;
  }

  static bool is_string_token(std::string_view s, std::size_t pos, std::size_t& end) {
    std::size_t p = pos;
    if (p < s.size() && (s[p] == 'L' || s[p] == 'u') && p + 1 < s.size() && s[p + 1] == '"' &&
        (p == 0 || !is_word(s[p - 1]))) {
      ++p;
    }
    if (p >= s.size() || s[p] != '"') {
      return false;
    }
    ++p;
    while (p < s.size() && (s[p] == 'X' || s[p] == '\t')) {
      ++p;
    }
    if (p >= s.size() || s[p] != '"') {
      return false;
    }
    end = p + 1;
    return true;
  }

  void check_long_line(const std::string& line, std::string_view raw) {
    const int max = m_options.max_line_length;
    auto prefix_fits = [&](std::size_t cut) {
      return static_cast<int>(expand_tabs(std::string_view(line).substr(1, cut - 1)).size()) <= max;
    };
    const std::string_view body = std::string_view(line).substr(1);
    const std::size_t first = skip_spaces(line, 1);
    // a line (or #define) that is a single string
    {
      std::size_t end = 0;
      if (is_string_token(line, first, end)) {
        const auto rest = trim(std::string_view(line).substr(end));
        if (rest.empty() || rest == "," || (starts_with(rest, ")") && ends_with(rest, ";") &&
                                            trim(rest.substr(1, rest.size() - 2)).empty())) {
          return;
        }
      }
    }
    if (contains(line, "EFI_GUID") || contains(line, "DEFINE_PER_CPU")) {
      return;
    }
    // URLs (rawline, so they count inside comments too)
    {
      std::size_t pos = raw.find("://");
      if (pos != std::string_view::npos && pos > 0 && pos + 3 < raw.size() &&
          !is_space(raw[pos + 3])) {
        std::size_t s = pos;
        while (s > 0 && (is_word(raw[s - 1]) || raw[s - 1] == '.' || raw[s - 1] == '+' ||
                         raw[s - 1] == '-')) {
          --s;
        }
        while (s < pos && !((raw[s] >= 'a' && raw[s] <= 'z') || (raw[s] >= 'A' && raw[s] <= 'Z'))) {
          ++s;
        }
        if (s < pos) {
          return;
        }
      }
    }
    // logging functions ending in a string that starts before the limit
    if (ends_in_string_argument(line)) {
      const auto quote = line.rfind('"', line.rfind('"') - 1);
      if (quote != std::string::npos && is_log_call(body) && prefix_fits(quote)) {
        return;
      }
    }
    std::string type = "LONG_LINE";
    std::size_t comment_start = line.size();
    while (comment_start > 1 && (line[comment_start - 1] == k_comment ||
                                 (is_space(line[comment_start - 1]) && comment_start < line.size()))) {
      --comment_start;
    }
    while (comment_start < line.size() && line[comment_start] != k_comment) {
      ++comment_start;
    }
    if (!line.empty() && line.back() == k_comment && prefix_fits(comment_start)) {
      type = "LONG_LINE_COMMENT";
    } else {
      std::string sline(line);
      std::replace(sline.begin(), sline.end(), k_comment, ' ');
      // a string, optionally followed by \ or , or ); at the end
      std::string_view t = trim(std::string_view(sline));
      std::string_view tail = t;
      if (ends_with(tail, "\\") || ends_with(tail, ",")) {
        tail = trim(tail.substr(0, tail.size() - 1));
      } else if (ends_with(tail, ";")) {
        auto u = trim(tail.substr(0, tail.size() - 1));
        if (ends_with(u, ")")) {
          tail = trim(u.substr(0, u.size() - 1));
        }
      }
      if (ends_with(tail, "\"")) {
        const auto open = tail.rfind('"', tail.size() - 2);
        if (open != std::string_view::npos) {
          const std::size_t cut = static_cast<std::size_t>(tail.data() + open - sline.data());
          std::size_t token_start = cut;
          if (token_start > 0 && (sline[token_start - 1] == 'L' || sline[token_start - 1] == 'u')) {
            --token_start;
          }
          std::size_t ws = cut;
          while (ws > 1 && is_space(sline[ws - 1])) {
            --ws;
          }
          if (prefix_fits(ws)) {
            type = "LONG_LINE_STRING";
          }
        }
      }
    }
    warn(type, "line length of " + std::to_string(m_length) + " exceeds " + std::to_string(max) +
                   " columns");
  }
  static bool ends_in_string_argument(const std::string& line) {
    auto t = trim(std::string_view(line).substr(1));
    if (ends_with(t, ";")) {
      t = trim(t.substr(0, t.size() - 1));
      if (!ends_with(t, ")")) {
        return false;
      }
      t = trim(t.substr(0, t.size() - 1));
    } else if (ends_with(t, ",")) {
      t = trim(t.substr(0, t.size() - 1));
    }
    return ends_with(t, "\"") && std::count(t.begin(), t.end(), '"') >= 2;
  }
  static bool is_log_call(std::string_view body) {
    const auto t = body.substr(skip_spaces(body, 0));
    const std::size_t id = match_ident(t, 0);
    if (id == 0) {
      return false;
    }
    const auto name = t.substr(0, id);
    if (skip_spaces(t, id) >= t.size() || t[skip_spaces(t, id)] != '(') {
      return false;
    }
    static constexpr std::array<std::string_view, 9> k_exact = {
        "printk", "panic", "WARN", "WARN_ONCE", "WARN_RATELIMIT", "seq_printf", "seq_puts",
        "seq_vprintf", "TP_printk"};
    if (std::find(k_exact.begin(), k_exact.end(), name) != k_exact.end() ||
        starts_with(name, "printk_") || starts_with(name, "MODULE_")) {
      return true;
    }
    static constexpr std::array<std::string_view, 17> k_levels = {
        "printk", "emerg", "alert", "crit", "err", "warning", "warn", "notice", "info",
        "debug",  "dbg",   "vdbg",  "devel", "cont", "WARN", "err_ratelimited", "info_once"};
    const auto underscore = name.rfind('_');
    if (underscore == std::string_view::npos) {
      return false;
    }
    auto level = name.substr(underscore + 1);
    auto rest = name.substr(0, underscore);
    if (level == "ratelimited" || level == "once") {
      const auto u2 = rest.rfind('_');
      if (u2 == std::string_view::npos) {
        return false;
      }
      level = rest.substr(u2 + 1);
      rest = rest.substr(0, u2);
    }
    if (std::find(k_levels.begin(), k_levels.end(), level) == k_levels.end()) {
      return false;
    }
    return !rest.empty() && std::count(rest.begin(), rest.end(), '_') <= 1 &&
           std::all_of(rest.begin(), rest.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '_'; });
  }

  void check_indentation(const std::string& /*line*/, std::string_view raw) {
    // leading whitespace run after '+'
    std::size_t end = 1;
    while (end < raw.size() && is_space(raw[end])) {
      ++end;
    }
    const std::string_view lead = raw.substr(1, end - 1);
    const bool text_follows = end < raw.size();
    if ((contains(lead, " \t") && text_follows) || contains(lead, "        ")) {
      error("CODE_INDENT", "code indent should use tabs where possible");
    }
    if (contains(raw, " \t")) {
      warn("SPACE_BEFORE_TAB", "please, no space before tabs");
    }
    if (m_check) {
      const auto t = raw.substr(end);
      if (starts_with(t, "&&") || starts_with(t, "||")) {
        chk("LOGICAL_CONTINUATIONS", "Logical continuations should be on the previous line");
      }
    }
  }

  void check_block_comments(const std::string& line, std::string_view raw) {
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
    const bool prev_opens = starts_with(prevraw, "+") && contains(prevraw, "/*") &&
                            !ends_with_close(prevraw);
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
      const bool inline_comment = upto.find("/*") != std::string_view::npos &&
                                  upto.find("/*") + 2 <= upto.size() - 2;
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

  // ---- C rules (checkpatch's .c/.h section)
  void check_c_line(const std::string& line) {
    std::string sline(line);
    std::replace(sline.begin(), sline.end(), k_comment, ' ');
    const bool added = starts_with(line, "+");

    // statement context for the rules that look at whole statements
    if (m_linenr > m_suppress_statement && m_realcnt != 0 && sline.size() > 1 &&
        !is_blank(std::string_view(sline).substr(1))) {
      Statement st = statement_block(m_linenr, m_realcnt, 0);
      for (std::size_t i = 0; i + 1 < st.stat.size(); ++i) {
        if (st.stat[i] == '\n') {
          st.stat[i + 1] = ' ';
        }
      }
      for (std::size_t i = 0; i + 1 < st.cond.size(); ++i) {
        if (st.cond[i] == '\n') {
          st.cond[i + 1] = ' ';
        }
      }
      std::string frag = st.stat;
      while (!frag.empty() && is_space(frag.back())) {
        frag.pop_back();
      }
      while (!frag.empty() && frag.back() == ';') {
        frag.pop_back();
      }
      if (frag.find_first_of("{;") == std::string::npos) {
        m_suppress_statement = st.line_next;
      }
      learn_types(st.stat);
      m_stat = std::move(st);
    }

    check_open_brace_next_line(line);
    check_suspect_indent(line);
    if (added && m_check) {
      check_cast_spacing(line);
    }

    // track operator context across context and added lines
    std::string opline(line);
    if (!opline.empty()) {
      opline[0] = ' ';
    }
    auto [values, vars] = m_annotator.annotate(opline + "\n", m_prev_values);
    const std::string curr_values = std::string(1, m_prev_values) + values;
    m_prev_values = curr_values.back();

    if (!added) {
      return;
    }
    if (m_prevline.size() > 0 && is_open_brace_line(line)) {
      std::string_view prev = trim(std::string_view(m_prevline).substr(1));
      if (ends_with(prev, "=") && !(prev.size() >= 2 && (prev[prev.size() - 2] == '=' ||
                                                         prev[prev.size() - 2] == '!' ||
                                                         prev[prev.size() - 2] == '<' ||
                                                         prev[prev.size() - 2] == '>'))) {
        // "(?:^|[^=])=\s*$": an initialiser whose brace went to the next line
        error("OPEN_BRACE", "that open brace { should be on the previous line");
      }
    }
    if (contains(line, "//")) {
      error("C99_COMMENTS", "do not use C99 // comments");
    }
    check_unspecified_int(line);
    check_typedef(line);
    if (contains(line, "printk")) {
      check_printk(line);
    }
    check_volatile(line);
    check_function_brace(sline);
    check_struct_brace(line);
    check_function_spacing(line);
    if (!contains(line, "#include") && !(contains(line, "#") && contains(line, "include"))) {
      check_operator_spacing(opline, values, vars);
    }
    check_misc_spacing(line);
    check_return_parentheses();
    check_if_statements(line);
    check_else(line);
    if (line.find("simple_strto") != std::string::npos) {
      const auto pos = line.find("simple_strto");
      if (pos == 0 || !is_word(line[pos - 1])) {
        std::size_t e = pos + 12;
        while (e < line.size() && is_word(line[e])) {
          ++e;
        }
        const std::size_t paren = skip_spaces(line, e);
        if (paren < line.size() && line[paren] == '(') {
          warn("CONSIDER_KSTRTO", line.substr(pos, e - pos) + " is obsolete, use k" +
                                      line.substr(pos + 7, e - pos - 7) + " instead");
        }
      }
    }
    {  // #if 0
      const std::size_t h = skip_spaces(line, 1);
      if (h < line.size() && line[h] == '#') {
        const std::size_t kw = skip_spaces(line, h + 1);
        const auto rest = std::string_view(line).substr(kw);
        if (starts_with(rest, "if") && rest.size() > 2 && is_space(rest[2])) {
          const std::size_t v = skip_spaces(rest, 2);
          if (v < rest.size() && rest[v] == '0' && (v + 1 >= rest.size() || !is_word(rest[v + 1]))) {
            warn("IF_0", "Consider removing the code enclosed by this #if 0 and its #endif");
          }
        }
      }
    }
  }

  // checkpatch's possible(): a name used like a type in a declaration becomes one.
  void learn_possible(const std::string& name) {
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

  void learn_types(const std::string& stat) {
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
          if (j + 1 < ids.size() && is_modifier_word(std::string_view(s).substr(
                                        ids[j + 1].first, ids[j + 1].second))) {
            t = skip_spaces(s, ids[j + 1].first + ids[j + 1].second);
          }
          if (t < s.size() && std::string_view(";=,(").find(s[t]) != std::string_view::npos) {
            learn_possible(s.substr(ids[0].first, ids[j - 1].first + ids[j - 1].second -
                                                      ids[0].first));
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

  void check_cast_spacing(const std::string& line) {
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

  static bool is_open_brace_line(const std::string& line) {
    const std::size_t p = skip_spaces(line, 1);
    return p < line.size() && line[p] == '{';
  }

  // if/while/for/switch/do/else whose '{' went to the next line
  void check_open_brace_next_line(const std::string& line) {
    if (!has_conditional_keyword(line, true) || is_preprocessor(line)) {
      return;
    }
    auto [level, ctx_lines] = statement_level(m_linenr, m_realcnt);
    const int ctx_cnt = m_realcnt - static_cast<int>(ctx_lines.size());
    bool ctx_has_brace = false;
    for (const auto l : ctx_lines) {
      ctx_has_brace = ctx_has_brace || contains(l, "{");
    }
    int ctx_ln = m_linenr;
    int ctx_skip = m_realcnt;
    auto removed = [&](int ln) { return has_line(ln - 1) && starts_with(lines_at(ln - 1), "-"); };
    while (ctx_skip > ctx_cnt || (ctx_skip == ctx_cnt && removed(ctx_ln))) {
      if (!has_line(ctx_ln - 1) || !starts_with(lines_at(ctx_ln - 1), "-")) {
        --ctx_skip;
      }
      ++ctx_ln;
    }
    if (!ctx_has_brace && has_line(ctx_ln - 1)) {
      const std::string& next = lines_at(ctx_ln - 1);
      if (starts_with(next, "+") && is_open_brace_line(next)) {
        error("OPEN_BRACE", "that open brace { should be on the previous line");
      }
    }
  }

  static bool is_preprocessor(std::string_view line) {
    const std::size_t p = skip_spaces(line, line.empty() ? 0 : 1);
    return p < line.size() && line[p] == '#';
  }

  // \b(?:if|while|for|switch|[a-z_]*for_each[a-z_]+)\s*\( or \bdo\b or \belse\b
  static bool has_conditional_keyword(std::string_view line, bool with_switch) {
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (!is_word(line[i]) || (i > 0 && is_word(line[i - 1]))) {
        continue;
      }
      std::size_t e = i;
      while (e < line.size() && is_word(line[e])) {
        ++e;
      }
      const auto w = line.substr(i, e - i);
      if (w == "do" || w == "else") {
        return true;
      }
      const bool loop = w == "if" || w == "while" || w == "for" || (with_switch && w == "switch");
      bool for_each = false;
      if (!loop) {
        const auto fe = w.find("for_each");
        for_each = fe != std::string_view::npos && fe + 8 < w.size() &&
                   std::all_of(w.begin(), w.end(),
                               [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
      }
      if (loop || for_each) {
        const std::size_t p = skip_spaces(line, e);
        if (p < line.size() && line[p] == '(') {
          return true;
        }
      }
      i = e;
    }
    return false;
  }

  void check_suspect_indent(const std::string& line) {
    if (!has_conditional_keyword(line, false) || is_preprocessor(line)) {
      return;
    }
    {  // not "} while"
      const auto brace = line.find('}');
      if (brace != std::string::npos) {
        const std::size_t w = skip_spaces(line, brace + 1);
        if (starts_with(std::string_view(line).substr(w), "while")) {
          return;
        }
      }
    }
    Statement st = m_stat ? *m_stat : statement_block(m_linenr, m_realcnt, 0);
    if (!m_stat) {
      m_stat = st;
    }
    std::string s = st.stat.substr(std::min(st.stat.size(), st.cond.size()));
    std::string c = st.cond;
    std::replace(s.begin(), s.end(), k_comment, ' ');
    std::replace(c.begin(), c.end(), k_comment, ' ');
    int cond_lines = static_cast<int>(std::count(c.begin(), c.end(), '\n'));
    {  // s/\n./\n/g
      std::string out;
      for (std::size_t i = 0; i < s.size(); ++i) {
        out += s[i];
        if (s[i] == '\n' && i + 1 < s.size()) {
          ++i;
        }
      }
      s = out;
    }
    for (;;) {  // \n\s+\\\n continuation lines
      bool changed = false;
      std::size_t pos = 0;
      while ((pos = s.find('\n', pos)) != std::string::npos) {
        std::size_t q = pos + 1;
        while (q < s.size() && is_space(s[q]) && s[q] != '\n') {
          ++q;
        }
        if (q > pos + 1 && q + 1 < s.size() && s[q] == '\\' && s[q + 1] == '\n') {
          s.erase(pos + 1, q + 1 - pos);
          ++cond_lines;
          changed = true;
        } else {
          ++pos;
        }
      }
      if (!changed) {
        break;
      }
    }
    bool continuation = false;
    bool check = false;
    {  // s/^.*\bdo\b//
      const auto nl = s.find('\n');
      const std::string_view first = std::string_view(s).substr(0, nl);
      std::size_t cut = std::string::npos;
      for (std::size_t i = 0; i + 1 < first.size() + 1 && i < first.size(); ++i) {
        if (first.substr(i, 2) == "do" && (i == 0 || !is_word(first[i - 1])) &&
            (i + 2 >= first.size() || !is_word(first[i + 2]))) {
          cut = i + 2;
        }
      }
      if (cut != std::string::npos) {
        s.erase(0, cut);
      }
    }
    {  // s/^\s*{//
      const std::size_t p = skip_spaces(s, 0);
      if (p < s.size() && s[p] == '{') {
        s.erase(0, p + 1);
      }
    }
    {  // s/^\s*\\//
      const std::size_t p = skip_spaces(s, 0);
      if (p < s.size() && s[p] == '\\') {
        s.erase(0, p + 1);
        continuation = true;
      }
    }
    auto leading_ws_has_newline = [](const std::string& t) {
      for (const char ch : t) {
        if (ch == '\n') {
          return true;
        }
        if (!is_space(ch)) {
          return false;
        }
      }
      return false;
    };
    auto drop_first_line = [](std::string& t) {
      const auto nl = t.find('\n');
      if (nl == std::string::npos) {
        return false;
      }
      t.erase(0, nl + 1);
      return true;
    };
    if (leading_ws_has_newline(s)) {
      drop_first_line(s);
      check = true;
      ++cond_lines;
    }
    const std::string_view prev = m_prevline;
    if ((is_define_line(prev) || ends_with(trim(prev), "\\")) && !continuation) {
      check = false;
    }
    int cond_ptr = -1;
    continuation = false;
    while (cond_ptr != cond_lines) {
      cond_ptr = cond_lines;
      const std::size_t p = skip_spaces(s, 0);
      if (p < s.size() && s[p] == '#') {
        const auto kw = std::string_view(s).substr(skip_spaces(s, p + 1));
        if (starts_with(kw, "else") || starts_with(kw, "elif")) {
          check = false;
        }
      }
      const bool label = [&] {
        const std::size_t id = match_ident(s, p);
        if (id == 0) {
          return false;
        }
        const std::size_t q = skip_spaces(s, p + id);
        return q < s.size() && s[q] == ':';
      }();
      if (continuation || leading_ws_has_newline(s) || (p < s.size() && s[p] == '#') || label) {
        const auto nl = s.find('\n');
        continuation = nl != std::string::npos && nl > 0 && s[nl - 1] == '\\';
        if (drop_first_line(s)) {
          ++cond_lines;
        }
      }
    }
    const std::string plus_s = "+" + s;
    const int sindent = line_stats(plus_s).second;
    const auto stat_real = raw_line(m_linenr, cond_lines);
    if (!stat_real || (!starts_with(st.stat, "+") && !starts_with(*stat_real, "+"))) {
      check = false;
    }
    if (check && !s.empty()) {
      const std::size_t p = skip_spaces(s, 0);
      const bool closes = p < s.size() && (s[p] == '}' || s[p] == '{' ||
                                           (starts_with(std::string_view(s).substr(p), "else") &&
                                            (p + 4 >= s.size() || !is_word(s[p + 4]))));
      if (sindent % 8 != 0 || sindent < m_indent || (sindent == m_indent && !closes) ||
          sindent > m_indent + 8) {
        warn("SUSPECT_CODE_INDENT", "suspect code indent for conditional statements (" +
                                        std::to_string(m_indent) + ", " + std::to_string(sindent) +
                                        ")");
      }
    }
  }

  static bool is_define_line(std::string_view l) {
    const std::size_t h = skip_spaces(l, l.empty() ? 0 : 1);
    if (h >= l.size() || l[h] != '#') {
      return false;
    }
    const auto kw = l.substr(skip_spaces(l, h + 1));
    return starts_with(kw, "define") && kw.size() > 6 && is_space(kw[6]);
  }

  void check_unspecified_int(const std::string& line) {
    for (const std::string_view word : {"unsigned", "signed"}) {
      std::size_t pos = 0;
      while ((pos = line.find(word, pos)) != std::string::npos) {
        const std::size_t end = pos + word.size();
        const bool whole = (pos == 0 || !is_word(line[pos - 1])) &&
                           (end >= line.size() || !is_word(line[end]));
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

  void check_typedef(const std::string& line) {
    const auto pos = line.find("typedef");
    if (pos == std::string::npos || (pos > 0 && is_word(line[pos - 1])) ||
        pos + 7 >= line.size() || !is_space(line[pos + 7])) {
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
  static bool is_standard_typedef(std::string_view w) {
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

  void check_printk(const std::string& line) {
    std::size_t pos = 0;
    while ((pos = line.find("printk", pos)) != std::string::npos) {
      const std::size_t end = pos + 6;
      if ((pos == 0 || !is_word(line[pos - 1])) && (end >= line.size() || !is_word(line[end]))) {
        std::size_t p = skip_spaces(line, end);
        if (p < line.size() && line[p] == '(') {
          p = skip_spaces(line, p + 1);
          const bool leveled = starts_with(std::string_view(line).substr(p), "KERN_") &&
                               [&] {
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

  void check_volatile(const std::string& line) {
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

  // int foo(void) {  -- the function's brace goes on the next line
  void check_function_brace(const std::string& sline) {
    if (contains(sline, "}") || !contains(sline, "{")) {
      return;
    }
    if (is_define_line(sline)) {
      const auto d = sline.find("do");
      if (d != std::string::npos && sline.find('{', d) != std::string::npos) {
        return;
      }
    }
    for (std::size_t i = 1; i < sline.size(); ++i) {
      if (!is_ident_start(sline[i]) || is_word(sline[i - 1])) {
        continue;
      }
      const std::size_t t = match_type(sline, i);
      if (t == 0) {
        continue;
      }
      std::size_t p = skip_spaces(sline, i + t);
      const std::size_t id = match_ident(sline, p);
      if (id == 0) {
        continue;
      }
      p = skip_spaces(sline, p + id);
      const std::size_t parens = match_balanced_parens(sline, p);
      if (parens == 0) {
        continue;
      }
      p = skip_spaces(sline, p + parens);
      if (p < sline.size() && sline[p] == '{') {
        error("OPEN_BRACE", "open brace '{' following function definitions go on the next line");
        return;
      }
    }
  }

  void check_struct_brace(const std::string& line) {
    if (is_open_brace_line(line) && !m_prevline.empty()) {
      std::string_view prev = std::string_view(m_prevline).substr(1);
      prev = trim(prev);
      if (starts_with(prev, "typedef ")) {
        prev = trim(prev.substr(8));
      }
      for (const std::string_view kind : {"struct", "union", "enum"}) {
        if (starts_with(prev, kind) && (prev.size() == kind.size() || is_space(prev[kind.size()]))) {
          const auto rest = trim(prev.substr(kind.size()));
          if (rest.empty() || match_ident(rest, 0) == rest.size()) {
            error("OPEN_BRACE", "open brace '{' following " + std::string(kind) +
                                    " go on the same line");
          }
        }
      }
    }
  }

  void check_function_spacing(const std::string& line) {
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
          "if",     "for",    "while",         "switch", "return",        "case", "volatile",
          "__volatile__", "__attribute__", "format", "__extension__", "asm", "__asm__",
          "scoped_guard"};
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

  void check_operator_spacing(const std::string& opline, const std::string& values,
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
        if (!after_el.empty() && (after_el.front() == ')' || after_el.front() == ']' ||
                                  after_el.front() == ';')) {
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
  static bool looks_like_email_after(std::string_view cc) {  // ^\S+\@\S+>
    const auto at = cc.find('@');
    const auto gt = cc.find('>');
    if (at == std::string_view::npos || gt == std::string_view::npos || at == 0 || gt < at + 2) {
      return false;
    }
    const auto part = cc.substr(0, gt);
    return std::none_of(part.begin(), part.end(), [](char ch) { return is_space(ch); });
  }
  static bool looks_like_email_before(std::string_view ca) {  // <\S+\@\S+$
    const auto lt = ca.rfind('<');
    if (lt == std::string_view::npos) {
      return false;
    }
    const auto part = ca.substr(lt + 1);
    const auto at = part.find('@');
    return at != std::string_view::npos && at > 0 && at + 1 < part.size() &&
           std::none_of(part.begin(), part.end(), [](char ch) { return is_space(ch); });
  }

  void check_misc_spacing(const std::string& line) {
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

  void check_return_parentheses() {
    if (!m_stat) {
      return;
    }
    const std::string& stat = m_stat->stat;
    std::size_t p = skip_spaces(stat, 1);
    if (!starts_with(std::string_view(stat).substr(p), "return")) {
      return;
    }
    p += 6;
    const std::size_t open = skip_spaces(stat, p);
    if (open >= stat.size() || stat[open] != '(') {
      return;
    }
    const std::size_t parens = match_balanced_parens(stat, open);
    const bool whole = parens > 0 && [&] {
      const std::size_t q = skip_spaces(stat, open + parens);
      return q < stat.size() && stat[q] == ';' && is_blank(std::string_view(stat).substr(q + 1));
    }();
    if (whole) {
      std::string value = stat.substr(open, parens);
      for (;;) {  // deparenthesize
        const auto t = trim(value);
        if (t.size() >= 2 && t.front() == '(' && t.back() == ')') {
          value = std::string(trim(t.substr(1, t.size() - 2)));
        } else {
          break;
        }
      }
      const std::size_t arg = match_func_arg(value, 0);
      if (arg > 0) {
        const std::size_t q = skip_spaces(value, arg);
        if (q >= value.size() || value[q] == '?') {
          error("RETURN_PARENTHESES", "return is not a function, parentheses are not required");
        }
      }
    } else if (open == p) {
      error("SPACING", "space required before the open parenthesis '('");
    }
  }

  void check_if_statements(const std::string& line) {
    if (!m_stat || is_preprocessor(line)) {
      return;
    }
    bool conditional = false;
    for (const std::string_view kw : {"if", "while", "for"}) {
      std::size_t pos = 0;
      while ((pos = line.find(kw, pos)) != std::string::npos) {
        const std::size_t end = pos + kw.size();
        const std::size_t p = skip_spaces(line, end);
        if ((pos == 0 || !is_word(line[pos - 1])) && p < line.size() && line[p] == '(' &&
            (end >= line.size() || !is_word(line[end]))) {
          conditional = true;
        }
        pos = end;
      }
    }
    if (!conditional) {
      return;
    }
    const std::string& c = m_stat->cond;
    {  // assignment in an if condition
      const auto ifpos = c.find("if");
      if (ifpos != std::string::npos) {
        for (std::size_t i = ifpos + 2; i + 1 < c.size(); ++i) {
          if (c[i] == '=' && c[i + 1] != '=' && i > 0 &&
              std::string_view("<>!=").find(c[i - 1]) == std::string_view::npos) {
            const std::size_t open = c.find('(', ifpos);
            if (open != std::string::npos && open < i &&
                is_blank(std::string_view(c).substr(ifpos + 2, open - ifpos - 2)) &&
                (ifpos == 0 || !is_word(c[ifpos - 1]))) {
              error("ASSIGN_IN_IF", "do not use assignment in if condition");
            }
            break;
          }
        }
      }
    }
    std::string s = m_stat->stat.substr(std::min(m_stat->stat.size(), c.size()));
    const auto nl = s.find('\n');
    if (nl != std::string::npos) {
      s.erase(nl);
    }
    s.erase(std::remove(s.begin(), s.end(), k_comment), s.end());
    std::string_view t = trim(s);
    if (starts_with(t, "{")) {
      t = trim(t.substr(1));
    }
    while (!t.empty() && t.back() == '\\') {
      t.remove_suffix(1);
    }
    const bool closing_while = [&] {
      const auto brace = c.find('}');
      return brace != std::string::npos &&
             starts_with(std::string_view(c).substr(skip_spaces(c, brace + 1)), "while");
    }();
    if (!c.empty() && !trim(t).empty() && !closing_while) {
      error("TRAILING_STATEMENTS", "trailing statements should be on next line");
    }
  }

  void check_else(const std::string& line) {
    const std::size_t first = skip_spaces(line, 1);
    std::size_t p = first;
    if (p < line.size() && line[p] == '}') {
      p = skip_spaces(line, p + 1);
    }
    const auto rest = std::string_view(line).substr(p);
    if (starts_with(rest, "else") && (rest.size() == 4 || !is_word(rest[4]))) {
      std::string s(rest.substr(4));
      s.erase(std::remove(s.begin(), s.end(), k_comment), s.end());
      const bool else_if = s.size() > 1 && is_space(s[0]) &&
                           starts_with(std::string_view(s).substr(skip_spaces(s, 0)), "if") &&
                           skip_spaces(s, 0) >= 1;
      std::string_view t = trim(s);
      if (starts_with(t, "{")) {
        t = trim(t.substr(1));
      }
      if (starts_with(t, "\\")) {
        t = trim(t.substr(1));
      }
      if (!else_if && !t.empty()) {
        error("TRAILING_STATEMENTS", "trailing statements should be on next line");
      }
    }
    {  // "} if"
      std::size_t pos = 0;
      while ((pos = line.find('}', pos)) != std::string::npos) {
        const std::size_t q = skip_spaces(line, pos + 1);
        if (starts_with(std::string_view(line).substr(q), "if") &&
            (q + 2 >= line.size() || !is_word(line[q + 2]))) {
          error("TRAILING_STATEMENTS",
                "trailing statements should be on next line (or did you mean 'else if'?)");
          break;
        }
        ++pos;
      }
    }
    {  // case/default with statements after the colon
      const auto r = std::string_view(line).substr(first);
      std::size_t colon = std::string_view::npos;
      if (starts_with(r, "case") && (r.size() == 4 || !is_word(r[4]))) {
        colon = r.rfind(':');
      } else if (starts_with(r, "default")) {
        const std::size_t q = skip_spaces(r, 7);
        if (q < r.size() && r[q] == ':') {
          colon = q;
        }
      }
      if (colon != std::string_view::npos && colon > 3) {
        std::string after(r.substr(colon + 1));
        after.erase(std::remove(after.begin(), after.end(), k_comment), after.end());
        std::string_view t = trim(after);
        if (starts_with(t, "{")) {
          t = trim(t.substr(1));
        }
        if (t == "\\") {
          t = {};
        }
        const auto after_ws = std::string_view(after).substr(skip_spaces(after, 0));
        const bool returns = starts_with(after_ws, "return") && after_ws.size() > 6 &&
                             is_space(after_ws[6]);
        if (!t.empty() && !returns) {
          error("TRAILING_STATEMENTS", "trailing statements should be on next line");
        }
      }
    }
    {  // "}\n else"
      const std::string_view prev = trim(m_prevline);
      if (ends_with(prev, "}") && starts_with(std::string_view(line).substr(first), "else") &&
          m_previndent == m_indent) {
        error("ELSE_AFTER_BRACE", "else should follow close brace '}'");
      }
    }
  }

  void finish() {
    if (m_is_patch && m_has_commit_log) {
      if (m_signoff == 0) {
        report(Severity::error, "MISSING_SIGN_OFF", "Missing Signed-off-by: line(s)", false);
      } else if (m_author_signoff != 1 && !m_author.empty()) {
        const std::string sob =
            "'From: " + m_author + "' != 'Signed-off-by: " + m_author_sob + "'";
        if (m_author_signoff == 0) {
          report(Severity::error, "NO_AUTHOR_SIGN_OFF",
                 "Missing Signed-off-by: line by nominal patch author '" + m_author + "'", false);
        } else if (m_author_signoff == 3) {
          report(Severity::warning, "FROM_SIGN_OFF_MISMATCH",
                 "From:/Signed-off-by: email name mismatch: " + sob, false);
        } else if (m_author_signoff == 4) {
          report(Severity::warning, "FROM_SIGN_OFF_MISMATCH",
                 "From:/Signed-off-by: email address mismatch: " + sob, false);
        } else if (m_author_signoff == 5) {
          report(Severity::warning, "FROM_SIGN_OFF_MISMATCH",
                 "From:/Signed-off-by: email subaddress mismatch: " + sob, false);
        }
      }
    }
  }

  const CheckpatchOptions& m_options;
  std::vector<std::string_view> m_raw;
  std::vector<std::string> m_lines;
  std::vector<StyleFinding> m_findings;

  int m_linenr = 0;
  std::string m_realfile;
  int m_realline = 0;
  int m_realcnt = 0;
  int m_length = 0;
  int m_indent = 0;
  int m_previndent = 0;
  int m_stashindent = 0;
  std::string m_prevline, m_stashline, m_prevrawline, m_stashrawline;
  bool m_check = false;
  bool m_in_header_lines = true;
  bool m_in_commit_log = false;
  bool m_has_commit_log = false;
  bool m_has_patch_separator = false;
  bool m_is_patch = false;
  bool m_reported_maintainer_file = false;
  bool m_commit_log_long_line = false;
  bool m_possible_stack_dump = false;
  int m_commit_log_lines = 0;
  int m_signoff = 0;
  std::string m_author;
  std::string m_author_sob;
  int m_author_signoff = 0;
  std::set<std::string> m_signatures;
  int m_checklicenseline = 1;
  int m_lines_checked = 0;
  int m_suppress_statement = 0;
  char m_prev_values = 'E';
  Annotator m_annotator;
  std::optional<Statement> m_stat;
  LearnedTypes m_learned;
};

}  // namespace

std::vector<StyleFinding> run_checkpatch(std::string_view patch_text,
                                         const CheckpatchOptions& options) {
  Engine engine(patch_text, options);
  return engine.run();
}

const std::vector<std::string>& checkpatch_types() {
  static const std::vector<std::string> k_types = {
      "ASSIGN_IN_IF",        "BAD_FIXES_TAG",         "BAD_REPORTED_BY_LINK",
      "BAD_SIGN_OFF",        "BLOCK_COMMENT_STYLE",   "C99_COMMENTS",
      "CODE_INDENT",         "COMMIT_COMMENT_SYMBOL", "COMMIT_LOG_LONG_LINE",
      "COMMIT_MESSAGE",      "CONSIDER_KSTRTO",       "DOS_LINE_ENDINGS",
      "ELSE_AFTER_BRACE",    "EMAIL_SUBJECT",         "EMBEDDED_FILENAME",
      "FILE_PATH_CHANGES",   "FROM_SIGN_OFF_MISMATCH", "FSF_MAILING_ADDRESS",
      "GERRIT_CHANGE_ID",    "IF_0",                  "LEADING_SPACE",
      "LOGICAL_CONTINUATIONS", "LONG_LINE",           "LONG_LINE_COMMENT",
      "LONG_LINE_STRING",    "MISSING_EOF_NEWLINE",   "MISSING_SIGN_OFF",
      "NEW_TYPEDEFS",        "NO_AUTHOR_SIGN_OFF",    "OPEN_BRACE",
      "PRINTK_WITHOUT_KERN_LEVEL", "RETURN_PARENTHESES", "SPACE_BEFORE_TAB",
      "SPACING",             "SPDX_LICENSE_TAG",      "SUSPECT_CODE_INDENT",
      "TRAILING_STATEMENTS", "TRAILING_WHITESPACE",   "TYPO_SPELLING",
      "UNKNOWN_COMMIT_ID",   "UNSPECIFIED_INT",       "VOLATILE"};
  return k_types;
}

std::vector<StyleFinding> parse_checkpatch_output(std::string_view output) {
  std::vector<StyleFinding> findings;
  std::size_t start = 0;
  std::vector<std::string_view> lines;
  while (start < output.size()) {
    const auto nl = output.find('\n', start);
    const auto end = nl == std::string_view::npos ? output.size() : nl;
    lines.push_back(output.substr(start, end - start));
    start = end + 1;
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view l = lines[i];
    Severity level;
    std::string_view rest;
    if (starts_with(l, "ERROR:")) {
      level = Severity::error;
      rest = l.substr(6);
    } else if (starts_with(l, "WARNING:")) {
      level = Severity::warning;
      rest = l.substr(8);
    } else if (starts_with(l, "CHECK:")) {
      level = Severity::check;
      rest = l.substr(6);
    } else {
      continue;
    }
    const auto colon = rest.find(':');
    if (colon == std::string_view::npos) {
      continue;
    }
    StyleFinding f;
    f.level = level;
    f.type = std::string(rest.substr(0, colon));
    f.message = std::string(trim(rest.substr(colon + 1)));
    // "#12: FILE: path:34:" on the next line
    if (i + 1 < lines.size() && starts_with(lines[i + 1], "#")) {
      const std::string_view where = lines[i + 1];
      const auto colon1 = where.find(':');
      f.patch_line = std::atoi(std::string(where.substr(1, colon1 - 1)).c_str());
      const auto file_pos = where.find("FILE: ");
      if (file_pos != std::string_view::npos) {
        auto spec = where.substr(file_pos + 6);
        if (ends_with(spec, ":")) {
          spec.remove_suffix(1);
        }
        const auto last = spec.rfind(':');
        if (last != std::string_view::npos) {
          f.file = std::string(spec.substr(0, last));
          f.line = std::atoi(std::string(spec.substr(last + 1)).c_str());
        }
      }
    }
    findings.push_back(std::move(f));
  }
  return findings;
}

}  // namespace patchflow::check
