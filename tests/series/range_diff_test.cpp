#include "patchflow/series/range_diff.hpp"

#include <gtest/gtest.h>

#include "patchflow/git/repository.hpp"
#include "patchflow/series/series.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::testing {
namespace {

// Runs a shell script in the repository (the git CLI builds what TempRepo cannot: modes,
// renames, binaries, notes); fixed identity and dates so both tools see the same commits.
void sh(const TempRepo& r, const std::string& script) {
  const ProcessResult result = run_process({"bash", "-ec", script}, r.path(),
                                           {{"GIT_CONFIG_NOSYSTEM", "1"},
                                            {"GIT_CONFIG_GLOBAL", "/dev/null"},
                                            {"GIT_AUTHOR_NAME", "Jeremy Fitzhardinge"},
                                            {"GIT_AUTHOR_EMAIL", "jeremy@goop.org"},
                                            {"GIT_COMMITTER_NAME", "Jeremy Fitzhardinge"},
                                            {"GIT_COMMITTER_EMAIL", "jeremy@goop.org"},
                                            {"GIT_AUTHOR_DATE", "1258624800 +0100"},
                                            {"GIT_COMMITTER_DATE", "1258624800 +0100"}});
  ASSERT_EQ(result.exit_code, 0) << result.err;
}

std::vector<git::Oid> commits_of(TempRepo& r, const std::string& range) {
  const auto dots = range.find("..");
  return git::commits_between(r.repo(), {git::resolve_commit(r.repo(), range.substr(0, dots))},
                              git::resolve_commit(r.repo(), range.substr(dots + 2)));
}

// patchflow's output and git range-diff's (the referee) for the same two ranges.
void expect_as_git(TempRepo& r, const std::string& old_range, const std::string& new_range,
                   int creation_factor = series::k_creation_factor) {
  const std::string expected =
      r.git({"range-diff", "--no-color", "--creation-factor=" + std::to_string(creation_factor),
             old_range, new_range});
  const series::RangeDiff ours =
      series::range_diff(r.repo(), commits_of(r, old_range), commits_of(r, new_range),
                         {.creation_factor = creation_factor});
  EXPECT_EQ(ours.text, expected);
}

// A v1 of five patches on a C file with functions, and a v2 that reorders two, retitles one,
// amends one, drops one and adds one.
void make_reroll(TempRepo& r) {
  sh(r, R"(
git init -q -b master .
printf 'int a(void)\n{\n\treturn 1;\n}\n\nint b(void)\n{\n\treturn 2;\n}\n' > f.c
printf 'one\ntwo\nthree\n' > notes.txt
git add . && git commit -qm 'initial'
git checkout -qb v1
sed -i 's/return 1;/return 10;/' f.c && git commit -qam 'f: a returns 10

The first change.'
sed -i 's/return 2;/return 20;/' f.c && git commit -qam 'f: b returns 20'
echo four >> notes.txt && git commit -qam 'notes: four'
printf '\nint c(void)\n{\n\treturn 3;\n}\n' >> f.c && git commit -qam 'f: add c'
echo five >> notes.txt && git commit -qam 'notes: five'
git checkout -qb v2 master
sed -i 's/return 2;/return 20;/' f.c && git commit -qam 'f: b returns 20'
sed -i 's/return 1;/return 10;/' f.c && git commit -qam 'f: a returns ten

The first change,	now with a tab.'
printf '\nint c(void)\n{\n\treturn 30;\n}\n' >> f.c && git commit -qam 'f: add c'
echo 'six' >> notes.txt && git commit -qam 'notes: six'
printf 'int d;\n' > d.c && git add d.c && git commit -qm 'd: new file'
)");
}

TEST(RangeDiffTest, RerollPairsAndPrintsAsGitRangeDiff) {
  TempRepo r;
  make_reroll(r);
  expect_as_git(r, "master..v1", "master..v2");
}

TEST(RangeDiffTest, CreationFactorChangesPairingAsInGit) {
  TempRepo r;
  make_reroll(r);
  for (const int factor : {0, 10, 200, series::k_creation_factor_same_series}) {
    SCOPED_TRACE(factor);
    expect_as_git(r, "master..v1", "master..v2", factor);
  }
}

TEST(RangeDiffTest, SidesSwappedAsGit) {
  TempRepo r;
  make_reroll(r);
  expect_as_git(r, "master..v2", "master..v1");
  expect_as_git(r, "master..v1", "master..v1");
}

TEST(RangeDiffTest, RenamesModesBinariesNotesAndDeletionsAsGit) {
  TempRepo r;
  sh(r, R"(
git init -q -b master .
for i in 1 2 3 4 5 6 7 8 9 10; do echo "line $i of a file long enough to be renamed"; done > old.txt
echo gone > gone.txt
printf 'x' > tool.sh
printf '\001\002\000bin' > blob.bin
git add . && git commit -qm initial
git checkout -qb v1
git mv old.txt new.txt && git commit -qm 'rename old to new'
chmod +x tool.sh && git commit -qam 'tool: executable'
printf '\001\003\000bin' > blob.bin && git commit -qam 'blob: update'
git rm -q gone.txt && git commit -qm 'drop gone'
git notes add -m 'a note on v1' HEAD
git checkout -qb v2 master
git mv old.txt new.txt && echo 'line 11' >> new.txt && git commit -qam 'rename old to new'
chmod +x tool.sh && echo y >> tool.sh && git commit -qam 'tool: executable'
printf '\001\004\000bin' > blob.bin && git commit -qam 'blob: update'
git rm -q gone.txt && git commit -qm 'drop gone'
git notes add -m 'a note on v2

with a second paragraph' HEAD
)");
  expect_as_git(r, "master..v1", "master..v2");
}

TEST(RangeDiffTest, AbbreviationFollowsCoreAbbrev) {
  TempRepo r;
  make_reroll(r);
  r.git({"config", "core.abbrev", "12"});
  expect_as_git(r, "master..v1", "master..v2");
}

// git counts the packed objects of alternates when it picks the abbreviation length: a clone
// sharing a pack of 20000 objects (fast-import writes them as one) abbreviates to 8 digits, not 7.
TEST(RangeDiffTest, AbbreviationCountsAlternatesObjects) {
  TempRepo origin;
  make_reroll(origin);
  std::string stream;
  for (int i = 0; i < 20000; ++i) {
    const std::string data = "blob " + std::to_string(i) + "\n";
    stream += "blob\ndata " + std::to_string(data.size()) + "\n" + data + "\n";
  }
  const ProcessResult imported =
      run_process({"git", "fast-import", "--quiet"}, origin.path(), {}, stream);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  TempDir dir;
  run_git({"clone", "-q", "--shared", "--no-checkout", origin.path(), dir.path() + "/clone"},
          dir.path());
  const std::string clone_path = dir.path() + "/clone";
  const std::string expected =
      run_git({"range-diff", "--no-color", "origin/master..origin/v1", "origin/master..origin/v2"},
              clone_path);
  git::Repository clone = git::open_repository(clone_path);
  auto commits = [&](const std::string& tip) {
    return git::commits_between(*clone, {git::resolve_commit(*clone, "origin/master")},
                                git::resolve_commit(*clone, tip));
  };
  const series::RangeDiff ours =
      series::range_diff(*clone, commits("origin/v1"), commits("origin/v2"));
  EXPECT_EQ(ours.text, expected);
  EXPECT_NE(expected.find(":  " + git::resolve_commit(*clone, "origin/v2").short_hex(8) + " "),
            std::string::npos)
      << expected;
}

TEST(RangeDiffTest, PairsCarryStatusNumbersAndInterdiffSize) {
  TempRepo r;
  make_reroll(r);
  const series::RangeDiff ours =
      series::range_diff(r.repo(), commits_of(r, "master..v1"), commits_of(r, "master..v2"));
  // The referee's header lines, in order: "old-number status new-number".
  std::vector<std::string> expected, got;
  const std::string text = r.git({"range-diff", "--no-color", "master..v1", "master..v2"});
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t end = text.find('\n', pos);
    const std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line[0] != ' ') {
      expected.push_back(line);
    }
  }
  for (const series::RangeDiffPair& pair : ours.pairs) {
    got.push_back(pair.header.substr(0, pair.header.size() - 1));
    if (pair.status == series::PairStatus::changed) {
      EXPECT_GT(pair.interdiff_lines, 0) << pair.header;
      EXPECT_TRUE(pair.message_changed || pair.diff_changed) << pair.header;
    }
  }
  EXPECT_EQ(got, expected);
}

