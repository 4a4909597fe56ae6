// libFuzzer harness: any bytes through the mbox splitter and the diff parser of every mail.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "patchflow/core/error.hpp"
#include "patchflow/patch/diff.hpp"
#include "patchflow/patch/mbox.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  for (const patchflow::patch::Mail& mail : patchflow::patch::parse_mbox(input, "fuzz.mbox")) {
    try {
      patchflow::patch::parse_diff(mail.diff, mail.source, mail.diff_line);
    } catch (const patchflow::Error&) {
      // a clear error is an accepted outcome; crashes and hangs are not
    }
  }
  return 0;
}
