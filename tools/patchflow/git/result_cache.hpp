#pragma once
// Results kept between runs in the repository (under its git directory, so every work tree of
// it shares them and `git clean` never drops them): one file per key, where the key digests
// everything that decides the result, so an entry is never stale, only unused.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "patchflow/core/description.hpp"
#include "patchflow/git/handle.hpp"

namespace patchflow::git {

// SHA-1 of text as 40 hex digits: a cache key made of a description of the inputs.
std::string digest(std::string_view text);

class ResultCache {
 public:
  ResultCache() = default;  // off: every lookup misses and nothing is written
  explicit ResultCache(std::filesystem::path directory) : m_directory(std::move(directory)) {}
  // The cache named kind ("check", "build") of repo: <common git dir>/patchflow/cache/<kind>.
  static ResultCache of(git_repository& repo, const std::string& kind);

  bool enabled() const { return !m_directory.empty(); }
  const std::filesystem::path& directory() const { return m_directory; }

  // The value stored under key (a digest), or nullopt when there is none or it does not read
  // back whole (truncated, edited, written by another format): a bad entry is a miss, never an
  // error.
  std::optional<std::string> find(const std::string& key) const;
  // Stores value under key: written to a temporary file and renamed into place, so a run killed
  // meanwhile leaves the old entry or none, never half of one. Never throws: a cache that cannot
  // be written only costs the next run its time.
  void store(const std::string& key, std::string_view value) const;

 private:
  std::filesystem::path path_of(const std::string& key) const;
  std::filesystem::path m_directory;
};

}  // namespace patchflow::git
