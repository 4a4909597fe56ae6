#pragma once
// std::regex (ECMAScript grammar) behind a small, non-template interface. Instantiating and
// optimising std::regex's compiler and matcher templates costs about 5 CPU-s in every
// translation unit that uses them (6 did, a fifth of a clean build of the tool's back end): they
// are instantiated once, in core/regex.cpp, on const char* ranges. Patterns that run on every
// line of a patch should not be std::regex at all (check/c_lexicon.hpp, maintainers/perl_regex).
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace patchflow {

class Regex {
 public:
  // Compiles pattern as std::regex does (ECMAScript; case-blind with icase). Throws
  // Error{usage} holding std::regex_error's message when it is not a valid expression.
  explicit Regex(std::string_view pattern, bool icase = false);
  ~Regex();
  Regex(Regex&&) noexcept;
  Regex& operator=(Regex&&) noexcept;

  // Whether the whole text matches (std::regex_match).
  bool matches(std::string_view text) const;
  // The same; on a match, groups[i] is submatch i (0: the whole text), a view into text (empty,
  // with a null data(), for a group that took no part in the match).
  bool matches(std::string_view text, std::vector<std::string_view>& groups) const;
  // Whether a match starts anywhere in text, or only at its start with at_start
  // (std::regex_search, with match_continuous).
  bool search(std::string_view text, bool at_start = false) const;
  // The same, filling groups as matches() does for the first match.
  bool search(std::string_view text, std::vector<std::string_view>& groups) const;
  // Text with every match replaced by format ("$1" names a group), as std::regex_replace.
  std::string replace_all(std::string_view text, std::string_view format) const;

 private:
  struct Compiled;
  std::unique_ptr<Compiled> m_compiled;
};

}  // namespace patchflow
