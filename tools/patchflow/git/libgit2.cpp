#include <mutex>

#include "patchflow/core/shared_library.hpp"
#include "patchflow/git/libgit2_functions.hpp"

namespace patchflow::git {

namespace detail {
std::atomic<const Libgit2Functions*> libgit2_functions{nullptr};
}

const Libgit2Functions& load_libgit2() {
  static std::once_flag once;
  static Libgit2Functions functions;
  std::call_once(once, [] {
#ifdef PATCHFLOW_LIBGIT2_SONAME
    static const SharedLibrary library(PATCHFLOW_LIBGIT2_SONAME);
#define PATCHFLOW_RESOLVE(name) library.resolve(#name, functions.f_##name);
#else
  // linked into the executable (PATCHFLOW_STATIC_LIBS): nothing to load
#define PATCHFLOW_RESOLVE(name) functions.f_##name = &::name;
#endif
    PATCHFLOW_LIBGIT2_FUNCTIONS(PATCHFLOW_RESOLVE)
#undef PATCHFLOW_RESOLVE
    detail::libgit2_functions.store(&functions, std::memory_order_release);
  });
  return functions;
}

}  // namespace patchflow::git
