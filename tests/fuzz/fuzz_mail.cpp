// libFuzzer harness: any bytes as a file given to `patchflow send`: split into messages and
// validated (addresses, headers, line lengths, encodings) before anything would be sent.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "patchflow/core/address.hpp"
#include "patchflow/core/error.hpp"
#include "patchflow/mail/message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace patchflow::mail;
  const std::string content(reinterpret_cast<const char*>(data), size);
  try {
    prepare_messages({SourceFile{.name = "0001-fuzz.patch", .content = content}},
                     PrepareOptions{.extra_to = {"Xen Devel <xen-devel@example.org>"},
                                    .extra_cc = {},
                                    .sender = "Fuzz Sender <fuzz@example.org>",
                                    .size_limit = 1 << 20});
  } catch (const patchflow::Error&) {
    // every malformed message is reported before anything is sent; that is the contract
  }
  // The address parsers see header values: the input up to its first blank line, at most 4 KiB
  // (fed a whole 60 KB patch, each input spent its time scanning a body no header holds).
  const std::string header = content.substr(0, std::min(content.find("\n\n"), std::size_t{4096}));
  try {
    patchflow::address::parse_address_list(header);
  } catch (const patchflow::Error&) {
  }
  patchflow::address::addr_spec_problem(header);
  return 0;
}
