#include "patchflow/core/regex.hpp"

#include <iterator>
#include <regex>

#include "patchflow/core/error.hpp"

namespace patchflow {

struct Regex::Compiled {
  std::regex regex;
};

namespace {

void fill_groups(const std::cmatch& match, std::vector<std::string_view>& groups) {
  groups.clear();
  groups.reserve(match.size());
  for (const std::csub_match& group : match) {
    groups.push_back(group.matched ? std::string_view(group.first, group.length())
                                   : std::string_view());
  }
}

// An empty view may hold a null data(): std::regex takes a range, and "" is one.
const char* begin_of(std::string_view text) { return text.empty() ? "" : text.data(); }
const char* end_of(std::string_view text) { return begin_of(text) + text.size(); }

}  // namespace

namespace {

// std::regex can also fail while matching (error_complexity, error_stack on a pattern that
// backtracks over a long text): the same usage error as a pattern that does not compile, never
// an internal one.
template <class Match>
auto guarded(Match match) {
  try {
    return match();
  } catch (const std::regex_error& e) {
    throw Error(ExitCode::usage, std::string("regular expression cannot be matched: ") + e.what());
  }
}

}  // namespace

Regex::Regex(std::string_view pattern, bool icase) {
  auto flags = std::regex::ECMAScript;
  if (icase) {
    flags |= std::regex::icase;
  }
  try {
    m_compiled =
        std::make_unique<Compiled>(Compiled{std::regex(pattern.begin(), pattern.end(), flags)});
  } catch (const std::regex_error& e) {
    throw Error(ExitCode::usage, e.what());
  }
}

Regex::~Regex() = default;
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;

bool Regex::matches(std::string_view text) const {
  return guarded([&] { return std::regex_match(begin_of(text), end_of(text), m_compiled->regex); });
}

bool Regex::matches(std::string_view text, std::vector<std::string_view>& groups) const {
  std::cmatch match;
  if (!guarded([&] {
        return std::regex_match(begin_of(text), end_of(text), match, m_compiled->regex);
      })) {
    return false;
  }
  fill_groups(match, groups);
  return true;
}

bool Regex::search(std::string_view text, bool at_start) const {
  return guarded([&] {
    return std::regex_search(
        begin_of(text), end_of(text), m_compiled->regex,
        at_start ? std::regex_constants::match_continuous : std::regex_constants::match_default);
  });
}

bool Regex::search(std::string_view text, std::vector<std::string_view>& groups) const {
  std::cmatch match;
  if (!guarded([&] {
        return std::regex_search(begin_of(text), end_of(text), match, m_compiled->regex);
      })) {
    return false;
  }
  fill_groups(match, groups);
  return true;
}

std::string Regex::replace_all(std::string_view text, std::string_view format) const {
  return guarded([&] {
    std::string out;
    std::regex_replace(std::back_inserter(out), begin_of(text), end_of(text), m_compiled->regex,
                       std::string(format));
    return out;
  });
}

}  // namespace patchflow
