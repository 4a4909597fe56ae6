// git::apply_diff against `git apply --check` as the referee: every case is a base tree and a
// patch; git decides whether the patch applies and, when it does, what tree results.
#include "patchflow/git/apply.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::git {
namespace {

using testing::run_git;
using testing::run_process;
using testing::TempDir;
using testing::TempRepo;

struct Spec {
  std::string content;
  std::uint32_t mode = 0100644;
};
using Files = std::map<std::string, Spec>;

// "line <from>\n" ... "line <to>\n"
std::string lines(int from, int to) {
  std::string out;
  for (int i = from; i <= to; ++i) {
    out += "line " + std::to_string(i) + "\n";
  }
  return out;
}

// Writes files as a tree (blobs, links and modes exactly as given), without a commit.
std::string make_tree(TempRepo& r, const Files& files) {
  git_index* raw = nullptr;
  check(git_index_new(&raw), "index");
  const Index index(raw);
  for (const auto& [path, spec] : files) {
    git_index_entry entry{};
    entry.mode = spec.mode;
    entry.path = path.c_str();
    check(
        git_blob_create_from_buffer(&entry.id, &r.repo(), spec.content.data(), spec.content.size()),
        "blob");
    check(git_index_add(index.get(), &entry), "add");
  }
  git_oid out;
  check(git_index_write_tree_to(&out, index.get(), &r.repo()), "tree");
  return Oid(out).hex();
}

struct Case {
  std::string name;
  Files from, to;                   // the patch is `git diff from to` ...
  std::string diff_options;         // ... with these options ("-M", "-C -C", "-U1")
  std::string second_from_to_diff;  // "" or "twice": append a second diff (to -> then)
  Files then;                       // the second diff's postimage
  std::string text;                 // or this hand-written patch instead
  Files target;                     // the tree the patch is applied to
  bool git_applies;                 // what git apply --check says (the test checks git agrees)
};

std::vector<std::string> split_options(const std::string& options) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < options.size()) {
    const std::size_t space = options.find(' ', start);
    const std::size_t end = space == std::string::npos ? options.size() : space;
    if (end > start) {
      out.push_back(options.substr(start, end - start));
    }
    start = end + 1;
  }
  return out;
}

std::string git_cli_diff(TempRepo& r, const Files& from, const Files& to,
                         const std::string& options) {
  std::vector<std::string> args{"diff", "--full-index", "--binary"};
  for (const std::string& o : split_options(options)) {
    args.push_back(o);
  }
  args.push_back(make_tree(r, from));
  args.push_back(make_tree(r, to));
  return run_git(args, r.path());
}

const std::map<std::string, std::string> k_git_env{{"GIT_CONFIG_NOSYSTEM", "1"},
                                                   {"GIT_CONFIG_GLOBAL", "/dev/null"}};

const std::string k_ten = lines(1, 10);
const std::string k_twenty = lines(1, 20);