TEST(RangeDiffTest, SentVersionIsOneSide) {
  TempRepo r;
  make_reroll(r);
  const git::Oid base = git::resolve_commit(r.repo(), "master");
  series::Range v1{.topic = "xen/core",
                   .base_commit = base,
                   .commits = commits_of(r, "master..v1"),
                   .tip = git::resolve_commit(r.repo(), "v1")};
  series::Options options;
  options.identity = {"Jeremy Fitzhardinge", "jeremy@goop.org"};
  const series::Series sent = series::build_series(r.repo(), v1, nullptr, options);
  stack::record_sent(r.repo(), "xen/core", series::to_sent_record(sent, 1258624800));

  const series::RangeDiffSides sides =
      series::resolve_range_diff_sides(r.repo(), nullptr, {"xen/core@v1", "master..v2"});
  EXPECT_EQ(sides.old_commits, commits_of(r, "master..v1"));
  EXPECT_EQ(series::range_diff(r.repo(), sides.old_commits, sides.new_commits).text,
            r.git({"range-diff", "--no-color", "master..v1", "master..v2"}));

  const Error missing = catch_error([&] {
    series::resolve_range_diff_sides(r.repo(), nullptr, {"xen/core@v2", "v2"});
  });
  EXPECT_EQ(missing.exit_code(), ExitCode::usage);
  EXPECT_STREQ(missing.what(), "'xen/core' has no recorded v2 in 'refs/patchflow/sent/xen/core'");
}

