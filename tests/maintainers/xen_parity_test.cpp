// Parity with Xen's scripts/get_maintainer.pl (default options, as add_maintainers.pl runs it)
// on ../shared/corpus/xen: 300 real xen.git patches, the MAINTAINERS of the tree they were run
// at, and the script's output byte for byte. Compared line for line, in order.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "patchflow/core/text.hpp"
#include "patchflow/maintainers/database.hpp"
#include "patchflow/maintainers/lookup.hpp"
#include "support/corpus.hpp"

namespace patchflow::maintainers {
namespace {

// The bar: identical output on at least 98% of the 300 patches.
constexpr int k_identical_floor = 294;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

TEST(XenParityTest, MatchesXensGetMaintainerOnTheCorpus) {
  PATCHFLOW_NEED_CORPUS("xen");
  const std::string corpus = ::patchflow::testing::corpus_dir("xen");
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(corpus + "/patches")) {
    names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  ASSERT_EQ(names.size(), 300u);
  std::vector<std::string> patches;
  // The script ran at the top of a xen.git work tree, where `-d` decides whether an F: value is
  // a directory. The corpus ships no tree: every folder some corpus patch touches stands in.
  std::unordered_set<std::string> directories;
  for (const std::string& name : names) {
    patches.push_back(text::read_file(corpus + "/patches/" + name + ".patch"));
    Scan scan;
    scan_patch(Database{}, patches.back(), Options{}, scan);
    for (const std::string& file : scan.files) {
      for (std::size_t slash = file.find('/'); slash != std::string::npos;
           slash = file.find('/', slash + 1)) {
        directories.insert(file.substr(0, slash));
      }
    }
  }
  const Database database = load_database_file(
      corpus + "/MAINTAINERS", [&](const std::string& path) { return directories.count(path) > 0; },
      Rules::xen);
  ASSERT_EQ(database.xen_file_version(), "1");
  const Options options = default_options(Rules::xen);
  int identical = 0, same_set = 0;
  for (std::size_t i = 0; i < names.size(); ++i) {
    Scan scan;
    scan_patch(database, patches[i], options, scan);
    const std::string got = format_text(find_maintainers(database, scan, options));
    const std::string want =
        text::read_file(corpus + "/expected/get_maintainer/" + names[i] + ".txt");
    const auto got_lines = lines_of(got), want_lines = lines_of(want);
    if (got == want) {
      ++identical;
    } else {
      std::cout << "differs: " << names[i] << "\n  got:\n";
      for (const auto& line : got_lines) std::cout << "    " << line << "\n";
      std::cout << "  want:\n";
      for (const auto& line : want_lines) std::cout << "    " << line << "\n";
    }
    if (std::set<std::string>(got_lines.begin(), got_lines.end()) ==
        std::set<std::string>(want_lines.begin(), want_lines.end())) {
      ++same_set;
    }
  }
  std::cout << "xen parity: identical " << identical << "/" << names.size() << ", same set "
            << same_set << "/" << names.size() << "\n";
  EXPECT_GE(identical, k_identical_floor);
}

}  // namespace
}  // namespace patchflow::maintainers