std::vector<Case> cases() {
  std::vector<Case> c;
  // Plain modifications, offsets and fuzz.
  c.push_back({.name = "modify_on_its_own_base",
               .from = {{"f.c", {k_twenty}}},
               .to = {{"f.c", {lines(1, 9) + "changed\n" + lines(11, 20)}}},
               .target = {{"f.c", {k_twenty}}},
               .git_applies = true});
  c.push_back({.name = "hunk_moved_down_by_an_offset",
               .from = {{"f.c", {k_twenty}}},
               .to = {{"f.c", {lines(1, 9) + "changed\n" + lines(11, 20)}}},
               .target = {{"f.c", {"new 1\nnew 2\nnew 3\n" + k_twenty}}},
               .git_applies = true});
  c.push_back({.name = "hunk_moved_up_by_an_offset",
               .from = {{"f.c", {k_twenty}}},
               .to = {{"f.c", {lines(1, 14) + "changed\n" + lines(16, 20)}}},
               .target = {{"f.c", {lines(5, 20)}}},
               .git_applies = true});
  c.push_back({.name = "context_line_changed_needs_fuzz",
               .from = {{"f.c", {k_twenty}}},
               .to = {{"f.c", {lines(1, 9) + "changed\n" + lines(11, 20)}}},
               .target = {{"f.c", {lines(1, 7) + "edited 8\n" + lines(9, 20)}}},
               .git_applies = false});
  c.push_back({.name = "removed_line_differs",
               .from = {{"f.c", {k_twenty}}},
               .to = {{"f.c", {lines(1, 9) + lines(11, 20)}}},
               .target = {{"f.c", {lines(1, 9) + "line 10 \n" + lines(11, 20)}}},
               .git_applies = false});
  c.push_back({.name = "two_hunks_both_offset",
               .from = {{"f.c", {lines(1, 40)}}},
               .to = {{"f.c", {lines(1, 4) + "a\n" + lines(6, 34) + "b\n" + lines(36, 40)}}},
               .target = {{"f.c", {"x\n" + lines(1, 20) + "y\ny\n" + lines(21, 40)}}},
               .git_applies = true});
  c.push_back({.name = "ambiguous_context_takes_the_nearest_match",
               .from = {{"f.c", {"{\n}\n" + lines(1, 8) + "{\n}\n" + lines(9, 16) + "{\n}\n"}}},
               .to = {{"f.c", {"{\n}\n" + lines(1, 8) + "{\nbody\n}\n" + lines(9, 16) + "{\n}\n"}}},
               .diff_options = "-U1",
               .target = {{"f.c",
                           {"{\n}\n" + lines(1, 6) + "{\n}\n" + lines(1, 8) + "{\n}\n" +
                            lines(9, 16) + "{\n}\n"}}},
               .git_applies = true});
  // Hunks anchored at the end of the file (no trailing context) must match at its end.
  c.push_back({.name = "append_at_end_of_unchanged_file",
               .from = {{"f.c", {k_ten}}},
               .to = {{"f.c", {k_ten + "line 11\n"}}},
               .target = {{"f.c", {k_ten}}},
               .git_applies = true});
  c.push_back({.name = "append_at_end_but_the_file_grew_at_its_end",
               .from = {{"f.c", {k_ten}}},
               .to = {{"f.c", {k_ten + "line 11\n"}}},
               .target = {{"f.c", {k_ten + "mainline tail\n"}}},
               .git_applies = false});
  c.push_back({.name = "append_at_end_and_the_file_grew_at_its_start",
               .from = {{"f.c", {k_twenty}}},
               .to = {{"f.c", {k_twenty + "line 21\n"}}},
               .target = {{"f.c", {"head 1\nhead 2\n" + k_twenty}}},
               .git_applies = true});
  c.push_back({.name = "delete_last_lines_but_the_file_grew_at_its_end",
               .from = {{"f.c", {k_twenty}}},
               .to = {{"f.c", {lines(1, 18)}}},
               .target = {{"f.c", {k_twenty + "line 21\n"}}},
               .git_applies = false});
  // Hunks starting at line 1 must match at the start of the file.
  c.push_back({.name = "insert_at_start_of_unchanged_file",
               .from = {{"f.c", {k_twenty}}},
               .to = {{"f.c", {"first\n" + k_twenty}}},
               .target = {{"f.c", {k_twenty}}},
               .git_applies = true});
  c.push_back({.name = "insert_at_start_but_the_file_grew_at_its_start",
               .from = {{"f.c", {k_twenty}}},
               .to = {{"f.c", {"first\n" + k_twenty}}},
               .target = {{"f.c", {"mainline head\n" + k_twenty}}},
               .git_applies = false});
  c.push_back({.name = "insert_at_start_and_the_file_grew_at_its_end",
               .from = {{"f.c", {k_twenty}}},
               .to = {{"f.c", {"first\n" + k_twenty}}},
               .target = {{"f.c", {k_twenty + "tail\n"}}},
               .git_applies = true});
  // Missing newline at end of file.
  c.push_back({.name = "last_line_without_newline_changed",
               .from = {{"f.c", {k_ten + "last"}}},
               .to = {{"f.c", {k_ten + "last, changed"}}},
               .target = {{"f.c", {k_ten + "last"}}},
               .git_applies = true});
  c.push_back({.name = "last_line_without_newline_but_base_has_one",
               .from = {{"f.c", {k_ten + "last"}}},
               .to = {{"f.c", {k_ten + "last, changed"}}},
               .target = {{"f.c", {k_ten + "last\n"}}},
               .git_applies = false});
  // New files.
  c.push_back({.name = "new_file_that_does_not_exist",
               .from = {{"a.c", {k_ten}}},
               .to = {{"a.c", {k_ten}}, {"dir/new.c", {"int x;\n"}}},
               .target = {{"a.c", {k_ten}}},
               .git_applies = true});
  c.push_back({.name = "new_file_that_already_exists",
               .from = {{"a.c", {k_ten}}},
               .to = {{"a.c", {k_ten}}, {"new.c", {"int x;\n"}}},
               .target = {{"a.c", {k_ten}}, {"new.c", {"int y;\n"}}},
               .git_applies = false});
  c.push_back({.name = "new_file_that_already_exists_with_the_same_content",
               .from = {{"a.c", {k_ten}}},
               .to = {{"a.c", {k_ten}}, {"new.c", {"int x;\n"}}},
               .target = {{"a.c", {k_ten}}, {"new.c", {"int x;\n"}}},
               .git_applies = false});
  c.push_back({.name = "new_empty_file",
               .from = {{"a.c", {k_ten}}},
               .to = {{"a.c", {k_ten}}, {"empty", {""}}},
               .target = {{"a.c", {k_ten}}},
               .git_applies = true});
  c.push_back({.name = "new_executable_file",
               .from = {{"a.c", {k_ten}}},
               .to = {{"a.c", {k_ten}}, {"run.sh", {"#!/bin/sh\n", 0100755}}},
               .target = {{"a.c", {k_ten}}},
               .git_applies = true});
  c.push_back({.name = "new_symlink",
               .from = {{"a.c", {k_ten}}},
               .to = {{"a.c", {k_ten}}, {"link", {"a.c", 0120000}}},
               .target = {{"a.c", {k_ten}}},
               .git_applies = true});
  // Deleted files.
  c.push_back({.name = "delete_file_with_the_same_content",
               .from = {{"a.c", {k_ten}}, {"gone.c", {k_ten}}},
               .to = {{"a.c", {k_ten}}},
               .target = {{"a.c", {k_ten}}, {"gone.c", {k_ten}}},
               .git_applies = true});
  c.push_back({.name = "delete_file_whose_content_grew",
               .from = {{"a.c", {k_ten}}, {"gone.c", {k_ten}}},
               .to = {{"a.c", {k_ten}}},
               .target = {{"a.c", {k_ten}}, {"gone.c", {k_ten + "more\n"}}},
               .git_applies = false});
  c.push_back({.name = "delete_file_whose_content_changed",
               .from = {{"a.c", {k_ten}}, {"gone.c", {k_ten}}},
               .to = {{"a.c", {k_ten}}},
               .target = {{"a.c", {k_ten}}, {"gone.c", {lines(1, 4) + "x\n" + lines(6, 10)}}},
               .git_applies = false});
  c.push_back({.name = "delete_file_that_does_not_exist",
               .from = {{"a.c", {k_ten}}, {"gone.c", {k_ten}}},
               .to = {{"a.c", {k_ten}}},
               .target = {{"a.c", {k_ten}}},
               .git_applies = false});
  c.push_back({.name = "delete_empty_file",
               .from = {{"a.c", {k_ten}}, {"empty", {""}}},
               .to = {{"a.c", {k_ten}}},
               .target = {{"a.c", {k_ten}}, {"empty", {""}}},
               .git_applies = true});
  c.push_back({.name = "delete_empty_file_that_has_content",
               .from = {{"a.c", {k_ten}}, {"empty", {""}}},
               .to = {{"a.c", {k_ten}}},
               .target = {{"a.c", {k_ten}}, {"empty", {"now with content\n"}}},
               .git_applies = false});
  c.push_back({.name = "modify_file_that_does_not_exist",
               .from = {{"a.c", {k_ten}}},
               .to = {{"a.c", {lines(1, 5) + "x\n" + lines(7, 10)}}},
               .target = {{"b.c", {k_ten}}},
               .git_applies = false});
  // Renames and copies.
  c.push_back({.name = "pure_rename",
               .from = {{"old.c", {k_ten}}},
               .to = {{"new.c", {k_ten}}},
               .diff_options = "-M",
               .target = {{"old.c", {k_ten}}},
               .git_applies = true});
  c.push_back({.name = "rename_with_a_change",
               .from = {{"old.c", {k_twenty}}},
               .to = {{"new.c", {lines(1, 9) + "changed\n" + lines(11, 20)}}},
               .diff_options = "-M",
               .target = {{"old.c", {k_twenty}}},
               .git_applies = true});
  c.push_back({.name = "rename_onto_an_existing_path",
               .from = {{"old.c", {k_ten}}},
               .to = {{"new.c", {k_ten}}},
               .diff_options = "-M",
               .target = {{"old.c", {k_ten}}, {"new.c", {"in the way\n"}}},
               .git_applies = false});
  c.push_back({.name = "rename_of_a_missing_file",
               .from = {{"old.c", {k_ten}}},
               .to = {{"new.c", {k_ten}}},
               .diff_options = "-M",
               .target = {{"other.c", {k_ten}}},
               .git_applies = false});
  c.push_back({.name = "rename_whose_source_changed_under_the_hunk",
               .from = {{"old.c", {k_twenty}}},
               .to = {{"new.c", {lines(1, 9) + "changed\n" + lines(11, 20)}}},
               .diff_options = "-M",
               .target = {{"old.c", {lines(1, 9) + "mainline\n" + lines(11, 20)}}},
               .git_applies = false});
  c.push_back({.name = "swap_two_files_by_renames",
               .text = "diff --git a/a.c b/b.c\nsimilarity index 100%\nrename from a.c\n"
                       "rename to b.c\ndiff --git a/b.c b/a.c\nsimilarity index 100%\n"
                       "rename from b.c\nrename to a.c\n",
               .target = {{"a.c", {"int a;\n"}}, {"b.c", {"int b;\n"}}},
               .git_applies = true});
  c.push_back({.name = "copy_with_a_change",
               .from = {{"src.c", {k_twenty}}},
               .to = {{"src.c", {k_twenty}}, {"copy.c", {lines(1, 9) + "x\n" + lines(11, 20)}}},
               .diff_options = "-C -C",
               .target = {{"src.c", {k_twenty}}},
               .git_applies = true});
  c.push_back({.name = "copy_onto_an_existing_path",
               .from = {{"src.c", {k_twenty}}},
               .to = {{"src.c", {k_twenty}}, {"copy.c", {lines(1, 9) + "x\n" + lines(11, 20)}}},
               .diff_options = "-C -C",
               .target = {{"src.c", {k_twenty}}, {"copy.c", {"in the way\n"}}},
               .git_applies = false});
  // Modes.
  c.push_back({.name = "mode_change_only",
               .from = {{"run.sh", {"#!/bin/sh\n"}}},
               .to = {{"run.sh", {"#!/bin/sh\n", 0100755}}},
               .target = {{"run.sh", {"#!/bin/sh\n"}}},
               .git_applies = true});
  c.push_back({.name = "mode_change_already_made_on_the_base",
               .from = {{"run.sh", {"#!/bin/sh\n"}}},
               .to = {{"run.sh", {"#!/bin/sh\n", 0100755}}},
               .target = {{"run.sh", {"#!/bin/sh\n", 0100755}}},
               .git_applies = true});
  c.push_back({.name = "mode_change_with_a_content_change",
               .from = {{"run.sh", {"#!/bin/sh\necho a\n"}}},
               .to = {{"run.sh", {"#!/bin/sh\necho b\n", 0100755}}},
               .target = {{"run.sh", {"#!/bin/sh\necho a\n"}}},
               .git_applies = true});
  c.push_back({.name = "modify_a_file_that_is_a_symlink_on_the_base",
               .from = {{"f", {"line 1\n"}}},
               .to = {{"f", {"line 2\n"}}},
               .target = {{"f", {"line 1\n", 0120000}}},
               .git_applies = false});
  c.push_back({.name = "file_becomes_a_symlink",
               .from = {{"f", {"target\n"}}, {"target", {"t\n"}}},
               .to = {{"f", {"target", 0120000}}, {"target", {"t\n"}}},
               .target = {{"f", {"target\n"}}, {"target", {"t\n"}}},
               .git_applies = true});
  // Binary.
  c.push_back({.name = "binary_change_on_its_base",
               .from = {{"b.bin", {std::string("\0\1\2\3 one", 9)}}},
               .to = {{"b.bin", {std::string("\0\1\2\3 two", 9)}}},
               .target = {{"b.bin", {std::string("\0\1\2\3 one", 9)}}},
               .git_applies = true});
  c.push_back({.name = "binary_change_on_other_content",
               .from = {{"b.bin", {std::string("\0\1\2\3 one", 9)}}},
               .to = {{"b.bin", {std::string("\0\1\2\3 two", 9)}}},
               .target = {{"b.bin", {std::string("\0\1\2\3 six", 9)}}},
               .git_applies = false});
  // One file patched twice in one patch: the second applies to the first one's result.
  c.push_back({.name = "same_file_twice_in_sequence",
               .from = {{"f.c", {k_twenty}}},
               .to = {{"f.c", {lines(1, 4) + "first\n" + lines(6, 20)}}},
               .second_from_to_diff = "twice",
               .then = {{"f.c", {lines(1, 4) + "second\n" + lines(6, 20)}}},
               .target = {{"f.c", {k_twenty}}},
               .git_applies = true});
  c.push_back({.name = "same_file_twice_second_needs_the_base_not_the_result",
               .from = {{"f.c", {k_twenty}}},
               .to = {{"f.c", {lines(1, 4) + "first\n" + lines(6, 20)}}},
               .second_from_to_diff = "base",
               .then = {{"f.c", {lines(1, 4) + "second\n" + lines(6, 20)}}},
               .target = {{"f.c", {k_twenty}}},
               .git_applies = false});
  c.push_back({.name = "delete_then_modify_the_same_file",
               .from = {{"a.c", {k_ten}}, {"f.c", {k_ten}}},
               .to = {{"a.c", {k_ten}}},
               .second_from_to_diff = "other",
               .then = {{"a.c", {k_ten}}, {"f.c", {lines(1, 4) + "x\n" + lines(6, 10)}}},
               .target = {{"a.c", {k_ten}}, {"f.c", {k_ten}}},
               .git_applies = false});
  return c;
}

