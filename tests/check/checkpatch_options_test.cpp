// checkpatch.pl's options for the built-in engine: .checkpatch.conf (read from the top of the
// work tree, not the current directory), the command line's --strict/--ignore/..., and
// `check --terse --show-types`, which prints what checkpatch.pl --terse --show-types prints.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

#include "check/sample_mail.hpp"
#include "patchflow/check/checkpatch.hpp"
#include "patchflow/core/text.hpp"
#include "support/corpus.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::check {
namespace {

TEST(CheckpatchOptionsTest, ConfLinesCommentsAndValuesAsCheckpatchReadsThem) {
  CheckpatchOptions options;
  apply_checkpatch_conf(
      "# comment\n--no-tree\n--ignore COMPLEX_MACRO\n--strict --ignore=usleep_range,minmax\n"
      "--min-conf-desc-length=2\n--max-line-length 80\n--u-boot  # extra checks\n",
      ".checkpatch.conf", options);
  EXPECT_TRUE(options.strict);
  EXPECT_TRUE(options.u_boot);
  EXPECT_TRUE(options.no_tree);
  EXPECT_EQ(options.min_conf_desc_length, 2);
  EXPECT_EQ(options.max_line_length, 80);
  EXPECT_TRUE(options.max_line_length_given);
  EXPECT_EQ(options.ignore,
            (std::set<std::string, std::less<>>{"COMPLEX_MACRO", "MINMAX", "USLEEP_RANGE"}));
}

TEST(CheckpatchOptionsTest, AnUnknownOptionIsNamedWithFileAndLine) {
  CheckpatchOptions options;
  try {
    apply_checkpatch_conf("--strict\n\n--no-such-option\n", "tree/.checkpatch.conf", options);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), ExitCode::usage);
    EXPECT_EQ(e.describe(),
              "tree/.checkpatch.conf:3: error: unknown checkpatch option '--no-such-option'");
  }
  EXPECT_THROW(apply_checkpatch_conf("--max-line-length=wide\n", "c", options), Error);
}

TEST(CheckpatchOptionsTest, IgnoreAndTypesFilterTheFindings) {
  const std::string mail = testing::sample_mail({.added = "int c; "});
  CheckpatchOptions options;
  const auto types = [&] {
    std::set<std::string> out;
    for (const auto& f : run_checkpatch(mail, options)) {
      out.insert(f.type);
    }
    return out;
  };
  ASSERT_EQ(types().count("TRAILING_WHITESPACE"), 1u);
  apply_checkpatch_args({"--ignore", "trailing_whitespace"}, {}, "", options);
  EXPECT_EQ(types().count("TRAILING_WHITESPACE"), 0u);
  CheckpatchOptions only;
  apply_checkpatch_args({"--types=SPDX_LICENSE_TAG"}, {}, "", only);
  for (const auto& f : run_checkpatch(mail, only)) {
    EXPECT_EQ(f.type, "SPDX_LICENSE_TAG");
  }
}

// The repository's .checkpatch.conf applies from a subdirectory, and a bad one is named.
TEST(CheckpatchOptionsTest, TheWorkTreesConfAppliesFromAnywhereInside) {
  testing::TempRepo r;
  r.commit("init", {{"README", "x\n"}});
  const std::string patch = r.path() + "/sub/0001.patch";
  std::filesystem::create_directories(r.path() + "/sub");
  text::write_file_atomically(patch, testing::sample_mail({.added = "int c; "}));
  const auto before =
      testing::run_patchflow({"check", "--terse", "--show-types", patch}, r.path() + "/sub");
  EXPECT_NE(before.out.find(":17: ERROR:TRAILING_WHITESPACE: trailing whitespace\n"),
            std::string::npos)
      << before.out << before.err;
  text::write_file_atomically(r.path() + "/.checkpatch.conf",
                              "# local\n--ignore TRAILING_WHITESPACE\n");
  const auto after =
      testing::run_patchflow({"check", "--terse", "--show-types", patch}, r.path() + "/sub");
  EXPECT_EQ(after.out.find("TRAILING_WHITESPACE"), std::string::npos) << after.out;
  text::write_file_atomically(r.path() + "/.checkpatch.conf", "--strict\n--typo\n");
  const auto bad = testing::run_patchflow({"check", patch}, r.path() + "/sub");
  EXPECT_EQ(bad.exit_code, 2) << bad.out;
  EXPECT_NE(bad.err.find(".checkpatch.conf:2: error: unknown checkpatch option '--typo'"),
            std::string::npos)
      << bad.err;
}

// The CLI prints, per patch file, what checkpatch.pl --terse --show-types printed (the corpus's
// recorded output), run --no-tree from a directory holding only patches/ as the corpus was.
TEST(CheckpatchOptionsTest, TerseShowTypesMatchesCheckpatchPlOnTheCorpus) {
  PATCHFLOW_NEED_CORPUS("uboot");
  const std::string corpus = testing::corpus_dir("uboot");
  testing::TempDir dir;
  std::filesystem::create_directory_symlink(corpus + "/patches", dir.path() + "/patches");
  std::vector<std::string> args = {"check", "--terse", "--show-types"};
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(corpus + "/patches")) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    args.push_back("patches/" + name);
  }
  const auto run = testing::run_patchflow(args, dir.path());
  ASSERT_EQ(run.err, "");
  std::map<std::string, std::string> ours;  // patch -> its lines and total line
  std::string block;
  for (const auto line : text::split_lines(run.out)) {
    block += std::string(line) + "\n";
    if (line.rfind("total: ", 0) == 0) {
      const auto colon = block.find(':');
      ours[block.substr(0, colon)] = block;
      block.clear();
    }
  }
  int identical = 0;
  for (const auto& name : names) {
    const std::string stem = name.substr(0, name.size() - 6);
    const std::string expected =
        text::read_file(corpus + "/expected/terse-notree/" + stem + ".txt");
    identical += ours["patches/" + name] == expected ? 1 : 0;
  }
  std::printf("terse identical through the CLI: %d of %zu\n", identical, names.size());
  EXPECT_GE(identical, 125);  // as the library's parity test measures for this corpus and mode
}

}  // namespace
}  // namespace patchflow::check