// series --range-diff: the cover letter carries git format-patch --range-diff's block.
TEST(RangeDiffTest, CoverLetterRangeDiffAsGitFormatPatch) {
  TempRepo r;
  make_reroll(r);
  const git::Oid base = git::resolve_commit(r.repo(), "master");
  series::Options options;
  options.identity = {"Jeremy Fitzhardinge", "jeremy@goop.org"};
  series::Range v1{.topic = "xen/core",
                   .base_commit = base,
                   .commits = commits_of(r, "master..v1"),
                   .tip = git::resolve_commit(r.repo(), "v1")};
  stack::record_sent(
      r.repo(), "xen/core",
      series::to_sent_record(series::build_series(r.repo(), v1, nullptr, options), 1258624800));
  series::Range v2 = v1;
  v2.commits = commits_of(r, "master..v2");
  v2.tip = git::resolve_commit(r.repo(), "v2");
  options.reroll = true;
  options.range_diff_against = -1;
  const series::Series second = series::build_series(r.repo(), v2, nullptr, options);
  const std::string& cover = second.messages.at(0).text;

  const std::string git_text = r.git({"format-patch", "--stdout", "--cover-letter", "-v2",
                                      "--range-diff=master..v1", "master..v2"});
  const auto start = git_text.find("Range-diff against v1:\n");
  ASSERT_NE(start, std::string::npos) << git_text;
  const std::string block = git_text.substr(start, git_text.find("-- \n", start) - start);
  const auto ours = cover.find("Range-diff against v1:\n");
  ASSERT_NE(ours, std::string::npos) << cover;
  EXPECT_EQ(cover.substr(ours, block.size()), block);
  // As in git's cover, the block follows the diffstat's blank line.
  EXPECT_EQ(cover.substr(ours - 2, 2), "\n\n");
  // The summary follows git's pairing above: 1 ! 2 differs in its message only, 4 ! 3 in two
  // lines of its diff, 3 and 5 are dropped.
  EXPECT_NE(cover.find("Changes since v1:\n- reworded, moved: f: a returns ten\n"
                       "- changed (2 lines): f: add c\n- added: notes: six\n"
                       "- added: d: new file\n- dropped: notes: four\n- dropped: notes: five\n"),
            std::string::npos)
      << cover;
}

TEST(RangeDiffTest, SymmetricAndBaseFormsAsGit) {
  TempRepo r;
  make_reroll(r);
  const std::string expected = r.git({"range-diff", "--no-color", "v1...v2"});
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"v1...v2"}, {"master", "v1", "v2"}, {"v1", "v2"}}) {
    const series::RangeDiffSides sides = series::resolve_range_diff_sides(r.repo(), nullptr, args);
    EXPECT_EQ(series::range_diff(r.repo(), sides.old_commits, sides.new_commits).text, expected)
        << args[0];
  }
  const Error e = catch_error([&] { series::resolve_range_diff_sides(r.repo(), nullptr, {"v1"}); });
  EXPECT_EQ(e.exit_code(), ExitCode::usage);
}

// Ties in the cost matrix are broken as git's Jonker-Volgenant code breaks them.
TEST(RangeDiffTest, AssignmentPicksTheCheapestPairing) {
  // 3x3, cost[column + 3 * row]: the optimum is column 0 -> row 1, 1 -> 2, 2 -> 0 (cost 3).
  const std::vector<int> cost = {5, 9, 1,   //
                                 1, 7, 8,   //
                                 9, 1, 6};  //
  EXPECT_EQ(series::assign_columns(3, cost), (std::vector<int>{1, 2, 0}));
  EXPECT_EQ(series::assign_columns(1, {4}), (std::vector<int>{0}));
}

}  // namespace
}  // namespace patchflow::testing
