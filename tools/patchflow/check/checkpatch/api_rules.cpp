// Rules on the kernel APIs a line calls or names: ENOSYS, USLEEP_RANGE and LONG_UDELAY.
#include "patchflow/check/checkpatch/engine.hpp"

namespace patchflow::check::style {
namespace {

// Where the whole word starts in s, from pos on; npos when it does not occur.
std::size_t find_word(std::string_view s, std::string_view word, std::size_t pos = 0) {
  for (pos = s.find(word, pos); pos != std::string_view::npos; pos = s.find(word, pos + 1)) {
    const std::size_t end = pos + word.size();
    if ((pos == 0 || !is_word(s[pos - 1])) && (end >= s.size() || !is_word(s[end]))) {
      return pos;
    }
  }
  return std::string_view::npos;
}

}  // namespace

void Engine::check_enosys(const std::string& line) {
  if (find_word(line, "ENOSYS") != std::string_view::npos) {
    warn("ENOSYS", "ENOSYS means 'invalid syscall nr' and nothing else");
  }
}

void Engine::check_udelay(const std::string& line) {
  // \budelay\s*\(\s*(\d+)\s*\)
  for (std::size_t pos = find_word(line, "udelay"); pos != std::string_view::npos;
       pos = find_word(line, "udelay", pos + 1)) {
    std::size_t p = skip_spaces(line, pos + 6);
    if (p >= line.size() || line[p] != '(') {
      continue;
    }
    p = skip_spaces(line, p + 1);
    const std::size_t digits = p;
    while (p < line.size() && is_digit(line[p])) {
      ++p;
    }
    const std::size_t close = skip_spaces(line, p);
    if (p == digits || close >= line.size() || line[close] != ')') {
      continue;
    }
    std::string_view number = std::string_view(line).substr(digits, p - digits);
    while (number.size() > 1 && number[0] == '0') {
      number.remove_prefix(1);
    }
    // compared as Perl compares numbers: a long string of digits is still a big number
    const long long delay = number.size() > 12 ? 1'000'000'000'000LL : std::stoll(std::string(number));
    const bool at_least_10 = delay >= 10;
    const bool over_2000 = delay > 2000;
    if (at_least_10) {
      chk("USLEEP_RANGE",
          "usleep_range is preferred over udelay; see function description of usleep_range() and "
          "udelay().");
    }
    if (over_2000) {
      warn("LONG_UDELAY", "long udelay - prefer mdelay; see function description of mdelay().");
    }
    return;
  }
}

}  // namespace patchflow::check::style
