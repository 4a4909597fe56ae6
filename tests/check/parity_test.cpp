// Parity of the built-in checkpatch engine with U-Boot's scripts/checkpatch.pl on the real
// corpora ../shared/corpus/uboot (150 patches, 2002-2026) and uboot-modern (400, 2019-2026), in
// both of checkpatch.pl's runs: `--no-tree` with its defaults, and from the top of the tree,
// where .checkpatch.conf (--strict --u-boot, ignores) and the tree's context apply. The tree's
// context is fed from the corpus's tree/ folder (what checkpatch.pl read from the tree).
//
// Measured over ALL of checkpatch.pl's findings (not only the TYPEs the engine has): a finding
// is keyed by (patch, file, line, TYPE), or (patch, patch line, TYPE) for message-level ones,
// counted with multiplicity. Also: the share of patches whose `--terse --show-types` output is
// byte-identical, and the share whose verdict (has an ERROR) agrees. The floors are what the
// engine reaches: they may only go up. PATCHFLOW_PARITY_VERBOSE=TYPE lists that TYPE's misses.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>

#include "patchflow/check/checkpatch.hpp"
#include "patchflow/core/check_ids.hpp"
#include "patchflow/core/json.hpp"
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

struct Figures {
  Tally all;
  int patches = 0;
  int terse_identical = 0;
  int verdict_agrees = 0;
  double terse_share() const { return patches == 0 ? 0.0 : double(terse_identical) / patches; }
  double verdict_share() const { return patches == 0 ? 0.0 : double(verdict_agrees) / patches; }
};

Key key_of(const std::string& patch, const std::string& file, int line, int patch_line,
           const std::string& type) {
  if (!file.empty()) {
    return {patch, file, line, type};
  }
  return {patch, "", patch_line, type};
}

std::string read_if_exists(const std::string& path) {
  return std::filesystem::exists(path) ? text::read_file(path) : std::string();
}

// The tree context checkpatch.pl had. Run with --no-tree from an empty directory it still reads
// spelling.txt and const_structs.checkpatch beside the script, but finds no repository: no
// CamelCase names from include/*.h and no commit to look up.
CheckpatchTree corpus_tree(const std::string& corpus, bool in_tree) {
  CheckpatchTree tree;
  load_checkpatch_tree(read_if_exists(corpus + "/tree/scripts/spelling.txt"),
                       read_if_exists(corpus + "/tree/scripts/const_structs.checkpatch"),
                       in_tree ? read_if_exists(corpus + "/tree/camelcase.txt") : "", tree);
  if (in_tree) {
    auto titles = std::make_shared<std::map<std::string, CheckpatchTree::Commit>>();
    const std::string tsv = read_if_exists(corpus + "/tree/commit-titles.tsv");
    for (const auto line : text::split_lines(tsv)) {
      const auto cols = text::split(line, '\t');
      if (cols.size() >= 3 && cols[0] != "id" && cols[1] != "-") {
        (*titles)[text::to_lower(cols[0])] = {cols[1], cols[2]};
      }
    }
    tree.find_commit = [titles](std::string_view id) -> std::optional<CheckpatchTree::Commit> {
      const auto it = titles->find(text::to_lower(id));
      if (it == titles->end()) {
        return std::nullopt;
      }
      return it->second;
    };
  }
  return tree;
}

