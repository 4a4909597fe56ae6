#pragma once
// A shared library loaded on first use (dlopen) instead of linked. A linked library, with every
// library it needs, is loaded and relocated by each patchflow process before main(): libgit2's
// chain (TLS, SSH, HTTP, Kerberos, OpenSSL: 14 libraries) costs every `patchflow version` or
// check of a patch file about 3 ms, although only commands that read a repository use it.
#include <string>

namespace patchflow {

class SharedLibrary {
 public:
  // Loads `soname` (kept loaded until exit). Throws Error{usage} naming it and why: a missing
  // library is a broken installation, which the package's Depends: prevents.
  explicit SharedLibrary(std::string soname);

  // The address of `name`; throws Error{usage} naming the symbol and the library when absent.
  void* symbol(const char* name) const;

  // Fills `out` with `name`'s address, typed as the caller's declaration of it (decltype(&f)).
  template <typename Function>
  void resolve(const char* name, Function& out) const {
    out = reinterpret_cast<Function>(symbol(name));
  }

  const std::string& soname() const { return m_soname; }

 private:
  std::string m_soname;
  void* m_handle = nullptr;
};

}  // namespace patchflow
