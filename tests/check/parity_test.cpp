// Parity of the built-in checkpatch engine with the kernel's checkpatch.pl on the U-Boot corpus
// (150 real patches, `--no-tree` run with Linux defaults). Findings are keyed by
// (patch, file, line, TYPE), or (patch, patch line, TYPE) for message-level ones; precision and
// recall are measured per TYPE we implement. The floors below are what the engine reaches: they
// may only go up.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "patchflow/check/checkpatch.hpp"
#include "patchflow/core/text.hpp"
#include "support/corpus.hpp"

namespace patchflow::check {
namespace {

using Key = std::tuple<std::string, std::string, int, std::string>;  // patch, file, line, type

struct Tally {
  int true_positive = 0;
  int false_positive = 0;
  int false_negative = 0;
  double precision() const {
    const int found = true_positive + false_positive;
    return found == 0 ? 1.0 : static_cast<double>(true_positive) / found;
  }
  double recall() const {
    const int expected = true_positive + false_negative;
    return expected == 0 ? 1.0 : static_cast<double>(true_positive) / expected;
  }
};

Key key_of(const std::string& patch, const std::string& file, int line, int patch_line,
           const std::string& type) {
  if (!file.empty()) {
    return {patch, file, line, type};
  }
  return {patch, "", patch_line, type};
}

std::map<std::string, Tally> measure(const std::string& variant) {
  const std::string corpus = PATCHFLOW_CORPUS_DIR;
  const std::set<std::string> implemented(checkpatch_types().begin(), checkpatch_types().end());
  std::set<Key> expected;
  std::set<Key> actual;
  std::ifstream in(corpus + "/expected/" + variant + ".jsonl");
  std::string record;
  CheckpatchOptions options;
  while (std::getline(in, record)) {
    const auto json = nlohmann::json::parse(record);
    const std::string patch = json["patch"];
    for (const auto& f : json["findings"]) {
      const std::string type = f["type"];
      if (implemented.count(type) == 0) {
        continue;
      }
      const std::string file = f["file"].is_null() ? "" : f["file"].get<std::string>();
      const int line = f["line"].is_null() ? 0 : f["line"].get<int>();
      const int patch_line = f["patch_line"].is_null() ? 0 : f["patch_line"].get<int>();
      expected.insert(key_of(patch, file, line, patch_line, type));
    }
    const std::string text = text::read_file(corpus + "/" + patch);
    for (const auto& f : run_checkpatch(text, options)) {
      actual.insert(key_of(patch, f.file, f.line, f.patch_line, f.type));
    }
  }
  std::map<std::string, Tally> tallies;
  const char* verbose = std::getenv("PATCHFLOW_PARITY_VERBOSE");
  for (const auto& k : expected) {
    auto& t = tallies[std::get<3>(k)];
    if (actual.count(k) != 0) {
      ++t.true_positive;
    } else {
      ++t.false_negative;
      if (verbose != nullptr && std::get<3>(k) == verbose) {
        std::printf("missed %s %s:%d\n", std::get<0>(k).c_str(), std::get<1>(k).c_str(),
                    std::get<2>(k));
      }
    }
  }
  for (const auto& k : actual) {
    if (expected.count(k) == 0) {
      ++tallies[std::get<3>(k)].false_positive;
      if (verbose != nullptr && std::get<3>(k) == verbose) {
        std::printf("extra  %s %s:%d\n", std::get<0>(k).c_str(), std::get<1>(k).c_str(),
                    std::get<2>(k));
      }
    }
  }
  Tally all;
  for (const auto& [type, t] : tallies) {
    std::printf("%-28s tp %4d fp %4d fn %4d  precision %5.1f%%  recall %5.1f%%\n", type.c_str(),
                t.true_positive, t.false_positive, t.false_negative, 100 * t.precision(),
                100 * t.recall());
    all.true_positive += t.true_positive;
    all.false_positive += t.false_positive;
    all.false_negative += t.false_negative;
  }
  std::printf("%-28s tp %4d fp %4d fn %4d  precision %5.1f%%  recall %5.1f%%\n", "OVERALL",
              all.true_positive, all.false_positive, all.false_negative, 100 * all.precision(),
              100 * all.recall());
  tallies["OVERALL"] = all;
  return tallies;
}

TEST(CheckpatchParityTest, NoTreeFindingsMatchCheckpatchPl) {
  PATCHFLOW_NEED_CORPUS("uboot");
  const auto tallies = measure("checkpatch-notree");
  // floors: (type, precision %, recall %)
  const std::vector<std::tuple<std::string, double, double>> floors = {
      {"ASSIGN_IN_IF", 100.0, 100.0},
      {"BAD_FIXES_TAG", 100.0, 100.0},
      {"BAD_REPORTED_BY_LINK", 100.0, 100.0},
      {"BLOCK_COMMENT_STYLE", 100.0, 100.0},
      {"BRACES", 100.0, 100.0},
      {"CODE_INDENT", 100.0, 100.0},
      {"COMMIT_COMMENT_SYMBOL", 100.0, 100.0},
      {"COMMIT_LOG_LONG_LINE", 100.0, 100.0},
      {"COMMIT_MESSAGE", 100.0, 100.0},
      {"CONSIDER_KSTRTO", 100.0, 100.0},
      {"ELSE_AFTER_BRACE", 100.0, 100.0},
      {"EMBEDDED_FILENAME", 100.0, 100.0},
      {"FILE_PATH_CHANGES", 100.0, 100.0},
      {"FROM_SIGN_OFF_MISMATCH", 100.0, 100.0},
      {"FSF_MAILING_ADDRESS", 100.0, 100.0},
      {"IF_0", 100.0, 100.0},
      {"LEADING_SPACE", 100.0, 100.0},
      {"LOGICAL_CONTINUATIONS", 100.0, 100.0},
      {"LONG_LINE", 100.0, 100.0},
      {"LONG_LINE_COMMENT", 100.0, 100.0},
      {"LONG_LINE_STRING", 92.3, 100.0},
      {"MISSING_SIGN_OFF", 100.0, 100.0},
      {"NEW_TYPEDEFS", 100.0, 100.0},
      {"OPEN_BRACE", 100.0, 100.0},
      {"RETURN_PARENTHESES", 100.0, 100.0},
      {"SPACE_BEFORE_TAB", 100.0, 100.0},
      {"SPACING", 100.0, 99.0},
      {"SPDX_LICENSE_TAG", 100.0, 100.0},
      {"SUSPECT_CODE_INDENT", 100.0, 100.0},
      {"TRAILING_STATEMENTS", 100.0, 100.0},
      {"TRAILING_WHITESPACE", 100.0, 100.0},
      {"TYPO_SPELLING", 100.0, 100.0},
      {"UNKNOWN_COMMIT_ID", 100.0, 100.0},
      {"UNSPECIFIED_INT", 100.0, 100.0},
      {"VOLATILE", 100.0, 100.0},
      {"OVERALL", 99.9, 99.8},
  };
  for (const auto& [type, precision, recall] : floors) {
    const auto it = tallies.find(type);
    ASSERT_NE(it, tallies.end()) << type;
    EXPECT_GE(100 * it->second.precision(), precision - 0.05)
        << type;  // floors are printed figures
    EXPECT_GE(100 * it->second.recall(), recall - 0.05) << type;
  }
}

}  // namespace
}  // namespace patchflow::check
