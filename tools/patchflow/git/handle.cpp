#include "patchflow/git/handle.hpp"

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
