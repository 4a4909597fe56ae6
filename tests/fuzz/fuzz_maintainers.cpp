// libFuzzer harness: any bytes as a MAINTAINERS file, then a lookup of a few paths so the F:/X:
// patterns and N: regexes it declares are compiled and matched too.
#include <cstddef>
#include <cstdint>
#include <string>

#include "patchflow/core/error.hpp"
#include "patchflow/maintainers/database.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using patchflow::maintainers::Database;
  Database database;
  try {
    database.add_file("MAINTAINERS", std::string(reinterpret_cast<const char*>(data), size),
                      [](const std::string& path) { return path == "drivers/" || path == "arch"; });
  } catch (const patchflow::Error&) {
    return 0;  // a clear error naming MAINTAINERS:line is an accepted outcome
  }
  std::vector<int> candidates;
  for (const char* path : {"drivers/xen/events.c", "arch/x86/xen/enlighten.c", "README", ""}) {
    candidates.clear();
    database.candidate_file_lines(path, candidates);
    try {
      for (const int line : candidates) {
        database.matches_file(database.lines()[static_cast<std::size_t>(line)], path);
      }
      for (const int line : database.regex_lines()) {
        database.regex_matches(line, path);
      }
      for (const int line : database.keyword_lines()) {
        database.keyword_matches(line, "^[+-].*", path);
      }
    } catch (const patchflow::Error&) {
      // an unsupported regex is reported naming its line
    }
  }
  return 0;
}
