#include "patchflow/check/shard.hpp"

#include <charconv>
#include <string>

#include "patchflow/core/error.hpp"

namespace patchflow::check {
namespace {

// A positive decimal number with nothing around it ("+1", " 1", "1x" are not); 0 otherwise.
int parse_positive(std::string_view text) {
  int value = 0;
  const char* end = text.data() + text.size();
  const auto [at, error] = std::from_chars(text.data(), end, value);
  return text.empty() || error != std::errc() || at != end || value < 1 ? 0 : value;
}

}  // namespace

bool Shard::contains(std::size_t i) const {
  return i % static_cast<std::size_t>(count) == static_cast<std::size_t>(index - 1);
}

Shard parse_shard(std::string_view text) {
  const auto slash = text.find('/');
  const int index = parse_positive(text.substr(0, slash));
  const int count = slash == std::string_view::npos ? 0 : parse_positive(text.substr(slash + 1));
  if (index == 0 || count == 0) {
    throw_usage("--shard '" + std::string(text) + "' is not K/N (two positive numbers, e.g. 1/4)");
  }
  if (index > count) {
    throw_usage("--shard '" + std::string(text) + "': K is " + std::to_string(index) +
                ", past the " + std::to_string(count) + " shards (1 <= K <= N)");
  }
  return {index, count};
}

}  // namespace patchflow::check
