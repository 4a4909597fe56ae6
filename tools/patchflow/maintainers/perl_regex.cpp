#include "patchflow/maintainers/perl_regex.hpp"

#include <cctype>
#include <mutex>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "patchflow/core/error.hpp"

namespace patchflow::maintainers {

namespace {

using Node = PerlRegex::Node;
using Sequence = PerlRegex::Sequence;

// A non-owning callable reference: continuations are called millions of times on big patches,
// so no std::function allocation per step.
class Continuation {
 public:
  template <typename F>
  Continuation(const F& f)  // NOLINT: implicit on purpose, lambdas convert at call sites
      : m_object(&f),
        m_call([](const void* o, std::size_t p) { return (*static_cast<const F*>(o))(p); }) {}
  bool operator()(std::size_t position) const { return m_call(m_object, position); }

 private:
  const void* m_object;
  bool (*m_call)(const void*, std::size_t);
};

bool is_word(unsigned char c) { return std::isalnum(c) || c == '_'; }

std::bitset<256> class_of(char escape) {
  std::bitset<256> set;
  for (int c = 0; c < 256; ++c) {
    const auto u = static_cast<unsigned char>(c);
    bool in = false;
    switch (std::tolower(static_cast<unsigned char>(escape))) {
      case 'd':
        in = u >= '0' && u <= '9';
        break;
      case 'w':
        in = is_word(u);
        break;
      case 's':
        in = u == ' ' || u == '\t' || u == '\n' || u == '\r' || u == '\f' || u == '\v';
        break;
      default:
        break;
    }
    set[c] = in;
  }
  if (std::isupper(static_cast<unsigned char>(escape))) {
    set.flip();
  }
  return set;
}

class Parser {
 public:
  Parser(std::string_view pattern, bool extended) : m_text(pattern), m_extended(extended) {}

  std::vector<Sequence> parse() {
    auto alternatives = parse_alternatives();
    if (m_pos < m_text.size()) {
      fail("unmatched ')'");
    }
    return alternatives;
  }

 private:
  [[noreturn]] void fail(const std::string& reason) const {
    throw_usage("unsupported regex '" + std::string(m_text) + "': " + reason);
  }

  void skip_extended_space() {
    while (m_extended && m_pos < m_text.size()) {
      const char c = m_text[m_pos];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        ++m_pos;
      } else if (c == '#') {
        while (m_pos < m_text.size() && m_text[m_pos] != '\n') {
          ++m_pos;
        }
      } else {
        break;
      }
    }
  }

  std::vector<Sequence> parse_alternatives() {
    std::vector<Sequence> alternatives;
    alternatives.push_back(parse_sequence());
    while (m_pos < m_text.size() && m_text[m_pos] == '|') {
      ++m_pos;
      alternatives.push_back(parse_sequence());
    }
    return alternatives;
  }

  Sequence parse_sequence() {
    Sequence sequence;
    for (;;) {
      skip_extended_space();
      if (m_pos >= m_text.size() || m_text[m_pos] == '|' || m_text[m_pos] == ')') {
        return sequence;
      }
      Node node = parse_atom();
      skip_extended_space();
      parse_quantifier(node);
      sequence.push_back(std::move(node));
    }
  }

  void parse_quantifier(Node& node) {
    if (m_pos >= m_text.size()) {
      return;
    }
    const char c = m_text[m_pos];
    int min = 1, max = 1;
    if (c == '*') {
      min = 0, max = -1, ++m_pos;
    } else if (c == '+') {
      min = 1, max = -1, ++m_pos;
    } else if (c == '?') {
      min = 0, max = 1, ++m_pos;
    } else if (c == '{') {
      std::size_t p = m_pos + 1;
      auto number = [&](int& out) {
        const std::size_t start = p;
        out = 0;
        while (p < m_text.size() && std::isdigit(static_cast<unsigned char>(m_text[p]))) {
          out = out * 10 + (m_text[p++] - '0');
        }
        return p > start;
      };
      if (!number(min)) {
        return;  // Perl takes a '{' that starts no quantifier literally
      }
      max = min;
      if (p < m_text.size() && m_text[p] == ',') {
        ++p;
        if (!number(max)) {
          max = -1;
        }
      }
      if (p >= m_text.size() || m_text[p] != '}') {
        return;
      }
      m_pos = p + 1;
    } else {
      return;
    }
    if (node.kind == Node::Kind::line_start || node.kind == Node::Kind::line_end ||
        node.kind == Node::Kind::look_ahead || node.kind == Node::Kind::look_behind) {
      fail("quantified assertion");
    }
    node.min = min;
    node.max = max;
    if (m_pos < m_text.size() && m_text[m_pos] == '?') {
      node.greedy = false;
      ++m_pos;
    } else if (m_pos < m_text.size() && m_text[m_pos] == '+') {
      ++m_pos;  // possessive: close enough to greedy for path and keyword patterns
    }
  }

