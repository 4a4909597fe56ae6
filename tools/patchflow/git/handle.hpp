#pragma once
// RAII for libgit2: every handle is a unique_ptr with its free function; nothing else owns them.
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "patchflow/core/error.hpp"
#include "patchflow/git/libgit2.hpp"

namespace patchflow::git {

// Free is named by its member of the loaded libgit2 (git/libgit2_functions.hpp), e.g.
// &Libgit2Functions::f_git_tree_free: a loaded function has no address at compile time.
template <auto Member>
struct Free {
  template <class T>
  void operator()(T* p) const noexcept {
    (libgit2().*Member)(p);
  }
};
template <typename T, auto Member>
using Handle = std::unique_ptr<T, Free<Member>>;

using Repository = Handle<git_repository, &Libgit2Functions::f_git_repository_free>;
using Commit = Handle<git_commit, &Libgit2Functions::f_git_commit_free>;
using Tree = Handle<git_tree, &Libgit2Functions::f_git_tree_free>;
using TreeEntry = Handle<git_tree_entry, &Libgit2Functions::f_git_tree_entry_free>;
using Blob = Handle<git_blob, &Libgit2Functions::f_git_blob_free>;
using Object = Handle<git_object, &Libgit2Functions::f_git_object_free>;
using Reference = Handle<git_reference, &Libgit2Functions::f_git_reference_free>;
using ReferenceIterator =
    Handle<git_reference_iterator, &Libgit2Functions::f_git_reference_iterator_free>;
using Revwalk = Handle<git_revwalk, &Libgit2Functions::f_git_revwalk_free>;
using Diff = Handle<git_diff, &Libgit2Functions::f_git_diff_free>;
using Patch = Handle<git_patch, &Libgit2Functions::f_git_patch_free>;
using Index = Handle<git_index, &Libgit2Functions::f_git_index_free>;
using Signature = Handle<git_signature, &Libgit2Functions::f_git_signature_free>;
using TreeBuilder = Handle<git_treebuilder, &Libgit2Functions::f_git_treebuilder_free>;
using Odb = Handle<git_odb, &Libgit2Functions::f_git_odb_free>;
using Config = Handle<git_config, &Libgit2Functions::f_git_config_free>;
using Note = Handle<git_note, &Libgit2Functions::f_git_note_free>;
using Mailmap = Handle<git_mailmap, &Libgit2Functions::f_git_mailmap_free>;

// Owns a git_buf's memory.
struct Buffer {
  git_buf buf = GIT_BUF_INIT;
  Buffer() = default;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer() { git_buf_dispose(&buf); }
  std::string str() const { return buf.ptr ? std::string(buf.ptr, buf.size) : std::string(); }
};

// Sets up libgit2's global state once, on first use (thread-safe), torn down at exit. Called
// before every libgit2 call that does not start from a repository: a command that never
// touches git (maintainers on patch files) skips the start-up, where the TLS backend parses
// the whole system CA bundle.
void ensure_library();

// How much of the repositories' packs libgit2 keeps mapped at once (the limit) and in what
// pieces (the window), set by Library.
inline constexpr std::size_t k_pack_window_size = std::size_t{16} << 20;
inline constexpr std::size_t k_pack_mapped_limit = std::size_t{128} << 20;

// libgit2 global state held for a scope (the test main, fuzzers); nests with ensure_library().
class Library {
 public:
  Library() {
    git_libgit2_init();
    // libgit2 caches no tree over 4 KB by default, so each path lookup in a large tree (U-Boot's
    // drivers/, include/, board/: 10 to 40 KB) inflates it again. Cache trees and commits of any
    // realistic size; the cache's total stays bounded by GIT_OPT_SET_CACHE_MAX_SIZE (256 MB).
    git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, std::size_t{4} << 20);
    git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_COMMIT, std::size_t{1} << 20);
    // git reads objects without re-hashing them; libgit2's check costs a SHA-1 per object read
    // (a tenth of `check` on a U-Boot range).
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    // Mapped pack pages count in the process's memory. libgit2 maps a pack in 1 GB windows and
    // unmaps nothing below 8 GB, so each page an object read touched stays mapped: 45 MB of
    // U-Boot's 367 MB pack by the end of a cold `report` (peak 132 MB). Small windows under a
    // small total let libgit2 unmap the least recently used; the pages stay in the page cache,
    // so mapping them again costs a minor fault, not a read. The limit trades churn for memory:
    // a cold report remapped windows 5,600 times under 32 MB, 2,000 under 64 MB, 900 under
    // 96 MB, with the same peak (about 80 MB). Where faults are dear (a VM that takes each
    // through the hypervisor) the churn is most of a command's kernel time: on U-Boot, 128 MB
    // took `check --no-cache` of 26 commits from 89-93 to 73-76 ms and a cold report from 1.33-
    // 1.40 to 1.08-1.10 s, peak 77 -> 79 MB; 192 MB passed 100 MB of peak, 512 MB reached 121 MB.
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, k_pack_window_size);
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, k_pack_mapped_limit);
  }
  ~Library() { git_libgit2_shutdown(); }
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;
};

// Throws Error{ExitCode::git} naming action/where unless rc == 0; git_error_last() may be NULL.
void check(int rc, std::string_view action, Where where = {});

// A 20-byte object id as a value type: copy borrowed git_oid pointers into this at once.
// An object id. Its own operations call no libgit2 function, so they work on a thread that runs
// while libgit2 is still being loaded (maintainers::warm_last_source) without waiting for it.
class Oid {
 public:
  Oid() = default;
  explicit Oid(const git_oid& oid) : m_oid(oid) {}
  // The id a full 40-digit hex string names; nullopt for anything else.
  static std::optional<Oid> parse_hex(std::string_view hex);
  // Throws Error{usage} unless hex is a full 40-digit object id.
  static Oid from_hex(std::string_view hex);
  const git_oid* raw() const { return &m_oid; }
  git_oid* raw() { return &m_oid; }
  std::string hex() const;  // 40 lower-case digits
  std::string short_hex(std::size_t length = 12) const { return hex().substr(0, length); }
  bool is_zero() const { return *this == Oid(); }
  friend bool operator==(const Oid& a, const Oid& b) {
    return std::memcmp(a.m_oid.id, b.m_oid.id, GIT_OID_RAWSZ) == 0;
  }
  friend bool operator<(const Oid& a, const Oid& b) {
    return std::memcmp(a.m_oid.id, b.m_oid.id, GIT_OID_RAWSZ) < 0;
  }

 private:
  git_oid m_oid{};
};

struct OidHash {
  std::size_t operator()(const Oid& oid) const noexcept {
    std::size_t h;
    static_assert(sizeof(h) <= GIT_OID_RAWSZ);
    std::memcpy(&h, oid.raw()->id, sizeof(h));
    return h;
  }
};

}  // namespace patchflow::git