class ApplyParity : public ::testing::TestWithParam<Case> {};

TEST_P(ApplyParity, RefusesExactlyWhatGitApplyRefuses) {
  const Case& c = GetParam();
  TempRepo r;
  std::string text = c.text;
  if (text.empty()) {
    text = git_cli_diff(r, c.from, c.to, c.diff_options);
    if (c.second_from_to_diff == "twice") {
      text += git_cli_diff(r, c.to, c.then, c.diff_options);  // to -> then, after from -> to
    } else if (c.second_from_to_diff == "base") {
      text += git_cli_diff(r, c.from, c.then, c.diff_options);  // from -> then: wrong preimage
    } else if (c.second_from_to_diff == "other") {
      text += git_cli_diff(r, c.from, c.then, c.diff_options);  // the deleted file, modified
    }
  }
  ASSERT_FALSE(text.empty()) << "the case makes no patch";
  const std::string target = make_tree(r, c.target);
  run_git({"read-tree", "--reset", "-u", target}, r.path());
  TempDir outside;
  const std::string patch_file = outside.write("case.patch", text);

  const auto git_check = run_process({"git", "apply", "--check", patch_file}, r.path(), k_git_env);
  const bool git_applies = git_check.exit_code == 0;
  ASSERT_EQ(git_applies, c.git_applies)
      << "the case does not test what it says: git apply says " << git_check.err << "\n"
      << text;

  ApplyFailure failure;
  const std::optional<Oid> ours = apply_diff(r.repo(), Oid::from_hex(target), text, failure);
  EXPECT_EQ(ours.has_value(), git_applies)
      << "git apply --check: " << (git_applies ? "applies" : git_check.err)
      << "patchflow: " << (ours ? "applies" : failure.path + ": " + failure.message) << "\n"
      << text;
  if (ours && git_applies) {
    run_git({"apply", "--index", patch_file}, r.path());
    const std::string git_tree = run_git({"write-tree"}, r.path());
    EXPECT_EQ(ours->hex() + "\n", git_tree) << text;
  }
  if (!ours) {
    EXPECT_FALSE(failure.malformed) << failure.message;
    EXPECT_FALSE(failure.message.empty());
  }
}

INSTANTIATE_TEST_SUITE_P(GitApplyReferee, ApplyParity, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.name;
                         });

TEST(ApplyTest, MalformedDiffIsReportedAsSuch) {
  TempRepo r;
  ApplyFailure failure;
  const auto applied =
      apply_diff(r.repo(), empty_tree(r.repo()),
                 "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\n", failure);
  EXPECT_FALSE(applied);
  EXPECT_TRUE(failure.malformed);
}

}  // namespace
}  // namespace patchflow::git
