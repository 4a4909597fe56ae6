// libFuzzer harness: any bytes as one patch mail through `patchflow check`'s rules: the commit
// message and trailer parsing (Signed-off-by, Fixes:, Cc:), the subject rules and the built-in
// checkpatch engine over its diff.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "patchflow/check/check.hpp"
#include "patchflow/core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace patchflow::check;
  const std::string text(reinterpret_cast<const char*>(data), size);
  Options options;
  options.jobs = 1;
  options.committer_email = "fuzz@example.org";
  options.policy.subject_prefix = "^(xen|x86)";
  options.policy.official_domains = {"example.org"};
  const PatchInput patch{
      .label = "0001-fuzz.patch", .source = "0001-fuzz.patch", .text = text, .message = text};
  try {
    const Result result = check_patches({patch}, options, nullptr);
    format_text(result);
    to_json(result);
  } catch (const patchflow::Error&) {
    // a clear error is an accepted outcome; crashes and hangs are not
  }
  return 0;
}