Figures measure(const std::string& corpus_name, bool in_tree) {
  const std::string corpus = testing::corpus_dir(corpus_name);
  const std::string variant = in_tree ? "checkpatch" : "checkpatch-notree";
  const std::string terse_dir = corpus + (in_tree ? "/expected/terse/" : "/expected/terse-notree/");
  const CheckpatchTree tree = corpus_tree(corpus, in_tree);
  CheckpatchOptions options;
  if (in_tree) {
    apply_checkpatch_conf(text::read_file(corpus + "/tree/.checkpatch.conf"),
                          corpus + "/tree/.checkpatch.conf", options);
  }
  options.tree = &tree;

  std::map<Key, int> expected;
  std::map<Key, int> actual;
  Figures figures;
  const std::string jsonl = text::read_file(corpus + "/expected/" + variant + ".jsonl");
  for (const auto record : text::split_lines(jsonl)) {
    if (text::trim(record).empty()) {
      continue;
    }
    const auto json = patchflow::parse_json(record);
    const std::string patch = json["patch"];
    bool expected_error = false;
    for (const auto& f : json["findings"]) {
      const std::string file = f["file"].is_null() ? "" : f["file"].get<std::string>();
      const int line = f["line"].is_null() ? 0 : f["line"].get<int>();
      const int patch_line = f["patch_line"].is_null() ? 0 : f["patch_line"].get<int>();
      ++expected[key_of(patch, file, line, patch_line, f["type"])];
      expected_error = expected_error || f["level"] == "ERROR";
    }
    const std::string text = text::read_file(corpus + "/" + patch);
    const CheckpatchRun run = run_checkpatch_full(text, options);
    bool actual_error = false;
    for (const auto& f : run.findings) {
      ++actual[key_of(patch, f.file, f.line, f.patch_line, f.type)];
      // the one TYPE list (core/check_ids) must hold what the engine reports: a policy's
      // severities: may name it, --list-checks shows it
      EXPECT_TRUE(std::binary_search(checkpatch_types().begin(), checkpatch_types().end(), f.type))
          << f.type << " is reported but not in checkpatch_types()";
      EXPECT_TRUE(is_check_id(f.type)) << f.type << " is reported but a policy may not name it";
      actual_error = actual_error || f.level == Severity::error;
    }
    const std::string stem = std::filesystem::path(patch).stem().string();
    ++figures.patches;
    const std::string terse = format_checkpatch_terse(patch, run);
    figures.terse_identical += terse == read_if_exists(terse_dir + stem + ".txt") ? 1 : 0;
    if (const char* dump = std::getenv("PATCHFLOW_PARITY_DUMP"); dump != nullptr) {
      // PATCHFLOW_PARITY_DUMP=DIR writes our terse output per patch, to diff by hand
      const std::string dir = std::string(dump) + "/" + corpus_name + "/" +
                              terse_dir.substr(terse_dir.rfind("/", terse_dir.size() - 2) + 1);
      std::filesystem::create_directories(dir);
      text::write_file_atomically(dir + stem + ".txt", terse);
    }
    figures.verdict_agrees += expected_error == actual_error ? 1 : 0;
  }

  std::map<std::string, Tally> tallies;
  const char* verbose = std::getenv("PATCHFLOW_PARITY_VERBOSE");
  const auto show = [&](const char* what, const Key& k) {
    if (verbose != nullptr && std::get<3>(k) == verbose) {
      std::printf("%s %s %s:%d\n", what, std::get<0>(k).c_str(), std::get<1>(k).c_str(),
                  std::get<2>(k));
    }
  };
  for (const auto& [k, n] : expected) {
    const auto it = actual.find(k);
    const int hit = std::min(n, it == actual.end() ? 0 : it->second);
    auto& t = tallies[std::get<3>(k)];
    t.true_positive += hit;
    t.false_negative += n - hit;
    if (n > hit) {
      show("missed", k);
    }
  }
  for (const auto& [k, n] : actual) {
    const auto it = expected.find(k);
    const int hit = std::min(n, it == expected.end() ? 0 : it->second);
    tallies[std::get<3>(k)].false_positive += n - hit;
    if (n > hit) {
      show("extra ", k);
    }
  }
  std::printf("%s, %s: TYPE, expected, found, extra\n", corpus_name.c_str(),
              in_tree ? "from the tree (.checkpatch.conf)" : "--no-tree");
  for (const auto& [type, t] : tallies) {
    std::printf("  %-34s %5d %5d %5d\n", type.c_str(), t.true_positive + t.false_negative,
                t.true_positive, t.false_positive);
    figures.all.true_positive += t.true_positive;
    figures.all.false_positive += t.false_positive;
    figures.all.false_negative += t.false_negative;
  }
  std::printf(
      "%s %s: %d patches; over all %d findings: recall %.3f precision %.3f; terse identical "
      "%.3f; verdict agrees %.3f\n",
      corpus_name.c_str(), in_tree ? "tree" : "notree", figures.patches,
      figures.all.true_positive + figures.all.false_negative, figures.all.recall(),
      figures.all.precision(), figures.terse_share(), figures.verdict_share());
  return figures;
}

void expect_floors(const Figures& f, double recall, double precision, double terse,
                   double verdict) {
  EXPECT_GT(f.patches, 0) << "an empty corpus measures nothing";
  EXPECT_GT(f.all.true_positive + f.all.false_negative, 0) << "no expected findings read";
  constexpr double k_printed = 0.0005;  // the floors are the printed, rounded figures
  EXPECT_GE(f.all.recall(), recall - k_printed);
  EXPECT_GE(f.all.precision(), precision - k_printed);
  EXPECT_GE(f.terse_share(), terse - k_printed);
  EXPECT_GE(f.verdict_share(), verdict - k_printed);
}

TEST(CheckpatchParityTest, UbootNoTree) {
  PATCHFLOW_NEED_CORPUS("uboot");
  expect_floors(measure("uboot", false), 0.995, 0.998, 0.933, 1.000);
}

TEST(CheckpatchParityTest, UbootFromTheTree) {
  PATCHFLOW_NEED_CORPUS("uboot");
  expect_floors(measure("uboot", true), 0.997, 0.998, 0.920, 1.000);
}

TEST(CheckpatchParityTest, ModernNoTree) {
  PATCHFLOW_NEED_CORPUS("uboot-modern");
  expect_floors(measure("uboot-modern", false), 1.000, 0.996, 0.990, 0.998);
}

TEST(CheckpatchParityTest, ModernFromTheTree) {
  PATCHFLOW_NEED_CORPUS("uboot-modern");
  expect_floors(measure("uboot-modern", true), 1.000, 0.996, 0.988, 1.000);
}

}  // namespace
}  // namespace patchflow::check
