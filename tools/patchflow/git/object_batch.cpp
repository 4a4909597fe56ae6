#include "patchflow/git/object_batch.hpp"

#include <mutex>
#include <unordered_set>

namespace patchflow::git {
namespace {

// Priority above the loose and pack backends, so writes land in memory.
constexpr int k_memory_priority = 1000;

// A pack's header holds its object count big-endian at bytes 8..11.
std::size_t pack_object_count(const git_buf& pack) {
  if (pack.size < 12) {
    return 0;
  }
  const auto* bytes = reinterpret_cast<const unsigned char*>(pack.ptr);
  return (std::size_t{bytes[8]} << 24) | (std::size_t{bytes[9]} << 16) |
         (std::size_t{bytes[10]} << 8) | std::size_t{bytes[11]};
}

struct WritepackCloser {
  void operator()(git_odb_writepack* writepack) const noexcept { writepack->free(writepack); }
};

}  // namespace

Repository reopen_repository(git_repository& repo) {
  git_repository* raw = nullptr;
  const char* path = git_repository_path(&repo);
  ensure_library();
  check(git_repository_open(&raw, path), "cannot open repository", Where{.file = path});
  return Repository(raw);
}

// Handles an ObjectBatch was made on. The in-memory store stays in the handle's object database
// after the batch, so a handle is never removed; a freed handle's address reused by a new one
// only makes work on it stay on its thread.
namespace {
std::mutex g_in_memory_mutex;
std::unordered_set<const git_repository*> g_in_memory;
}  // namespace

bool has_objects_in_memory(const git_repository& repo) {
  const std::lock_guard<std::mutex> lock(g_in_memory_mutex);
  return g_in_memory.count(&repo) != 0;
}

ObjectBatch::ObjectBatch(git_repository& repo) : m_repo(repo) {
  {
    const std::lock_guard<std::mutex> lock(g_in_memory_mutex);
    g_in_memory.insert(&repo);
  }
  git_odb* raw_odb = nullptr;
  check(git_repository_odb(&raw_odb, &repo), "cannot open object database");
  m_odb.reset(raw_odb);
  ensure_library();
  check(git_mempack_new(&m_backend), "cannot create in-memory object store");
  const int rc = git_odb_add_backend(m_odb.get(), m_backend, k_memory_priority);
  if (rc != 0) {
    m_backend->free(m_backend);
    check(rc, "cannot add in-memory object store");
  }
}

std::size_t ObjectBatch::commit() {
  Buffer pack;
  check(git_mempack_dump(&pack.buf, &m_repo, m_backend), "cannot build pack");
  const std::size_t count = pack_object_count(pack.buf);
  if (count > 0) {
    git_odb_writepack* raw = nullptr;
    check(git_odb_write_pack(&raw, m_odb.get(), nullptr, nullptr), "cannot write pack");
    std::unique_ptr<git_odb_writepack, WritepackCloser> writepack(raw);
    git_indexer_progress stats{};
    check(writepack->append(writepack.get(), pack.buf.ptr, pack.buf.size, &stats),
          "cannot write pack");
    check(writepack->commit(writepack.get(), &stats), "cannot write pack");
  }
  check(git_mempack_reset(m_backend), "cannot empty in-memory object store");
  return count;
}

}  // namespace patchflow::git
