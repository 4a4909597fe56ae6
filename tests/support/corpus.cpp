#include "support/corpus.hpp"

#include <cstdlib>
#include <filesystem>

namespace patchflow::testing {

std::string corpus_dir(const std::string& name) {
  return std::string(PATCHFLOW_SHARED_DIR) + "/corpus/" + name;
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
