// The layering of tools/patchflow is declared once, in each folder's patchflow_module(... DEPENDS
// ...). A call upward does not link; this test also catches what the linker cannot see: an
// #include of a higher folder's header used only for types or inline code.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace patchflow {
namespace {

namespace fs = std::filesystem;

const fs::path kTools = fs::path(PATCHFLOW_SOURCE_DIR) / "tools" / "patchflow";

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// folder -> the folders its patchflow_module(...) DEPENDS on, straight from its CMakeLists.txt
std::map<std::string, std::set<std::string>> declared_layers() {
  std::map<std::string, std::set<std::string>> layers;
  const std::regex module(R"(patchflow_module\((\w+)([^)]*)\))");
  const std::regex depends(R"(DEPENDS([^\n]*))");
  for (const auto& entry : fs::directory_iterator(kTools)) {
    const fs::path cmake = entry.path() / "CMakeLists.txt";
    if (!entry.is_directory() || !fs::exists(cmake)) continue;
    const std::string text = read(cmake);
    std::smatch found;
    if (!std::regex_search(text, found, module)) continue;
    std::set<std::string>& below = layers[found[1].str()];
    const std::string body = found[2].str();
    std::smatch listed;
    if (std::regex_search(body, listed, depends)) {
      std::istringstream names(listed[1].str());
      for (std::string name; names >> name;) below.insert(name);
    }
  }
  return layers;
}

TEST(LayeringTest, EveryFolderIsAModuleWithDeclaredDependencies) {
  const auto layers = declared_layers();
  for (const char* folder : {"core", "git", "patch", "config", "stack", "check", "series"}) {
    EXPECT_TRUE(layers.count(folder)) << folder << " has no patchflow_module()";
  }
  EXPECT_TRUE(layers.at("core").empty()) << "core is the bottom layer";
}

TEST(LayeringTest, NoFolderIncludesAFolderItDoesNotDependOn) {
  const auto layers = declared_layers();
  ASSERT_GE(layers.size(), 10u);
  const std::regex include(R"(#include "patchflow/(\w+)/)");
  std::ostringstream violations;
  for (const auto& [folder, below] : layers) {
    for (const auto& entry : fs::recursive_directory_iterator(kTools / folder)) {
      const std::string ext = entry.path().extension().string();
      if (ext != ".cpp" && ext != ".hpp") continue;
      const std::string text = read(entry.path());
      for (std::sregex_iterator it(text.begin(), text.end(), include), end; it != end; ++it) {
        const std::string target = (*it)[1].str();
        if (target != folder && !below.count(target)) {
          violations << fs::relative(entry.path(), kTools).string() << " includes " << target
                     << "/, which " << folder << "/CMakeLists.txt does not list in DEPENDS\n";
        }
      }
    }
  }
  EXPECT_EQ(violations.str(), "");
}

// Transitively, a folder must never reach itself: no cycles between layers.
TEST(LayeringTest, DependenciesHaveNoCycles) {
  const auto layers = declared_layers();
  std::map<std::string, int> state;  // 0 unvisited, 1 on the path, 2 done
  std::string cycle;
  std::function<bool(const std::string&)> visit = [&](const std::string& folder) {
    if (state[folder] == 1) {
      cycle = folder;
      return false;
    }
    if (state[folder] == 2) return true;
    state[folder] = 1;
    if (auto found = layers.find(folder); found != layers.end()) {
      for (const std::string& below : found->second) {
        if (!visit(below)) {
          cycle = below + " <- " + cycle;
          return false;
        }
      }
    }
    state[folder] = 2;
    return true;
  };
  for (const auto& [folder, below] : layers) {
    EXPECT_TRUE(visit(folder)) << "cycle: " << cycle;
  }
}

}  // namespace
}  // namespace patchflow
