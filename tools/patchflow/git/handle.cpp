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

Oid Oid::from_hex(std::string_view hex) {
  Oid oid;
  if (hex.size() != GIT_OID_HEXSZ || git_oid_fromstrn(oid.raw(), hex.data(), hex.size()) != 0) {
    throw_usage("'" + std::string(hex) + "' is not an object id");
  }
  return oid;
}

std::string Oid::hex() const {
  char out[GIT_OID_HEXSZ + 1];
  git_oid_tostr(out, sizeof(out), &m_oid);
  return out;
}

}  // namespace patchflow::git
