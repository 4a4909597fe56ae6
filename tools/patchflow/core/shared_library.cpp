#include "patchflow/core/shared_library.hpp"

#include <dlfcn.h>

#include "patchflow/core/error.hpp"

namespace patchflow {

SharedLibrary::SharedLibrary(std::string soname) : m_soname(std::move(soname)) {
  // RTLD_LOCAL: its symbols serve only the lookups below, never another library's references.
  m_handle = dlopen(m_soname.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (m_handle == nullptr) {
    const char* why = dlerror();
    throw Error(ExitCode::usage, "cannot load '" + m_soname +
                                     "': " + (why ? why : "unknown error") +
                                     " (is the package that provides it installed?)");
  }
}

void* SharedLibrary::symbol(const char* name) const {
  dlerror();  // clears an earlier error, so a null result can be told from a failed lookup
  void* address = dlsym(m_handle, name);
  if (address == nullptr) {
    const char* why = dlerror();
    throw Error(ExitCode::usage, std::string("cannot find '") + name + "' in '" + m_soname + "'" +
                                     (why ? std::string(": ") + why : std::string()));
  }
  return address;
}

}  // namespace patchflow
