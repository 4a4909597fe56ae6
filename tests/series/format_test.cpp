#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "patchflow/core/text.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/series/series.hpp"
#include "series/crafted_repo.hpp"
#include "support/process.hpp"

namespace patchflow::testing {
namespace {

series::Options quiet_options() {
  series::Options options;
  options.thread = false;  // Message-Id and threading are ours; git adds none by default
  options.identity = {"C Ommitter", "c@example.com"};
  options.now = k_crafted_time;
  options.now_offset_minutes = 60;
  return options;
}

std::vector<std::string> sorted_files(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(SeriesFormatTest, MatchesGitFormatPatchByteForByte) {
  CraftedRepo r;
  series::Options options = quiet_options();
  options.cover_letter = false;
  const auto range = stack::resolve_target(r.repo(), nullptr, "base..master");
  ASSERT_EQ(range.commits.size(), 10u);
  const std::string ours = series::to_mbox(series::build_series(r.repo(), range, nullptr, options));
  const std::string theirs = r.git({"format-patch", "--stdout", "base..master"});
  EXPECT_EQ(ours, theirs);
}

TEST(SeriesFormatTest, PatchFilesHaveGitsNamesAndBytesForVersionTwo) {
  CraftedRepo r;
  TempDir ours_dir, theirs_dir;
  series::Options options = quiet_options();
  options.version = 2;
  const auto range = stack::resolve_target(r.repo(), nullptr, "base..master");
  auto series = series::build_series(r.repo(), range, nullptr, options);
  series::write_patch_files(series, ours_dir.path());
  r.git({"format-patch", "-q", "-v2", "--cover-letter", "-o", theirs_dir.path(), "base..master"});
  const auto names = sorted_files(ours_dir.path());
  ASSERT_EQ(names, sorted_files(theirs_dir.path()));
  EXPECT_EQ(names[1], "v2-0001-no-body.patch");
  EXPECT_EQ(names[2], "v2-0002-add-binary-with-a-very-long-subject-line-that-goe.patch");
  // The cover letter's blurb is ours; every patch must be git's byte for byte.
  for (std::size_t i = 1; i < names.size(); ++i) {
    EXPECT_EQ(text::read_file(ours_dir.path() + "/" + names[i]),
              text::read_file(theirs_dir.path() + "/" + names[i]))
        << names[i];
  }
}

TEST(SeriesFormatTest, CoverLetterMatchesGitCoverLetterWithBase) {
  CraftedRepo r;
  const auto range = stack::resolve_target(r.repo(), nullptr, "base..master");
  const std::string ours =
      series::to_mbox(series::build_series(r.repo(), range, nullptr, quiet_options()));
  const std::string theirs =
      r.git({"format-patch", "--stdout", "--cover-letter", "--base=base", "base..master"});
  EXPECT_EQ(ours.substr(0, ours.find("\nFrom ")), theirs.substr(0, theirs.find("\nFrom ")));
  // --base also appends base-commit to nothing else when there is a cover letter.
  EXPECT_EQ(ours, theirs);
}

TEST(SeriesFormatTest, PrerequisitePatchIdsMatchGitBaseForDependentTopic) {
  CraftedRepo r;
  r.git({"branch", "dep", "base~0"});
  r.git({"branch", "-f", "dep", "master~9"});  // text-only: see README on binary patch-ids
  r.git({"branch", "top", "master"});
  config::StackConfig stack;
  stack.stack.components.push_back({.name = "linux", .mainline = "base"});
  stack.topics.push_back({.name = "dep", .component = "linux", .branch = "dep"});
  stack.topics.push_back(
      {.name = "top", .component = "linux", .branch = "top", .depends = {"dep"}});
  const auto range = stack::resolve_target(r.repo(), &stack, "top");
  EXPECT_EQ(range.base_commit, r.rev("base"));
  ASSERT_EQ(range.prerequisites.size(), 1u);
  EXPECT_EQ(range.commits.size(), 9u);
  const std::string ours = series::to_mbox(
      series::build_series(r.repo(), range, stack.find_topic("top"), quiet_options()));
  const std::string theirs =
      r.git({"format-patch", "--stdout", "--cover-letter", "--base=base", "dep..top"});
  EXPECT_NE(theirs.find("prerequisite-patch-id: "), std::string::npos);
  EXPECT_EQ(ours, theirs);
}

TEST(SeriesFormatTest, GitAmAppliesThreadedSeriesToBaseGivingTheSameTree) {
  CraftedRepo r;
  series::Options options = quiet_options();
  options.thread = true;
  options.cover_letter = false;  // git am takes a cover letter for an empty patch
  options.to = {"Xen Devel <xen-devel@lists.example.org>"};
  options.cc = {"Jöran Maintainer <m@example.org>"};
  const auto range = stack::resolve_target(r.repo(), nullptr, "base..master");
  TempDir work;
  const std::string mbox = work.write(
      "series.mbox", series::to_mbox(series::build_series(r.repo(), range, nullptr, options)));
  r.git({"worktree", "add", "-q", "--detach", work.path() + "/am", "base"});
  run_git({"am", "-q", "--keep-cr", mbox}, work.path() + "/am");
  EXPECT_EQ(run_git({"rev-parse", "HEAD^{tree}"}, work.path() + "/am"),
            r.git({"rev-parse", "master^{tree}"}));
  EXPECT_EQ(run_git({"log", "--format=%an|%s", "-1", "HEAD~8"}, work.path() + "/am"),
            "Jöhn Dœ|add binary with a very long subject line that goes on and on past the "
            "limit of seventy-eight columns\n");
}

TEST(SeriesFormatTest, ThreadsEveryPatchToTheCoverLetterWithRoutedRecipients) {
  CraftedRepo r;
  series::Options options = quiet_options();
  options.thread = true;
  options.to = {"list@example.org"};
  options.in_reply_to = "old-cover@example.com";
  options.recipients = [&](const git::Oid& commit) {
    series::Recipients routed;
    if (commit == r.rev("master")) {
      routed.cc = {"big@example.org"};
    }
    return routed;
  };
  const auto range = stack::resolve_target(r.repo(), nullptr, "master~2..master");
  const auto series = series::build_series(r.repo(), range, nullptr, options);
  ASSERT_EQ(series.messages.size(), 3u);
  const std::string cover_id = series.messages[0].message_id;
  EXPECT_EQ(cover_id, "patchflow-series-v1-0-" + cover_id.substr(22, 12) + "@example.com");
  const std::string& last = series.messages[2].text;
  const std::string expected_head = "From " + r.rev("master").hex() +
                                    " Mon Sep 17 00:00:00 2001\nMessage-Id: <" +
                                    series.messages[2].message_id + ">\nIn-Reply-To: <" + cover_id +
                                    ">\nReferences: <old-cover@example.com>\n\t<" + cover_id +
                                    ">\nFrom: C Ommitter <c@example.com>\n";
  EXPECT_EQ(last.substr(0, expected_head.size()), expected_head);
  EXPECT_NE(last.find("Subject: [PATCH 2/2] edit big\nTo: list@example.org\n"
                      "Cc: big@example.org\n\n"),
            std::string::npos);
  EXPECT_NE(series.messages[0].text.find("\nIn-Reply-To: <old-cover@example.com>\n"
                                         "References: <old-cover@example.com>\n"),
            std::string::npos);
  EXPECT_NE(series.messages[0].text.find("\nTo: list@example.org\nCc: big@example.org\n\n"),
            std::string::npos);
  EXPECT_EQ(series.messages[1].cc, std::vector<std::string>{});
}

// git::Abbreviator lists the loose objects itself and searches the packs apart: an id must grow
// past every other object sharing its prefix, packed or loose, in the repository or its
// alternate, as `git rev-parse --short` does. 4 hex digits over 1,500 objects: dozens collide.
TEST(SeriesFormatTest, AbbreviationGrowsPastPackedAndLooseObjectsAsGitDoes) {
  TempDir dir;
  const std::string base = dir.path() + "/base", clone = dir.path() + "/clone";
  run_git({"init", "-q", base}, dir.path());
  std::string import;
  for (int i = 0; i < 500; ++i) {
    const std::string data = "packed " + std::to_string(i) + "\n";
    import += "blob\ndata " + std::to_string(data.size()) + "\n" + data + "\n";
  }
  const ProcessResult imported =
      run_process({"git", "-C", base, "fast-import", "--quiet"}, dir.path(), {}, import);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  run_git({"clone", "-q", "--shared", base, clone}, dir.path());
  // Loose objects in the alternate and in the clone itself.
  const auto lines = [](const std::string& text) {
    std::vector<std::string> out;
    for (std::string_view line : text::split_lines(text)) {
      out.emplace_back(line);
    }
    return out;
  };
  for (const std::string& where : {base, clone}) {
    std::vector<std::string> hash{"hash-object", "-w"};
    for (int i = 0; i < 500; ++i) {
      hash.push_back(dir.path() + "/loose-" + std::to_string(i));
      std::ofstream(hash.back(), std::ios::binary) << where << " " << i;
    }
    run_git(hash, where);
  }
  // Every object the clone reads (its loose ones, the alternate's loose and packed ones), in a
  // tree, so that `git ls-tree --abbrev=4` abbreviates each as git does.
  std::vector<std::string> ids;
  std::string entries;
  const std::string all = run_git({"cat-file", "--batch-all-objects", "--batch-check"}, clone);
  for (const std::string& line : lines(all)) {
    ids.push_back(line.substr(0, 40));
    entries += "100644 blob " + ids.back() + "\t" + ids.back() + "\n";
  }
  ASSERT_EQ(ids.size(), 1500u);
  const ProcessResult tree = run_process({"git", "-C", clone, "mktree"}, dir.path(), {}, entries);
  ASSERT_EQ(tree.exit_code, 0) << tree.err;
  std::vector<std::string> theirs;
  for (const std::string& line :
       lines(run_git({"ls-tree", "--abbrev=4", std::string(text::trim(tree.out))}, clone))) {
    theirs.push_back(line.substr(12, line.find('\t') - 12));
  }
  ASSERT_EQ(theirs.size(), ids.size());
  git::Repository repo = git::open_repository(clone);
  const git::Abbreviator abbreviator(*repo);
  std::size_t longer = 0;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(abbreviator.abbreviate(git::Oid::from_hex(ids[i]), 4), theirs[i]) << ids[i];
    longer += theirs[i].size() > 4 ? 1 : 0;
  }
  EXPECT_GT(longer, 20u);  // the case under test happened (47 ids need 5 digits or more)
}

// A clone made with --shared keeps the objects in its alternate; git sizes the index lines'
// abbreviation by every pack it can read, alternates included, and honours core.abbrev. 40,000
// objects in one pack under a multi-pack-index: git counts them twice (the multi-pack-index,
// then the pack once read from), so 9 hex digits; 8 without the multi-pack-index, 7 if the
// alternate were not counted at all.
TEST(SeriesFormatTest, IndexAbbreviationCountsAlternatesAndMultiPackIndexAsGitDoes) {
  TempDir dir;
  const std::string big = dir.path() + "/big", clone = dir.path() + "/clone";
  run_git({"init", "-q", big}, dir.path());
  std::string import = "reset refs/heads/master\n";
  for (int i = 0; i < 40000; ++i) {
    const std::string data = "blob " + std::to_string(i) + "\n";
    import += "blob\ndata " + std::to_string(data.size()) + "\n" + data + "\n";
  }
  const std::string original = "1\n2\na\n\nb\n3\n4\nend\nend\n";
  import +=
      "commit refs/heads/master\ncommitter A U Thor <a@example.com> 1258621200 +0100\n"
      "data 5\ninit\nM 100644 inline f.txt\ndata " +
      std::to_string(original.size()) + "\n" + original + "\n";
  const ProcessResult imported =
      run_process({"git", "-C", big, "fast-import", "--quiet"}, dir.path(), {}, import);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  run_git({"multi-pack-index", "write"}, big);
  run_git({"clone", "-q", "--shared", big, clone}, dir.path());
  // An insertion git's indent heuristic places differently from a plain xdiff slide.
  const std::string edited = "1\n2\na\n\nb\na\n\nb\n3\n4\nend\nend\n";
  { std::ofstream(clone + "/f.txt", std::ios::binary) << edited; }
  run_git({"commit", "-q", "-a", "-m", "insert a block"}, clone);
  git::Repository repo = git::open_repository(clone);
  series::Options options = quiet_options();
  options.cover_letter = false;
  for (const std::string abbrev : {"", "12"}) {
    if (!abbrev.empty()) {
      run_git({"config", "core.abbrev", abbrev}, clone);
      repo = git::open_repository(clone);
    }
    const auto range = stack::resolve_target(*repo, nullptr, "master~1..master");
    const std::string ours = series::to_mbox(series::build_series(*repo, range, nullptr, options));
    const std::string theirs = run_git({"format-patch", "--stdout", "master~1..master"}, clone);
    EXPECT_EQ(ours, theirs) << "core.abbrev '" << abbrev << "'";
    const std::size_t index = ours.find("\nindex ");
    ASSERT_NE(index, std::string::npos);
    EXPECT_EQ(ours.find("..", index) - index - 7, abbrev.empty() ? 9u : 12u);
  }
}

TEST(SeriesFormatTest, CliWritesGitNamedFilesAndMbox) {
  CraftedRepo r;
  TempDir out;
  const ProcessResult result =
      run_patchflow({"--repo", r.path(), "series", "base..master~8", "-o", out.path(), "--mbox",
                     out.path() + "/all.mbox", "--no-cover-letter"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "0001-no-body.patch\n"
            "0002-add-binary-with-a-very-long-subject-line-that-goes-o.patch\n");
  // The mbox is the files joined as git format-patch --stdout joins them.
  EXPECT_EQ(
      text::read_file(out.path() + "/all.mbox"),
      text::read_file(out.path() + "/0001-no-body.patch") + "\n" +
          text::read_file(out.path() +
                          "/0002-add-binary-with-a-very-long-subject-line-that-goes-o.patch"));
}

}  // namespace
}  // namespace patchflow::testing
