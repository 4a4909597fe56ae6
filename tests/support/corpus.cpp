#include "support/corpus.hpp"

#include <cstdlib>
#include <filesystem>

namespace patchflow::testing {

std::string corpus_dir(const std::string& name) {
  // appended, not `std::string(...) + "..."`: with the headers from the precompiled header GCC 12
  // loses libstdc++'s pragmas that silence its false -Warray-bounds on that operator+ (PR 64117)
  std::string dir = PATCHFLOW_SHARED_DIR;
  dir += "/corpus/";
  dir += name;
  return dir;
}

std::string missing_corpus(const std::string& name) {
  const std::string dir = corpus_dir(name);
  std::error_code ignored;
  // a folder without its patches is as good as missing: nothing would be measured
  if (std::filesystem::is_directory(dir + "/patches", ignored)) {
    return "";
  }
  return "corpus folder missing: '" + dir + "' (the real-data corpus lives outside the repository)";
}

bool corpus_required() {
  const char* value = std::getenv("PATCHFLOW_REQUIRE_CORPUS");
  return value != nullptr && std::string(value) == "1";
}

}  // namespace patchflow::testing
