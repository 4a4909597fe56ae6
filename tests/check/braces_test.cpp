// checkpatch.pl's BRACES rules in the built-in engine, one case each: braces around one
// statement, on every arm of an if-chain that needs none, on only some arms, and blank lines
// just inside braces. (Parity with checkpatch.pl on real patches: parity_test.cpp.)
#include <gtest/gtest.h>

#include "patchflow/check/checkpatch.hpp"

namespace patchflow::check {
namespace {

// A patch adding `code` (lines without the '+') at the top of drivers/xen/x.c.
std::string patch_adding(const std::vector<std::string>& code) {
  std::string text =
      "From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n"
      "From: A U Thor <author@example.com>\n"
      "Subject: [PATCH] xen: x\n"
      "\n"
      "Body.\n"
      "\n"
      "Signed-off-by: A U Thor <author@example.com>\n"
      "---\n"
      "diff --git a/drivers/xen/x.c b/drivers/xen/x.c\n"
      "--- a/drivers/xen/x.c\n"
      "+++ b/drivers/xen/x.c\n"
      "@@ -1,1 +1," +
      std::to_string(code.size() + 1) + " @@\n";
  for (const auto& line : code) {
    text += "+" + line + "\n";
  }
  return text + " int end;\n";
}

// "line: LEVEL message" of every BRACES finding (line: in drivers/xen/x.c).
std::vector<std::string> braces(const std::vector<std::string>& code, bool strict = false) {
  CheckpatchOptions options;
  options.strict = strict;
  std::vector<std::string> out;
  for (const auto& f : run_checkpatch(patch_adding(code), options)) {
    if (f.type == "BRACES") {
      out.push_back(std::to_string(f.line) + ": " + std::string(to_string(f.level)) + " " +
                    f.message);
    }
  }
  return out;
}

using V = std::vector<std::string>;

TEST(BracesTest, SingleStatementBlock) {
  EXPECT_EQ(braces({"void f(int a)", "{", "\tif (a) {", "\t\tg();", "\t}", "}"}),
            V{"3: warning braces {} are not necessary for single statement blocks"});
  // two statements, a multi-line condition, a nested if: the braces are wanted
  EXPECT_EQ(braces({"void f(int a)", "{", "\tif (a) {", "\t\tg();", "\t\th();", "\t}", "}"}), V{});
  EXPECT_EQ(braces({"void f(int a)", "{", "\tif (a &&", "\t    b) {", "\t\tg();", "\t}", "}"}),
            V{});
  EXPECT_EQ(braces({"void f(int a)", "{", "\twhile (a) {", "\t\tif (b)", "\t\t\tg();", "\t}", "}"}),
            V{});
  EXPECT_EQ(braces({"void f(int a)", "{", "\tfor (;;) {", "\t\tg();", "\t}", "}"}),
            V{"3: warning braces {} are not necessary for single statement blocks"});
  // without braces there is nothing to say
  EXPECT_EQ(braces({"void f(int a)", "{", "\tif (a)", "\t\tg();", "}"}), V{});
}

TEST(BracesTest, IfChainArms) {
  EXPECT_EQ(braces({"void f(int a)", "{", "\tif (a) {", "\t\tg();", "\t} else {", "\t\th();", "\t}",
                    "}"}),
            V{"3: warning braces {} are not necessary for any arm of this statement"});
  // one arm needs them: all arms keep them, no finding
  EXPECT_EQ(braces({"void f(int a)", "{", "\tif (a) {", "\t\tg();", "\t} else {", "\t\th();",
                    "\t\ti();", "\t}", "}"}),
            V{});
  // braces on the arm that needs them only: a CHECK (strict)
  const V mixed = {"void f(int a)", "{",        "\tif (a)", "\t\tg();", "\telse {",
                   "\t\th();",      "\t\ti();", "\t}",      "}"};
  EXPECT_EQ(braces(mixed), V{});
  EXPECT_EQ(braces(mixed, true),
            (V{"3: check braces {} should be used on all arms of this statement",
               "5: check Unbalanced braces around else statement"}));
}

TEST(BracesTest, BlankLinesInsideBraces) {
  EXPECT_EQ(braces({"void f(int a)", "{", "", "\tg();", "", "}"}, true),
            (V{"3: check Blank lines aren't necessary after an open brace '{'",
               "6: check Blank lines aren't necessary before a close brace '}'"}));
  // CHECK level: only under --strict (or in drivers/net/)
  EXPECT_EQ(braces({"void f(int a)", "{", "", "\tg();", "", "}"}), V{});
}

}  // namespace
}  // namespace patchflow::check
