#pragma once
// Common misspellings in commit messages and code comments (a short list of our own).
#include <string>
#include <string_view>
#include <vector>

namespace patchflow::check {

struct Misspelling {
  std::string word;  // as written in the text
  std::string fix;   // suggested spelling, in the same case style
};

// Every listed misspelling found as a whole word in text (case-insensitive).
std::vector<Misspelling> find_misspellings(std::string_view text);

}  // namespace patchflow::check
