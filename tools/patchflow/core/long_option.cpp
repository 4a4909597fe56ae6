#include "patchflow/core/long_option.hpp"

namespace patchflow {

LongOption split_long_option(std::string_view word) {
  LongOption option{std::string(word.substr(word.starts_with("--") ? 2 : 1)), std::nullopt};
  if (const auto eq = option.name.find('='); eq != std::string::npos) {
    option.value = option.name.substr(eq + 1);
    option.name.resize(eq);
  }
  return option;
}

}  // namespace patchflow