  Node parse_atom() {
    Node node;
    const char c = m_text[m_pos++];
    switch (c) {
      case '.':
        node.kind = Node::Kind::any;
        return node;
      case '^':
        node.kind = Node::Kind::line_start;
        return node;
      case '$':
        node.kind = Node::Kind::line_end;
        return node;
      case '[':
        return parse_class();
      case '(':
        return parse_group();
      case '\\':
        return parse_escape();
      case '*':
      case '+':
      case '?':
        fail("quantifier follows nothing");
      default:
        node.ch = static_cast<unsigned char>(c);
        return node;
    }
  }

  Node parse_group() {
    Node node;
    node.kind = Node::Kind::group;
    if (m_text.substr(m_pos, 2) == "?:") {
      m_pos += 2;
    } else if (m_text.substr(m_pos, 2) == "?=" || m_text.substr(m_pos, 2) == "?!") {
      node.kind = Node::Kind::look_ahead;
      node.negated = m_text[m_pos + 1] == '!';
      m_pos += 2;
    } else if (m_text.substr(m_pos, 3) == "?<=" || m_text.substr(m_pos, 3) == "?<!") {
      node.kind = Node::Kind::look_behind;
      node.negated = m_text[m_pos + 2] == '!';
      m_pos += 3;
    } else if (m_pos < m_text.size() && m_text[m_pos] == '?') {
      fail("unknown group '(?" + std::string(m_text.substr(m_pos + 1, 1)) + "'");
    }
    node.alternatives = parse_alternatives();
    if (m_pos >= m_text.size() || m_text[m_pos] != ')') {
      fail("missing ')'");
    }
    ++m_pos;
    if (node.kind == Node::Kind::look_behind) {
      for (const Sequence& alternative : node.alternatives) {
        const int length = fixed_length(alternative);
        if (length < 0) {
          fail("variable-length lookbehind");
        }
        node.alternative_lengths.push_back(length);
      }
    }
    return node;
  }

  static int fixed_length(const Sequence& sequence) {
    int total = 0;
    for (const Node& node : sequence) {
      if (node.min != node.max) {
        return -1;
      }
      int one = 0;
      switch (node.kind) {
        case Node::Kind::literal:
        case Node::Kind::any:
        case Node::Kind::set:
          one = 1;
          break;
        case Node::Kind::group: {
          one = fixed_length(node.alternatives.front());
          for (const Sequence& alternative : node.alternatives) {
            if (fixed_length(alternative) != one) {
              return -1;
            }
          }
          break;
        }
        default:
          one = 0;
      }
      if (one < 0) {
        return -1;
      }
      total += one * node.min;
    }
    return total;
  }

  Node parse_escape() {
    Node node;
    if (m_pos >= m_text.size()) {
      fail("trailing '\\'");
    }
    const char c = m_text[m_pos++];
    switch (c) {
      case 'd':
      case 'D':
      case 'w':
      case 'W':
      case 's':
      case 'S':
        node.kind = Node::Kind::set;
        node.chars = class_of(c);
        return node;
      case 'b':
        node.kind = Node::Kind::word_boundary;
        return node;
      case 'B':
        node.kind = Node::Kind::not_word_boundary;
        return node;
      default:
        node.ch = static_cast<unsigned char>(escaped_char(c));
        return node;
    }
  }

  static char escaped_char(char c) {
    switch (c) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'f':
        return '\f';
      case 'e':
        return '\x1b';
      case '0':
        return '\0';
      default:
        return c;
    }
  }

