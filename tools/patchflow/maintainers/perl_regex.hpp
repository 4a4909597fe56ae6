#pragma once
// A small backtracking matcher for the Perl regex subset MAINTAINERS files use: F:/X: patterns
// after get_maintainer.pl's glob conversion, N: file regexes and K: keywords (both with /x).
// std::regex cannot do it: it has no lookbehind ("(?<!uni)versal") and is slow to compile.
#include <bitset>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace patchflow::maintainers {

class PerlRegex {
 public:
  // Compiles pattern; extended is Perl's /x (whitespace and '#' comments ignored outside
  // classes). Throws Error{usage} "unsupported regex 'p': reason" with no position set.
  static PerlRegex compile(std::string_view pattern, bool extended);

  // m/pattern/: true when the pattern matches anywhere in text.
  bool search(std::string_view text) const;
  // m/^pattern/: true when the pattern matches starting at the first character.
  bool match_prefix(std::string_view text) const;
  const std::string& pattern() const { return m_pattern; }

  struct Node;
  using Sequence = std::vector<Node>;

 private:
  std::string m_pattern;
  std::shared_ptr<const std::vector<Sequence>> m_alternatives;
};

struct PerlRegex::Node {
  enum class Kind {
    literal,
    any,
    set,
    line_start,
    line_end,
    word_boundary,
    not_word_boundary,
    group,
    look_ahead,
    look_behind
  };
  Kind kind = Kind::literal;
  unsigned char ch = 0;
  std::bitset<256> chars;                // Kind::set
  std::vector<Sequence> alternatives;    // group and lookaround bodies
  std::vector<int> alternative_lengths;  // look_behind: fixed length of each alternative
  bool negated = false;                  // (?!...) and (?<!...)
  int min = 1, max = 1;                  // repetition; max < 0 is unbounded
  bool greedy = true;
};

}  // namespace patchflow::maintainers
