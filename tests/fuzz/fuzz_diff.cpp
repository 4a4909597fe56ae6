// libFuzzer harness: any bytes as a unified diff.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "patchflow/core/error.hpp"
#include "patchflow/patch/diff.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    patchflow::patch::parse_diff(input, "fuzz.diff", 1);
  } catch (const patchflow::Error&) {
    // a clear error is an accepted outcome
  }
  return 0;
}