  Node parse_class() {
    Node node;
    node.kind = Node::Kind::set;
    bool negate = false;
    if (m_pos < m_text.size() && m_text[m_pos] == '^') {
      negate = true;
      ++m_pos;
    }
    bool first = true;
    while (m_pos < m_text.size() && (m_text[m_pos] != ']' || first)) {
      first = false;
      int low = static_cast<unsigned char>(m_text[m_pos++]);
      if (low == '\\' && m_pos < m_text.size()) {
        const char e = m_text[m_pos++];
        if (e == 'd' || e == 'D' || e == 'w' || e == 'W' || e == 's' || e == 'S') {
          node.chars |= class_of(e);
          continue;
        }
        low = static_cast<unsigned char>(escaped_char(e));
      }
      int high = low;
      if (m_pos + 1 < m_text.size() && m_text[m_pos] == '-' && m_text[m_pos + 1] != ']') {
        ++m_pos;
        high = static_cast<unsigned char>(m_text[m_pos++]);
        if (high == '\\' && m_pos < m_text.size()) {
          high = static_cast<unsigned char>(escaped_char(m_text[m_pos++]));
        }
      }
      for (int ch = low; ch <= high; ++ch) {
        node.chars[ch] = true;
      }
    }
    if (m_pos >= m_text.size()) {
      fail("missing ']'");
    }
    ++m_pos;
    if (negate) {
      node.chars.flip();
    }
    return node;
  }

  std::string_view m_text;
  bool m_extended;
  std::size_t m_pos = 0;
};

// Backtracking is exponential on patterns like "(a*)*b" (Perl's own engine is too); a
// MAINTAINERS file must not be able to hang routing, so each attempt gets a step budget.
constexpr std::size_t k_step_budget = 100'000;
struct StepBudgetExceeded {};

class Matcher {
 public:
  explicit Matcher(std::string_view text) : m_text(text) {}

  void reset_budget() const { m_steps = 0; }

  bool alternatives(const std::vector<Sequence>& alternatives, std::size_t position,
                    Continuation next) const {
    for (const Sequence& sequence : alternatives) {
      if (this->sequence(sequence, 0, position, next)) {
        return true;
      }
    }
    return false;
  }

  bool sequence(const Sequence& nodes, std::size_t index, std::size_t position,
                Continuation next) const {
    if (++m_steps > k_step_budget) {
      throw StepBudgetExceeded{};
    }
    if (index == nodes.size()) {
      return next(position);
    }
    const Node& node = nodes[index];
    auto rest = [&](std::size_t p) { return sequence(nodes, index + 1, p, next); };
    if (node.min == 1 && node.max == 1) {
      return once(node, position, rest);
    }
    if (is_single_char(node)) {
      return repeat_chars(node, position, rest);
    }
    return repeat(node, 0, position, rest);
  }

 private:
  static bool is_single_char(const Node& node) {
    return node.kind == Node::Kind::literal || node.kind == Node::Kind::any ||
           node.kind == Node::Kind::set;
  }

  bool char_matches(const Node& node, std::size_t position) const {
    if (position >= m_text.size()) {
      return false;
    }
    const auto c = static_cast<unsigned char>(m_text[position]);
    switch (node.kind) {
      case Node::Kind::literal:
        return c == node.ch;
      case Node::Kind::any:
        return c != '\n';
      default:
        return node.chars[c];
    }
  }

  // Single-character repetition without recursion per character: count the run once, then
  // hand the continuation each length, longest first (greedy) or shortest first (lazy).
  bool repeat_chars(const Node& node, std::size_t position, Continuation next) const {
    std::size_t run = 0;
    const std::size_t limit = node.max < 0 ? m_text.size() : static_cast<std::size_t>(node.max);
    while (run < limit && char_matches(node, position + run)) {
      ++run;
    }
    const auto min = static_cast<std::size_t>(node.min);
    if (run < min) {
      return false;
    }
    if (node.greedy) {
      for (std::size_t n = run + 1; n-- > min;) {
        if (next(position + n)) {
          return true;
        }
      }
      return false;
    }
    for (std::size_t n = min; n <= run; ++n) {
      if (next(position + n)) {
        return true;
      }
    }
    return false;
  }

  bool repeat(const Node& node, int count, std::size_t position, Continuation next) const {
    const bool may_stop = count >= node.min;
    const bool may_go_on = node.max < 0 || count < node.max;
    auto again = [&](std::size_t p) {
      // An empty iteration cannot make progress; Perl stops the loop there too.
      return p != position && repeat(node, count + 1, p, next);
    };
    if (!node.greedy && may_stop && next(position)) {
      return true;
    }
    if (may_go_on && once(node, position, again)) {
      return true;
    }
    return node.greedy && may_stop && next(position);
  }

