#pragma once
// One part of a series when a CI splits `patchflow check` over N jobs: `--shard K/N` checks and
// builds the patches whose 0-based index i in series order has i % N == K - 1. Rules that need
// the whole series (SERIES_*) run in shard 1 only, so the N shards together report what one
// unsharded run reports.
#include <cstddef>
#include <string_view>

namespace patchflow::check {

struct Shard {
  int index = 1;  // K, 1-based
  int count = 1;  // N

  // Whether the patch at 0-based position i of the series belongs to this shard.
  bool contains(std::size_t i) const;
  // Shard 1 also runs the rules on the series as a whole.
  bool has_series_rules() const { return index == 1; }
  bool is_whole() const { return count == 1; }
};

// Parses "K/N" (decimal, 1 <= K <= N). Throws Error{usage} naming the text otherwise.
Shard parse_shard(std::string_view text);

}  // namespace patchflow::check
