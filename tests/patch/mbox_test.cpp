#include "patchflow/patch/mbox.hpp"

#include <gtest/gtest.h>

namespace patchflow::patch {

constexpr const char* k_two_patches =
    "From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001\n"
    "From: Super Developer <super.developer@mycompany.com>\n"
    "Date: Thu, 19 Nov 2009 10:00:00 +0800\n"
    "Subject: [PATCH 1/2] xen/fooble: undulate the fooble to avoid\n"
    " deadlock\n"
    "\n"
    "This patch undulates the fooble.\n"
    "\n"
    "Signed-off-by: Super Developer <super.developer@mycompany.com>\n"
    "---\n"
    " drivers/xen/fooble.c | 2 +-\n"
    "\n"
    "diff --git a/drivers/xen/fooble.c b/drivers/xen/fooble.c\n"
    "index e2f1f15..b1c645d 100644\n"
    "--- a/drivers/xen/fooble.c\n"
    "+++ b/drivers/xen/fooble.c\n"
    "@@ -1 +1 @@\n"
    "-int a;\n"
    "+int b;\n"
    "-- \n"
    "2.39.5\n"
    "\n"
    "From 2222222222222222222222222222222222222222 Mon Sep 17 00:00:00 2001\n"
    "From: =?UTF-8?q?J=C3=BCrgen=20Gro=C3=9F?= <jgross@suse.com>\n"
    "Date: Fri, 20 Nov 2009 10:00:00 -0500\n"
    "Subject: [PATCH 2/2] xen/core: one liner\n"
    "\n"
    "---\n"
    "diff --git a/a.c b/a.c\n"
    "--- a/a.c\n"
    "+++ b/a.c\n"
    "@@ -1 +1 @@\n"
    "-x\n"
    "+y\n";

TEST(MboxTest, SplitsFormatPatchOutputIntoMails) {
  const std::vector<Mail> mails = parse_mbox(k_two_patches, "series.mbox");
  ASSERT_EQ(mails.size(), 2u);
  const Mail& first = mails[0];
  EXPECT_EQ(first.index, 1);
  EXPECT_EQ(first.envelope_commit, std::string(40, '1'));
  EXPECT_EQ(first.author.name, "Super Developer");
  EXPECT_EQ(first.author.email, "super.developer@mycompany.com");
  EXPECT_EQ(first.subject, "xen/fooble: undulate the fooble to avoid deadlock");
  EXPECT_EQ(first.message,
            "xen/fooble: undulate the fooble to avoid deadlock\n\n"
            "This patch undulates the fooble.\n\n"
            "Signed-off-by: Super Developer <super.developer@mycompany.com>\n");
  EXPECT_EQ(first.body_line, 7);
  EXPECT_EQ(first.diff_line, 13);
  EXPECT_EQ(first.diff.substr(0, 11), "diff --git ");
  EXPECT_EQ(first.diff.find("-- \n"), std::string::npos);
  ASSERT_TRUE(first.date.has_value());
  EXPECT_EQ(first.date->seconds, 1258596000);  // 02:00 UTC
  EXPECT_EQ(first.date->offset_minutes, 480);
}

TEST(MboxTest, DecodesEncodedWordsAndKeepsEmptyBodies) {
  const std::vector<Mail> mails = parse_mbox(k_two_patches, "series.mbox");
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_EQ(mails[1].author.name, "J\xc3\xbcrgen Gro\xc3\x9f");
  EXPECT_EQ(mails[1].message, "xen/core: one liner\n");
  EXPECT_EQ(mails[1].first_line, 23);
  EXPECT_EQ(mails[1].date->offset_minutes, -300);
}

TEST(MboxTest, BareDiffIsOneMailWithoutHeaders) {
  const std::vector<Mail> mails = parse_mbox("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n", "x.diff");
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_TRUE(mails[0].headers.empty());
  EXPECT_TRUE(mails[0].has_diff());
  EXPECT_EQ(mails[0].diff_line, 1);
}

TEST(MboxTest, LeadingBlankLinesAreNotAMail) {
  const std::string padded = std::string("\n\n\n") + k_two_patches;
  const std::vector<Mail> mails = parse_mbox(padded, "padded.mbox");
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_EQ(mails[0].first_line, 4);
  EXPECT_EQ(mails[1].subject, "xen/core: one liner");
}

TEST(MboxTest, CleanSubjectStripsBracketsAndReplies) {
  EXPECT_EQ(clean_subject("Re: [PATCH v3 04/11] xen/pci: add hook"), "xen/pci: add hook");
  EXPECT_EQ(clean_subject("[RFC][PATCH] x"), "x");
}

}  // namespace patchflow::patch
