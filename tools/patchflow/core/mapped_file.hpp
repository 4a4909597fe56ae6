#pragma once
// A whole file mapped read-only into memory instead of read into a buffer. Reading copies every
// byte into freshly allocated pages, and a fresh page costs a fault where page faults are dear
// (virtual machines): a 900 KB kept MAINTAINERS scan took 1-4 ms to read and 0.5 ms to map.
#include <optional>
#include <string>
#include <string_view>

namespace patchflow {

class MappedFile {
 public:
  // The file at path mapped whole; nullopt when it cannot be opened or mapped (absent, a
  // directory, no permission): for caches, where that means "not kept". An empty file maps to
  // no bytes.
  static std::optional<MappedFile> open(const std::string& path);

  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  // Valid while this object lives. A writer replaces kept files by rename, never in place, so
  // the bytes do not change under the reader.
  std::string_view bytes() const { return {m_data, m_size}; }

 private:
  MappedFile(const char* data, std::size_t size) : m_data(data), m_size(size) {}
  void unmap();
  const char* m_data = nullptr;
  std::size_t m_size = 0;
};

}  // namespace patchflow
