// libFuzzer harness: any bytes as one file of an otherwise valid stack directory, through the
// whole loader (YAML parse, key checks, cross-file validation). The first byte picks the file.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "patchflow/config/loader.hpp"
#include "patchflow/core/error.hpp"

namespace {
namespace fs = std::filesystem;

constexpr std::string_view k_stack =
    "name: fuzz\ncomponents:\n  - name: linux\n    mainline: master\n    policy: linux\n";
constexpr std::string_view k_policy = "name: linux\nsubject-prefix: '^xen'\n";
constexpr std::string_view k_topic_a = "name: a\ncomponent: linux\n";
constexpr std::string_view k_topic_b = "name: b\ncomponent: linux\ndepends: [a]\n";
constexpr std::string_view k_merge = "name: m\nbase: master\ntopics: [a, b]\n";

constexpr std::string_view k_files[] = {"stack/stack.yaml", "policies/linux.yaml", "topics/a.yaml",
                                        "topics/b.yaml", "merge-branches/m.yaml"};

void write(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

// One stack directory per process, in memory-backed /dev/shm when there is one (the loader reads
// from disk; a disk-backed /tmp made each input cost several synchronous writes).
const fs::path& stack_dir() {
  static const fs::path dir = [] {
    std::error_code ec;
    const fs::path base = fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm")
                                                           : fs::temp_directory_path();
    std::string pattern = (base / "patchflow-fuzz-yaml-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      std::abort();
    }
    const fs::path root(pattern);
    for (const char* folder : {"stack", "policies", "topics", "merge-branches"}) {
      fs::create_directories(root / folder);
    }
    // a plain array outlives every static the exit handlers could race with
    static char created[4096];
    pattern.copy(created, sizeof created - 1);
    std::atexit([] {
      std::error_code ignored;
      fs::remove_all(created, ignored);
    });
    return root;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  const fs::path& root = stack_dir();
  const std::string_view baseline[] = {k_stack, k_policy, k_topic_a, k_topic_b, k_merge};
  // Only the file the last input replaced goes back to the baseline; the others still hold it.
  static std::size_t dirty = std::size(k_files);  // first input: write every file
  const std::size_t pick = data[0] % std::size(k_files);
  for (std::size_t i = 0; i < std::size(k_files); ++i) {
    if (i == pick) {
      write(root / k_files[i], std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
    } else if (dirty == std::size(k_files) || i == dirty) {
      write(root / k_files[i], baseline[i]);
    }
  }
  dirty = pick;
  try {
    patchflow::config::load_stack(root.string());
  } catch (const patchflow::Error&) {
    // a clear error naming file:line is an accepted outcome; crashes and hangs are not
  }
  return 0;
}
