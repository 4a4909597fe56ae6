#include "patchflow/git/result_cache.hpp"

#include <unistd.h>

#include <atomic>
#include <fstream>

#include "patchflow/core/text.hpp"

namespace patchflow::git {
namespace {

// "patchflow-cache 1 <key> <size> <digest of value>\n" then the value: a reader knows the entry
// is the one it asked for and that it is whole.
constexpr std::string_view k_magic = "patchflow-cache 1 ";

std::string header(const std::string& key, std::string_view value) {
  return std::string(k_magic) + key + " " + std::to_string(value.size()) + " " + digest(value) +
         "\n";
}

}  // namespace

std::string digest(std::string_view text) {
  ensure_library();
  git_oid id;
  check(git_odb_hash(&id, text.data(), text.size(), GIT_OBJECT_BLOB), "cannot hash");
  return Oid(id).hex();
}

ResultCache ResultCache::of(git_repository& repo, const std::string& kind) {
  return ResultCache(std::filesystem::path(git_repository_commondir(&repo)) / "patchflow" /
                     "cache" / kind);
}

std::filesystem::path ResultCache::path_of(const std::string& key) const {
  return m_directory / key.substr(0, 2) / key.substr(2);
}

std::optional<std::string> ResultCache::find(const std::string& key) const {
  if (!enabled() || key.size() < 3) {
    return std::nullopt;
  }
  const std::optional<std::string> kept = text::read_file_if_present(path_of(key).string());
  if (!kept) {
    return std::nullopt;
  }
  const std::string& data = *kept;
  const std::size_t end = data.find('\n');
  if (end == std::string::npos) {
    return std::nullopt;
  }
  std::string value = data.substr(end + 1);
  if (data.compare(0, end + 1, header(key, value)) != 0) {
    return std::nullopt;
  }
  return value;
}

void ResultCache::store(const std::string& key, std::string_view value) const {
  if (!enabled() || key.size() < 3) {
    return;
  }
  const std::filesystem::path path = path_of(key);
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  // Unique per process and per call: threads and concurrent runs may store at once.
  static std::atomic<unsigned> counter{0};
  const std::filesystem::path temporary =
      path.string() + ".tmp" + std::to_string(getpid()) + "-" + std::to_string(counter++);
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    const std::string head = header(key, value);
    out.write(head.data(), static_cast<std::streamsize>(head.size()));
    out.write(value.data(), static_cast<std::streamsize>(value.size()));
    out.close();
    if (!out) {
      std::filesystem::remove(temporary, ec);
      return;
    }
  }
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::filesystem::remove(temporary, ec);
  }
}

}  // namespace patchflow::git