  bool once(const Node& node, std::size_t position, Continuation next) const {
    switch (node.kind) {
      case Node::Kind::literal:
      case Node::Kind::any:
      case Node::Kind::set:
        return char_matches(node, position) && next(position + 1);
      case Node::Kind::line_start:
        return position == 0 && next(position);
      case Node::Kind::line_end:
        return (position == m_text.size() ||
                (position + 1 == m_text.size() && m_text[position] == '\n')) &&
               next(position);
      case Node::Kind::word_boundary:
      case Node::Kind::not_word_boundary: {
        const bool before =
            position > 0 && is_word(static_cast<unsigned char>(m_text[position - 1]));
        const bool after =
            position < m_text.size() && is_word(static_cast<unsigned char>(m_text[position]));
        const bool boundary = before != after;
        return boundary == (node.kind == Node::Kind::word_boundary) && next(position);
      }
      case Node::Kind::group:
        return alternatives(node.alternatives, position, next);
      case Node::Kind::look_ahead: {
        auto accept = [](std::size_t) { return true; };
        const bool found = alternatives(node.alternatives, position, accept);
        return found != node.negated && next(position);
      }
      case Node::Kind::look_behind: {
        bool found = false;
        for (std::size_t i = 0; i < node.alternatives.size() && !found; ++i) {
          const auto length = static_cast<std::size_t>(node.alternative_lengths[i]);
          if (length <= position) {
            auto ends_here = [&](std::size_t p) { return p == position; };
            found = sequence(node.alternatives[i], 0, position - length, ends_here);
          }
        }
        return found != node.negated && next(position);
      }
    }
    return false;
  }

  std::string_view m_text;
  mutable std::size_t m_steps = 0;
};

[[noreturn]] void throw_too_many_steps(const std::string& pattern) {
  throw_usage("regex '" + pattern + "' backtracks too much (over " +
              std::to_string(k_step_budget) + " steps on one input); simplify it");
}

}  // namespace

// Every Database (one per MAINTAINERS read, one per `route` or `check` of a series) compiles the
// same few hundred N:/K: regexes again; the parse is the costly part and its result is immutable,
// so compiled patterns are shared process-wide. Bounded: a process reading many different
// files (a fuzzer) starts afresh rather than growing without end.
PerlRegex PerlRegex::compile(std::string_view pattern, bool extended) {
  constexpr std::size_t k_max_cached = 4096;
  static std::mutex mutex;
  static std::unordered_map<std::string, std::shared_ptr<const std::vector<Sequence>>> cache;
  std::string key(pattern);
  key += extended ? '\x01' : '\x00';
  PerlRegex regex;
  regex.m_pattern = std::string(pattern);
  {
    const std::lock_guard<std::mutex> lock(mutex);
    if (const auto it = cache.find(key); it != cache.end()) {
      regex.m_alternatives = it->second;
      return regex;
    }
  }
  regex.m_alternatives =
      std::make_shared<const std::vector<Sequence>>(Parser(pattern, extended).parse());
  const std::lock_guard<std::mutex> lock(mutex);
  if (cache.size() >= k_max_cached) {
    cache.clear();
  }
  cache.emplace(std::move(key), regex.m_alternatives);
  return regex;
}

bool PerlRegex::search(std::string_view text) const {
  const Matcher matcher(text);
  auto accept = [](std::size_t) { return true; };
  try {
    for (std::size_t start = 0; start <= text.size(); ++start) {
      matcher.reset_budget();
      if (matcher.alternatives(*m_alternatives, start, accept)) {
        return true;
      }
    }
  } catch (const StepBudgetExceeded&) {
    throw_too_many_steps(m_pattern);
  }
  return false;
}

bool PerlRegex::match_prefix(std::string_view text) const {
  const Matcher matcher(text);
  auto accept = [](std::size_t) { return true; };
  try {
    return matcher.alternatives(*m_alternatives, 0, accept);
  } catch (const StepBudgetExceeded&) {
    throw_too_many_steps(m_pattern);
  }
}

}  // namespace patchflow::maintainers
