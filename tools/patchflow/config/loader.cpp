#include "patchflow/config/loader.hpp"

namespace patchflow::config {

StackConfig load_stack(const std::string& dir) {
  throw_usage("stack loading is not implemented yet", Where{.file = dir});
}

}  // namespace patchflow::config
