#include "patchflow/git/handle.hpp"

#ifdef PATCHFLOW_SKIP_CA_BUNDLE
// patchflow never opens a TLS connection (no fetch, no push, no HTTPS remote), yet libgit2's
// start-up (git_libgit2_init, mbedTLS backend) parses the whole system CA bundle, some 140
// certificates: 6 to 15 ms of every command that reads a repository, more than formatting a
// 26-commit U-Boot series on two threads. Defined and exported by the executable
// (git/CMakeLists.txt), this function is the one the dynamic linker binds libgit2's call to,
// libgit2 being loaded on first use: the executable comes first in symbol lookup. It loads nothing
// and reports success, so the chain stays empty: a TLS connection, were one ever made, would fail
// certificate verification rather than trust anything. Not with PATCHFLOW_STATIC_LIBS, where
// mbedTLS's own definition is linked in.
extern "C" int mbedtls_x509_crt_parse_file(void* chain, const char* path) {
  (void)chain;
  (void)path;
  return 0;
}

// The same start-up initialises libssh2 for SSH remotes patchflow never opens, and libssh2's
// initialisation sets up OpenSSL (reading openssl.cnf): a tenth of the instructions that loading
// and starting libgit2 costs (valgrind). Bound the same way, this one reports success and sets
// up nothing; libssh2_exit at shutdown then finds nothing to undo (libssh2 counts its inits).
extern "C" int libssh2_init(int flags) {
  (void)flags;
  return 0;
}
#endif

namespace patchflow::git {

void ensure_library() {
  static const Library library;  // a function-local static: initialised once, freed at exit
}

void check(int rc, std::string_view action, Where where) {
  if (rc >= 0) {
    return;
  }
  const git_error* last = git_error_last();
  std::string message(action);
  if (!where.ref.empty()) {
    message += " '" + where.ref + "'";
  }
  if (last != nullptr && last->message != nullptr) {
    message += ": ";
    message += last->message;
  }
  throw Error(ExitCode::git, message, std::move(where));
}

std::optional<Oid> Oid::parse_hex(std::string_view hex) {
  if (hex.size() != GIT_OID_HEXSZ) {
    return std::nullopt;
  }
  auto digit = [](char c) -> int {
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
  };
  Oid oid;
  for (std::size_t i = 0; i < GIT_OID_RAWSZ; ++i) {
    const int high = digit(hex[2 * i]), low = digit(hex[2 * i + 1]);
    if (high < 0 || low < 0) {
      return std::nullopt;
    }
    oid.m_oid.id[i] = static_cast<unsigned char>(high * 16 + low);
  }
  return oid;
}

Oid Oid::from_hex(std::string_view hex) {
  if (std::optional<Oid> oid = parse_hex(hex)) {
    return *oid;
  }
  throw_usage("'" + std::string(hex) + "' is not an object id");
}

std::string Oid::hex() const {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out(GIT_OID_HEXSZ, '0');
  for (std::size_t i = 0; i < GIT_OID_RAWSZ; ++i) {
    out[2 * i] = k_digits[m_oid.id[i] >> 4];
    out[2 * i + 1] = k_digits[m_oid.id[i] & 0xf];
  }
  return out;
}

}  // namespace patchflow::git
